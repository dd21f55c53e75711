/* The side panel (overview, event, actor, link, period), keyboard moves in it, and search. */
  /* ---------- selection and side panel ---------- */
  Report.prototype.clearPanel = function () {
    var self = this;
    this.panel.textContent = "";
    this.panel.scrollTop = 0;
    this.saveHash();
    if (this.state.selected) {
      var back = el("button", "tlr-back", "← All events"); back.type = "button";
      back.addEventListener("click", function () { self.clearSelection(); self.focusPanel(".tlr-event-row .tlr-link"); });
      this.panel.appendChild(back);
    }
  };

  Report.prototype.clearSelection = function () {
    this.overview();
    if (this.network) this.network.unselectAll();
    if (this.timeline) this.timeline.setSelection([]);
  };

  /* A keyboard choice rebuilds the panel under the focus; put the focus back inside the panel. */
  Report.prototype.focusPanel = function (selector) {
    var target = this.panel.querySelector(selector);
    if (target) target.focus();
  };
  Report.prototype.actorChip = function (id) {
    var self = this, a = this.actors[id], chip = el("button", "tlr-chip", this.name(id));
    chip.type = "button";
    if (a) chip.style.borderColor = self.S.kind_colors[a.kind];
    chip.addEventListener("click", function () { self.selectActor(id, "panel"); });
    return chip;
  };

  Report.prototype.eventRow = function (ev) {
    var self = this, row = el("li", "tlr-event-row tlr-s-" + ev.status);
    row.setAttribute("data-event", ev.id);
    var btn = el("button", "tlr-link"); btn.type = "button";
    btn.appendChild(el("span", "tlr-date", ev._words));
    var badge = el("span", "tlr-badge", typeLabel(ev)); badge.style.background = self.S.quad_colors[quadOf(ev)];
    btn.appendChild(badge);
    btn.appendChild(document.createTextNode(" " + this.summary(ev) + (ev.status !== "asserted" ? " [" + ev.status + "]" : "")));
    btn.addEventListener("click", function () { self.selectEvent(ev.id, "panel"); });
    row.appendChild(btn);
    return row;
  };

  /* "Joe Biden pledged → Ukraine (in Kyiv)": who did what to whom, readable without the sentence. */
  Report.prototype.summary = function (ev) {
    var self = this, names = function (ids) { return ids.map(function (a) { return self.name(a); }).join(", "); };
    var out = (ev.source.length ? names(ev.source) + " " : "") + ev.trigger + (ev.target.length ? " → " + names(ev.target) : "");
    if (ev.location && ev.target.indexOf(ev.location) < 0) out += " (in " + this.name(ev.location) + ")";
    return out;
  };

  /* The panel before anything is selected: the window's story in date order, day-dated events first
     and the ones dated only to a month or coarser after them. */
  Report.prototype.overview = function () {
    var self = this;
    this.state.selected = null;
    this.clearPanel();
    this.panel.appendChild(el("p", "tlr-hint", "Click an event on the timeline or an actor in the network to see who did what, when, and the sentence that says so."));
    var evs = this.visibleEvents();  /* in date order */
    var fine = evs.filter(function (e) { return !e._coarse; }), coarse = evs.filter(function (e) { return e._coarse; });
    var section = function (title, list, cls) {
      self.panel.appendChild(el("h3", "tlr-sub", list.length > SIDE_LIST ? "First " + SIDE_LIST + " of " + list.length + " " + title : title.charAt(0).toUpperCase() + title.slice(1) + " (" + list.length + ")"));
      var ul = el("ul", "tlr-events " + cls);
      ul.setAttribute("role", "list");
      list.slice(0, SIDE_LIST).forEach(function (e) { ul.appendChild(self.eventRow(e)); });
      self.panel.appendChild(ul);
    };
    section("events in date order", fine, "tlr-events-fine");
    if (coarse.length) section("events dated only to a week, month, season or year", coarse, "tlr-events-coarse");
  };

  Report.prototype.sentence = function (m) {
    var p = el("blockquote", "tlr-sentence"), s = m.sentence, cuts = [0, s.length];
    var trig = m.trigger && m.trigger.length === 2 ? m.trigger : null;
    if (trig) cuts.push(trig[0], trig[1]);
    (m.marks || []).forEach(function (mk) { cuts.push(mk[0], mk[1]); });
    cuts = uniq(cuts.filter(function (c) { return c >= 0 && c <= s.length; }).map(Number)).sort(function (a, b) { return a - b; });
    var self = this;
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1], text = s.slice(a, b);
      if (!text) continue;
      var isTrig = trig && a >= trig[0] && b <= trig[1];
      var mark = (m.marks || []).filter(function (mk) { return a >= mk[0] && b <= mk[1]; })[0];
      if (!isTrig && !mark) { p.appendChild(document.createTextNode(text)); continue; }
      var span = el(isTrig ? "strong" : "span", (isTrig ? "tlr-trigger" : "") + (mark ? " tlr-mark" : ""), text);
      if (mark) {
        var a2 = this.actors[mark[2]];
        span.title = this.name(mark[2]);
        if (a2) span.style.borderBottomColor = self.S.kind_colors[a2.kind];
        (function (id) { span.addEventListener("click", function () { self.selectActor(id, "panel"); }); })(mark[2]);
      }
      p.appendChild(span);
    }
    return p;
  };

  Report.prototype.articleMeta = function (articleId) {
    var art = this.data.articles[articleId] || { id: articleId }, box = el("div", "tlr-article");
    var href = safeHref(art.url), title = art.title || art.id;
    if (href) {
      var link = el("a", "tlr-article-title", title);
      link.href = href; link.target = "_blank"; link.rel = "noopener noreferrer";
      box.appendChild(link);
    } else box.appendChild(el("span", "tlr-article-title", title));
    box.appendChild(el("span", "tlr-article-meta", [art.source, art.published].filter(Boolean).join(" · ")));
    return box;
  };

  /* The panel emptied for one selected event or actor; returns its heading, to be filled and added. */
  Report.prototype.openPanel = function (kind, id) {
    this.state.selected = { kind: kind, id: id };
    this.clearPanel();
    return el("h2", "tlr-panel-title");
  };

  /* A definition list of facts: `add` skips an empty value and takes text or a node. */
  function factList() {
    var list = el("dl", "tlr-facts");
    var add = function (k, v) {
      if (v === null || v === undefined || v === "") return;
      list.appendChild(el("dt", null, k));
      var dd = el("dd");
      if (v instanceof Node) dd.appendChild(v); else dd.textContent = v;
      list.appendChild(dd);
    };
    return { list: list, add: add };
  }

  Report.prototype.selectEvent = function (id, from) {
    var self = this, ev = this.eventsById[id];
    if (!ev) return;
    var h = this.openPanel("event", id), p = this.panel;
    var badge = el("span", "tlr-badge", typeLabel(ev)); badge.style.background = self.S.quad_colors[quadOf(ev)];
    h.appendChild(badge);
    if (ev.mode && ev.mode !== ev.trigger && ev.mode !== ev.lemma) h.appendChild(el("span", "tlr-mode", ev.mode));
    p.appendChild(h);
    p.appendChild(el("p", "tlr-summary", this.summary(ev)));
    var facts = factList(), add = facts.add;
    add("When", ev._words + (ev._coarse && ev.date.grain !== "range" ? " (" + ev._start + " – " + ev._end + ")" : "") + (ev.date.basis === "publication" ? " · from publication date" : ""));
    add("Status", ev.status);
    add("Confidence", ev.confidence.toFixed(2) + " (how sure the coder is, 0–1)");
    var chips = function (ids) { var f = el("span"); ids.forEach(function (a) { f.appendChild(self.actorChip(a)); }); return f; };
    if (ev.source.length) add("Who", chips(ev.source));
    if (ev.target.length) add("To whom", chips(ev.target));
    if (ev.location) add("Where", chips([ev.location]));
    add("Class", self.S.quad_labels[quadOf(ev)]);
    p.appendChild(facts.list);
    ev.mentions.forEach(function (m, i) {
      if (i === 1) p.appendChild(el("h3", "tlr-sub", "Also reported (" + (ev.mentions.length - 1) + ")"));
      var box = el("div", "tlr-mention");
      box.appendChild(self.sentence(m));
      box.appendChild(self.articleMeta(m.article));
      p.appendChild(box);
    });
    if (from !== "timeline") this.markTimeline(id);
    if (KEYBOARD_SOURCES[from]) this.focusPanel(".tlr-back");
    if (this.network) {
      var ids = ev._actors.filter(function (a) { return self.nodes.get(a) && !self.nodes.get(a).hidden; });
      this.network.selectNodes(ids, true);
    }
  };

  Report.prototype.markTimeline = function (id) {
    if (!this.timeline) return;
    var ids = this.items.getIds({ filter: function (it) { return it.eventId === id; } });
    this.timeline.setSelection(ids, { focus: false });
  };

  Report.prototype.selectActor = function (id, from) {
    var self = this, a = this.actors[id];
    if (!a) return;
    var h = this.openPanel("actor", id), p = this.panel;
    var dot = el("span", "tlr-dot"); dot.style.background = self.S.kind_colors[a.kind];
    h.appendChild(dot); h.appendChild(document.createTextNode(" " + a.name));
    p.appendChild(h);
    var evs = (this.byActor[id] || []).slice().sort(byDate);
    var asSource = evs.filter(function (e) { return e.source.indexOf(id) >= 0; }).length;
    var facts = factList(), add = facts.add;
    add("Kind", a.kind); add("Country", a.country); add("Sector", a.sector);
    add("Also called", (a.aliases || []).join("; "));
    add("Events", evs.length + " (" + asSource + " as actor, " + (evs.length - asSource) + " as target or place)");
    p.appendChild(facts.list);
    var links = {};
    evs.forEach(function (e) { e._actors.forEach(function (b) { if (b !== id) links[b] = (links[b] || 0) + 1; }); });
    var strongest = Object.keys(links).sort(function (x, y) { return links[y] - links[x]; }).slice(0, 8);
    if (strongest.length) {
      p.appendChild(el("h3", "tlr-sub", "Strongest links"));
      var ul = el("ul", "tlr-links");
      strongest.forEach(function (b) { var li = el("li"); li.appendChild(self.actorChip(b)); li.appendChild(el("span", "tlr-count", plural(links[b], "event"))); ul.appendChild(li); });
      p.appendChild(ul);
    }
    p.appendChild(el("h3", "tlr-sub", "Events in date order"));
    var list = el("ul", "tlr-events");
    evs.slice(0, PANEL_MAX).forEach(function (e) { list.appendChild(self.eventRow(e)); });
    p.appendChild(list);
    if (this.network && from !== "network" && this.nodes.get(id) && !this.nodes.get(id).hidden) {
      this.network.selectNodes([id], true);
      if (this.bigGraph) this.network.focus(id, { scale: 1, animation: false });
    }
    if (this.timeline) {
      var ids = this.items.getIds({ filter: function (it) { var ev = self.eventsById[it.eventId]; return !!ev && ev._actors.indexOf(id) >= 0; } });
      this.timeline.setSelection(ids, { focus: false });
    }
    if (KEYBOARD_SOURCES[from]) this.focusPanel(".tlr-back");
  };

  Report.prototype.showEdge = function (key) {
    var self = this, evs = (this.edgeEvents[key] || []).slice().sort(byDate);
    if (!evs.length) return;
    var ends = key.split("\u0001");
    this.state.selected = { kind: "edge", id: key };
    this.clearPanel();
    var h = el("h2", "tlr-panel-title");
    h.appendChild(this.actorChip(ends[0])); h.appendChild(document.createTextNode(" — ")); h.appendChild(this.actorChip(ends[1]));
    this.panel.appendChild(h);
    var list = el("ul", "tlr-events");
    evs.forEach(function (e) { list.appendChild(self.eventRow(e)); });
    this.panel.appendChild(list);
  };

  /* ---------- search ---------- */
  Report.prototype.search = function (q, results) {
    var self = this;
    results.textContent = "";
    q = q.trim().toLowerCase();
    if (q.length < 2) return;
    var hits = [];
    this.data.actors.forEach(function (a) {
      if (!self.byActor[a.id]) return;
      var names = [a.name].concat(a.aliases || []);
      var m = names.filter(function (n) { return n.toLowerCase().indexOf(q) >= 0; })[0];
      if (m) hits.push({ kind: "actor", id: a.id, score: a.name.toLowerCase().indexOf(q) === 0 ? 0 : 1, label: a.name + (m !== a.name ? " (" + m + ")" : ""), sub: a.kind });
    });
    hits.sort(function (x, y) { return x.score - y.score || self.byActor[y.id].length - self.byActor[x.id].length; });
    var evHits = [];
    for (var i = 0; i < this.data.events.length && evHits.length < 12; i++) {
      var ev = this.data.events[i];
      var names = [ev.trigger, ev.lemma, ev.type];
      ev._actors.forEach(function (a) { var ac = self.actors[a]; if (ac) names = names.concat([ac.name], ac.aliases || []); });
      if (names.some(function (n) { return n && n.toLowerCase().indexOf(q) >= 0; })) {
        evHits.push({ kind: "event", id: ev.id, label: typeLabel(ev) + " · " + ev.trigger + " · " + ev._actors.map(function (a) { return self.name(a); }).join(", "), sub: ev._words });
      }
    }
    /* Then the sentences themselves, with the words around the match. */
    var seen = setOf(evHits.map(function (h) { return h.id; })), textHits = [];
    for (var j = 0; j < this.data.events.length && textHits.length < SEARCH_SENTENCES; j++) {
      var e2 = this.data.events[j];
      if (seen[e2.id]) continue;
      for (var k = 0; k < e2.mentions.length; k++) {
        var sentence = e2.mentions[k].sentence, at = sentence.toLowerCase().indexOf(q);
        if (at < 0) continue;
        var snippet = (at > 30 ? "…" : "") + sentence.slice(Math.max(0, at - 30), at + q.length + 50).replace(/\s+/g, " ") + "…";
        textHits.push({ kind: "sentence", id: e2.id, label: snippet, sub: typeLabel(e2) + " · " + e2._words });
        break;
      }
    }
    hits.slice(0, 8).concat(evHits, textHits).forEach(function (h) {
      var li = el("li", "tlr-result tlr-result-" + h.kind);
      li.appendChild(el("span", "tlr-result-kind", h.sub));
      li.appendChild(el("span", "tlr-result-label", h.label));
      li.tabIndex = 0;
      li.addEventListener("click", function () {
        results.textContent = "";
        if (h.kind === "actor") self.selectActor(h.id, "search"); else self.selectEvent(h.id, "search");
      });
      results.appendChild(li);
    });
    if (!results.firstChild) results.appendChild(el("li", "tlr-result-none", "No actor or event matches"));
  };
