/* The view in the URL hash: what is written, and how a hash from anyone is read back. */
  /* ---------- view state in the URL ---------- */
  /* The multi-choice filters, by their URL key: only a narrowed choice is written (all is the default). */
  Report.prototype.stateSets = function () {
    return [["types", this.typesPresent, this.state.types], ["quads", this.S.quads, this.state.quads],
            ["statuses", this.S.statuses, this.state.statuses], ["kinds", this.S.kinds, this.state.kinds]];
  };

  /* The hash is untrusted (anyone can send a link): each value is checked against what this report
     holds, anything else is ignored, and nothing from it is put into the page but as a form value.
     Returns the selection to apply once the views exist. */
  Report.prototype.restoreState = function (text) {
    var s = this.state, self = this, p;
    try { p = new URLSearchParams(text); } catch (e) { return null; }
    var get = function (k) { return p.has(k) ? p.get(k) : null; };
    ["from", "to"].forEach(function (k) { var v = get(k); if (v === "") s[k] = null; else if (v !== null && isDay(v)) s[k] = v; });
    if (s.from && s.to && s.from > s.to) { var t = s.from; s.from = s.to; s.to = t; }
    this.stateSets().forEach(function (entry) {
      var raw = get(entry[0]), values = entry[1], chosen = entry[2];
      if (raw === null) return;
      var want = raw ? raw.split(",").filter(function (v) { return values.indexOf(v) >= 0; }) : [];
      if (raw && !want.length) return;  /* nothing recognisable: keep the default rather than hide everything */
      values.forEach(function (v) { chosen[v] = want.indexOf(v) >= 0; });
    });
    var country = get("country"); if (country !== null && (country === "" || this.countries.indexOf(country) >= 0)) s.country = country;
    var scope = get("scope"); if (scope === "political" || scope === "all") s.political = scope === "political";
    var conf = get("conf"); if (conf && CONFIDENCE_STEPS.indexOf(+conf) >= 0) s.minConfidence = +conf;
    var coarse = get("coarse"); if (coarse === "0" || coarse === "1") s.coarse = coarse === "1";
    var lanes = get("lanes"); if (lanes === "actor" || lanes === "type") s.lanes = lanes;
    var top = get("top"); if (top && /^\d+$/.test(top) && NET_TOPS.indexOf(+top) >= 0) s.top = +top;
    var small = get("small"); if (small === "0" || small === "1") s.fragments = small === "1";
    var ev = get("event"), actor = get("actor");
    if (ev !== null && hasOwn(this.eventsById, ev)) return { kind: "event", id: ev };
    if (actor !== null && hasOwn(this.actors, actor) && self.byActor[actor]) return { kind: "actor", id: actor };
    return null;
  };

  /* The view as a hash: what differs from the opening view, and the selected event or actor. */
  Report.prototype.stateText = function () {
    var s = this.state, d = this.defaults, out = [];
    var put = function (k, v) { out.push(k + "=" + encodeURIComponent(v).replace(/%2C/g, ",")); };
    if (s.from !== d.from) put("from", s.from || "");
    if (s.to !== d.to) put("to", s.to || "");
    this.stateSets().forEach(function (entry) {
      var on = entry[1].filter(function (v) { return entry[2][v]; });
      if (on.length < entry[1].length) put(entry[0], on.join(","));
    });
    if (s.country !== d.country) put("country", s.country);
    if (s.political !== d.political) put("scope", s.political ? "political" : "all");
    if (s.minConfidence !== d.minConfidence) put("conf", String(s.minConfidence));
    if (s.coarse !== d.coarse) put("coarse", s.coarse ? "1" : "0");
    if (s.lanes !== d.lanes) put("lanes", s.lanes);
    if (s.top !== d.top) put("top", String(s.top));
    if (s.fragments !== d.fragments) put("small", s.fragments ? "1" : "0");
    if (s.selected && (s.selected.kind === "event" || s.selected.kind === "actor")) put(s.selected.kind, s.selected.id);
    return out.join("&");
  };

  /* A view link opened or pasted into this page's address bar changes only the hash (the page's own
     writes use replaceState, which fires no hashchange): reload, so that the view is read as on opening. */
  Report.prototype.followHash = function () {
    if (this.pageLevel) window.addEventListener("hashchange", function () { location.reload(); });
  };

  Report.prototype.saveHash = function () {
    if (!this.pageLevel) return;
    var self = this, before = location.hash;
    clearTimeout(this.hashTimer);
    this.hashTimer = setTimeout(function () {
      if (location.hash !== before) return;  /* someone typed or pasted a hash meanwhile: keep theirs */
      var text = self.stateText(), url = location.href.split("#")[0] + (text ? "#" + text : "");
      if (url === location.href) return;
      try { history.replaceState(history.state, "", url); } catch (e) { /* a document whose URL cannot be rewritten keeps its view unsaved */ }
    }, HASH_DELAY);
  };
