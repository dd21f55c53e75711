/* Export this view: CSV, PNG and standalone HTML, made in the page. */
  /* ---------- export this view ---------- */
  /* All built here from what the page holds, saved through an object URL: nothing leaves the page. */
  Report.prototype.exportButtons = function () {
    var self = this, box = el("span", "tlr-export");
    box.setAttribute("role", "group"); box.setAttribute("aria-label", "Export this view");
    box.appendChild(el("span", "tlr-label", "Export"));
    var add = function (cls, text, title, run) {
      var b = el("button", cls, text); b.type = "button"; b.title = title;
      b.addEventListener("click", run);
      box.appendChild(b);
    };
    add("tlr-export-csv", "CSV", "The events in the window and filters, one row each", function () { self.exportCsv(); });
    if (this.has("network")) add("tlr-export-png", "PNG", "The network as drawn now", function () { self.exportPng(); });
    if (this.pageLevel) add("tlr-export-html", "HTML", "This page, opening on this view", function () { self.exportHtml(); });
    return box;
  };

  function download(name, blob) {
    var url = URL.createObjectURL(blob), a = el("a");
    a.href = url; a.download = name; a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, DOWNLOAD_KEEP);
  }
  /* Quoted, and a leading = + - @ tab or CR defused with a quote mark so that no cell runs as a formula. */
  function csvCell(v) {
    var s = v === null || v === undefined ? "" : String(v);
    if (CSV_FORMULA.test(s)) s = "'" + s;
    return '"' + s.replace(/"/g, '""') + '"';
  }

  Report.prototype.exportCsv = function () {
    var self = this, names = function (ids) { return ids.map(function (a) { return self.name(a); }).join("; "); };
    var rows = [["id", "start", "end", "when", "type", "quad_class", "status", "confidence", "source", "target", "location",
                 "trigger", "sentence", "article", "url"]];
    this.visibleEvents().forEach(function (ev) {  /* in date order */
      var m = ev.mentions[0] || {}, art = self.data.articles[m.article] || {};
      rows.push([ev.id, ev._start || "", ev._end || "", ev._words, typeLabel(ev), quadOf(ev), ev.status, ev.confidence.toFixed(2),
                 names(ev.source), names(ev.target), ev.location ? self.name(ev.location) : "", ev.trigger, m.sentence || "",
                 art.title || m.article || "", safeHref(art.url) || ""]);
    });
    var text = CSV_BOM + rows.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
    download("events.csv", new Blob([text], { type: "text/csv;charset=utf-8" }));
  };

  /* The network canvas on white (vis draws on a transparent one). */
  Report.prototype.exportPng = function () {
    var canvas = this.networkEl.querySelector("canvas");
    if (!canvas) return;
    var out = document.createElement("canvas");
    out.width = canvas.width; out.height = canvas.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    out.toBlob(function (blob) { if (blob) download("network.png", blob); }, "image/png");
  };

  /* The page as it was delivered (its scripts, CSP and data unchanged, the views the app built
     removed) with this view in data-state, where the report reads it when the URL has no hash. */
  Report.prototype.exportHtml = function () {
    var copy = document.documentElement.cloneNode(true), body = copy.querySelector("body");
    [].slice.call(body.children).forEach(function (c) {
      if (!(c.classList.contains("tlr") || c.tagName === "SCRIPT")) c.remove();
    });
    var root = body.querySelector(".tlr");
    [].slice.call(root.children).forEach(function (c) { if (!c.classList.contains("tlr-data")) c.remove(); });
    ["data-ready", "role", "aria-label"].forEach(function (a) { root.removeAttribute(a); });
    var state = this.stateText();
    if (state) root.setAttribute("data-state", state); else root.removeAttribute("data-state");
    download("report-view.html", new Blob(["<!DOCTYPE html>\n" + copy.outerHTML], { type: "text/html;charset=utf-8" }));
  };
