/* timeline report app: mounts a timeline + network view on a root element holding its JSON data.
   Every piece of article text goes into the DOM through textContent / createTextNode, never as HTML,
   and the vis libraries get plain-text tooltips (vis-network shows strings with innerText) or
   escaped strings (vis-timeline). One global, TimelineReport, is shared by all instances on a page. */
window.TimelineReport = window.TimelineReport || (function () {
  "use strict";

  var MAX_LANES = 20;
  var CONFIDENCE_STEPS = [0, 0.5, 0.6, 0.7, 0.8];
  var SEARCH_SENTENCES = 12;
  var ITEM_LIMIT = 250;
  var NET_MAX = 400;
  var NET_TOPS = [50, 100, 200, 400, 0];  /* 0: every actor (up to NET_MAX) */
  var NET_DEFAULT_TOP = 100;
  var MIN_GROUP = 3;  /* connected groups smaller than this (pairs, isolates) are hidden by default */
  var LABEL_FONT = 14;
  var LABEL_PAD = 3;
  var LABEL_GAP = 4;
  var LABEL_LINE = 1.25;
  var LABEL_FACE = "system-ui, sans-serif";
  var NODE_MIN = 7;
  var NODE_MAX = 30;
  var EDGE_LABEL_MAX = 60;
  var LABEL_THRESHOLD = 5;
  var EDGE_MAX = 1200;
  /* Link widths, from fewest to most events. Computed here rather than left to vis-network's `value`
     scaling: with a value on every edge, each DataSet update makes vis rescale and re-measure every
     edge, which on a big store was most of the time a filter spent in the network. */
  var EDGE_WIDTH_MIN = 1;
  var EDGE_WIDTH_MAX = 10;
  var BIN_UNITS = [
    { approx: 86400000, floor: function (d) { return new Date(d.getFullYear(), d.getMonth(), d.getDate()); }, next: function (d) { return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1); } },
    { approx: 7 * 86400000, floor: function (d) { return new Date(d.getFullYear(), d.getMonth(), d.getDate() - (d.getDay() + 6) % 7); }, next: function (d) { return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 7); } },
    { approx: 30.4 * 86400000, floor: function (d) { return new Date(d.getFullYear(), d.getMonth(), 1); }, next: function (d) { return new Date(d.getFullYear(), d.getMonth() + 1, 1); } },
    { approx: 91.3 * 86400000, floor: function (d) { return new Date(d.getFullYear(), d.getMonth() - d.getMonth() % 3, 1); }, next: function (d) { return new Date(d.getFullYear(), d.getMonth() + 3, 1); } },
    { approx: 365.25 * 86400000, floor: function (d) { return new Date(d.getFullYear(), 0, 1); }, next: function (d) { return new Date(d.getFullYear() + 1, 0, 1); } }
  ];
  var DAY = 86400000;
  var PANEL_MAX = 200;
  var PLAY_INTERVAL = 1200;
  var PLAY_STEPS = [
    { upTo: 62 * DAY, step: DAY }, { upTo: 400 * DAY, step: 7 * DAY },
    { upTo: 5 * 365 * DAY, step: 30 * DAY }, { upTo: Infinity, step: 365 * DAY }
  ];
  var SIDE_LIST = 60;
  var KEYBOARD_SOURCES = { panel: true, search: true };  /* selections made where the focus is, which it must not lose */
  var CSV_FORMULA = /^[=+\-@\t\r]/;  /* a cell a spreadsheet would run as a formula */
  var CSV_BOM = "\ufeff";  /* spreadsheets read the file as UTF-8, not as the system's code page */
  var DOWNLOAD_KEEP = 60000;  /* ms an object URL lives: long enough for the browser to fetch it */
  var HASH_DELAY = 250;  /* ms of quiet before the view is written to the URL: a drag or Play writes once */
  var HASH_PROTOCOLS = /^(https?|file):$/;  /* about:srcdoc (Jupyter's iframe) has no URL of its own */
  var COARSE_BANDS = [
    { id: "_band_week", label: "Dated to a week", grains: ["week", "weekend"] },
    { id: "_band_month", label: "Dated to a month", grains: ["month"] },
    { id: "_band_quarter", label: "Dated to a season or quarter", grains: ["season", "quarter", "half", "range"] },
    { id: "_band_year", label: "Dated to a year or more", grains: ["year", "decade", "century"] }
  ];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }
  function parseDay(s) { var p = s.split("-"); return new Date(+p[0], +p[1] - 1, +p[2]); }
  function dayString(d) {
    var m = d.getMonth() + 1, day = d.getDate();
    return d.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (day < 10 ? "0" : "") + day;
  }
  function safeHref(u) { return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null; }
  function quadOf(ev) { return ev.quad || "none"; }
  /* An OTHER event (an occurrence: "resigned", "launched") is shown by its verb, a PLOVER one by its category. */
  function typeLabel(ev) { return ev.type === "OTHER" && ev.lemma ? "other: " + ev.lemma : ev.type; }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function clip(s, n) { s = String(s); return s.length > n ? s.slice(0, n - 1) + "…" : s; }

  function Report(root) {
    var self = this;
    this.root = root;
    var data = JSON.parse(root.querySelector("script.tlr-data").textContent);
    this.data = data;
    this.S = data.style;
    this.view = root.getAttribute("data-view") || "report";
    this.actors = {};
    data.actors.forEach(function (a) { self.actors[a.id] = a; });
    data.events.forEach(function (ev, i) {
      ev._i = i;
      ev._actors = uniq(ev.source.concat(ev.target, ev.location ? [ev.location] : []));
      ev._pairs = pairsOf(ev);
      ev._dated = !!ev.date.start;
      ev._start = ev.date.start;
      ev._end = ev.date.end || ev.date.start;
      ev._coarse = !!ev.date.coarse;
      /* Start and end (exclusive) in ms, parsed once: every filter and window move reads them. */
      if (ev._dated) { ev._s = parseDay(ev._start).getTime(); ev._e = parseDay(ev._end).getTime() + DAY; }
      ev._words = ev.date.words || ev.date.value || ev._start || "undated";
    });
    this.eventsById = {};
    data.events.forEach(function (ev) { self.eventsById[ev.id] = ev; });
    this.byActor = {};
    data.events.forEach(function (ev) {
      ev._actors.forEach(function (a) { (self.byActor[a] = self.byActor[a] || []).push(ev); });
    });
    var typesPresent = {}, countries = {};
    data.events.forEach(function (ev) { typesPresent[ev.type] = true; });
    data.actors.forEach(function (a) { if (a.country && self.byActor[a.id]) countries[a.country] = true; });
    this.typesPresent = this.S.types.filter(function (t) { return typesPresent[t]; });
    Object.keys(typesPresent).forEach(function (t) { if (self.S.types.indexOf(t) < 0) self.typesPresent.push(t); });
    this.countries = Object.keys(countries).sort();
    this.state = {
      types: setOf(this.typesPresent), quads: setOf(this.S.quads), statuses: setOf(this.S.statuses),
      kinds: setOf(this.S.kinds), country: "", from: null, to: null, lanes: "actor", selected: null, political: false,
      coarse: true, fragments: false, top: NET_DEFAULT_TOP, minConfidence: 0
    };
    /* The report opens on the period the articles were published in, not on the span of every date
       an article mentions (a 1987 newswire cites 1805). */
    this.period = data.period && data.period.start ? [data.period.start, data.period.end] : null;
    if (this.period) { this.state.from = this.period[0]; this.state.to = this.period[1]; }
    this.defaults = { from: this.state.from, to: this.state.to, lanes: this.state.lanes, political: false, coarse: true,
                      fragments: false, top: NET_DEFAULT_TOP, minConfidence: 0, country: "" };
    /* Only a report that is the whole page keeps its view in the URL: a fragment shares its host's
       URL with the host and with other fragments. An exported page carries its view in data-state. */
    this.pageLevel = isPageLevel(root);
    var saved = (this.pageLevel && location.hash.slice(1)) || root.getAttribute("data-state") || "";
    var pending = this.restoreState(saved);
    this.build();
    this.fromInput.value = this.state.from || ""; this.toInput.value = this.state.to || "";
    if (this.topSelect) this.topSelect.value = String(this.state.top);
    this.refresh();
    var ready = function () {
      if (pending) { if (pending.kind === "event") self.selectEvent(pending.id, "hash"); else self.selectActor(pending.id, "hash"); }
      root.setAttribute("data-ready", "1");
    };
    if (!this.nodes) ready();
    else if (!this.timeline) { this.createNetwork(); ready(); }
    else {
      /* Let the browser paint the timeline before vis-network's first layout, which on a big store is
         the slowest step: the reader sees the page sooner and the two libraries' forced reflows do not
         interleave. */
      requestAnimationFrame(function () { setTimeout(function () { self.createNetwork(); ready(); }, 0); });
    }
  }

  function isPageLevel(root) {
    return !!document.body && document.body.classList.contains("tlr-page") && !root.closest(".tlr-fragment") &&
      HASH_PROTOCOLS.test(location.protocol);
  }
  function hasOwn(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

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

  Report.prototype.saveHash = function () {
    if (!this.pageLevel) return;
    var self = this;
    clearTimeout(this.hashTimer);
    this.hashTimer = setTimeout(function () {
      var text = self.stateText(), url = location.href.split("#")[0] + (text ? "#" + text : "");
      if (url === location.href) return;
      try { history.replaceState(history.state, "", url); } catch (e) { /* a document whose URL cannot be rewritten keeps its view unsaved */ }
    }, HASH_DELAY);
  };

  function isDay(s) { return /^\d{4}-\d{2}-\d{2}$/.test(s) && !isNaN(parseDay(s).getTime()) && dayString(parseDay(s)) === s; }
  function dateInput(cls, label) {
    var inp = el("input", cls);
    inp.type = "text"; inp.inputMode = "numeric"; inp.placeholder = "YYYY-MM-DD"; inp.size = 10; inp.maxLength = 10;
    inp.setAttribute("aria-label", label); inp.title = label;
    return inp;
  }
  function playStep(span) {
    var step = PLAY_STEPS.filter(function (p) { return span <= p.upTo; })[0];
    return (step || PLAY_STEPS[PLAY_STEPS.length - 1]).step;
  }
  function uniq(a) { var seen = {}, out = []; a.forEach(function (x) { if (!seen[x]) { seen[x] = true; out.push(x); } }); return out; }
  function setOf(a) { var s = {}; a.forEach(function (x) { s[x] = true; }); return s; }
  /* What to change in a vis DataSet to make it hold `list`: the items whose content changed (to
     update) and the ids no longer there (to remove). `seen` maps id → the content last handed over.
     A filter or a window move changes a handful of items; re-adding all of them makes vis lay out and
     measure every one again, which on a big store cost most of the time a filter took. */
  function diffItems(list, seen) {
    var changed = [], now = {}, removed = [];
    list.forEach(function (item) {
      var sig = JSON.stringify(item);
      now[item.id] = sig;
      if (seen[item.id] !== sig) changed.push(item);
    });
    Object.keys(seen).forEach(function (id) { if (!hasOwn(now, id)) removed.push(id); });
    return { changed: changed, removed: removed, seen: now };
  }

  /* Network links: the actor pairs Python's types.event_links gives each event, sent in the payload. */
  function pairsOf(ev) { return ev.links; }

  Report.prototype.name = function (id) { var a = this.actors[id]; return a ? a.name : id; };
  Report.prototype.has = function (part) { return this.view === "report" || this.view === part; };

  /* ---------- DOM skeleton ---------- */
  Report.prototype.build = function () {
    var self = this, root = this.root;
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", "Timeline report: " + this.data.title);
    var head = el("div", "tlr-head");
    head.appendChild(el("h1", "tlr-title", this.data.title));
    var stats = el("span", "tlr-stats");
    head.appendChild(stats);
    this.statsEl = stats;
    var searchBox = el("div", "tlr-search");
    searchBox.setAttribute("role", "search");
    var input = el("input", "tlr-search-input");
    input.type = "search"; input.placeholder = "Search actors, events and sentences…"; input.setAttribute("aria-label", "Search actors, events and sentences");
    var results = el("ul", "tlr-results");
    searchBox.appendChild(input); searchBox.appendChild(results);
    input.addEventListener("input", function () { self.search(input.value, results); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && results.firstChild) results.firstChild.click();
      if (e.key === "ArrowDown" && results.querySelector(".tlr-result")) { e.preventDefault(); results.querySelector(".tlr-result").focus(); }
      if (e.key === "Escape") { e.stopPropagation(); input.value = ""; results.textContent = ""; }
    });
    /* In the results: arrows move, Enter or Space opens, Escape goes back to the box. */
    results.addEventListener("keydown", function (e) {
      var li = e.target.closest(".tlr-result");
      if (!li) return;
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); li.click(); }
      else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        var next = e.key === "ArrowDown" ? li.nextElementSibling : li.previousElementSibling;
        if (next) next.focus(); else if (e.key === "ArrowUp") input.focus();
      } else if (e.key === "Escape") { e.stopPropagation(); results.textContent = ""; input.focus(); }
    });
    this.searchInput = input;
    head.appendChild(searchBox);
    root.appendChild(head);

    var bar = el("div", "tlr-bar");
    bar.setAttribute("role", "group"); bar.setAttribute("aria-label", "Filters and time window");
    bar.appendChild(this.checkGroup("Categories", this.typesPresent, this.state.types, function (t) { return t; }));
    bar.appendChild(this.checkGroup("Quad class", this.S.quads, this.state.quads, function (q) { return self.S.quad_labels[q]; }));
    bar.appendChild(this.checkGroup("Status", this.S.statuses, this.state.statuses, function (s) { return s; }));
    bar.appendChild(this.checkGroup("Actor kind", this.S.kinds, this.state.kinds, function (k) { return k; }));
    if (this.data.events.some(function (e) { return e._coarse; })) {
      var coarse = el("label", "tlr-coarse-toggle"), cb = el("input", "tlr-coarse");
      cb.type = "checkbox"; cb.checked = this.state.coarse;
      cb.addEventListener("change", function () { self.state.coarse = cb.checked; self.refresh(); });
      coarse.title = "Events dated only to a week, month, quarter, season or year: drawn in bands of their own below the lanes";
      coarse.appendChild(cb); coarse.appendChild(document.createTextNode(" Week/month/year-dated"));
      bar.appendChild(coarse);
    }
    if (this.typesPresent.indexOf("OTHER") >= 0) {
      var scope = el("select", "tlr-scope");
      scope.setAttribute("aria-label", "Which events");
      scope.appendChild(new Option("All events", "all"));
      scope.appendChild(new Option("Political events only", "political"));
      scope.value = this.state.political ? "political" : "all";
      scope.addEventListener("change", function () { self.state.political = scope.value === "political"; self.refresh(); });
      bar.appendChild(scope);
    }
    var sure = el("select", "tlr-confidence");
    sure.setAttribute("aria-label", "Minimum confidence");
    CONFIDENCE_STEPS.forEach(function (c) { sure.appendChild(new Option(c ? "Confidence ≥ " + c.toFixed(1) : "Any confidence", String(c))); });
    sure.value = String(this.state.minConfidence);
    sure.addEventListener("change", function () { self.state.minConfidence = +sure.value; self.refresh(); });
    bar.appendChild(sure);
    var country = el("select", "tlr-country");
    country.setAttribute("aria-label", "Country");
    country.appendChild(new Option("All countries", ""));
    this.countries.forEach(function (c) { country.appendChild(new Option(c, c)); });
    country.value = this.state.country;
    country.addEventListener("change", function () { self.state.country = country.value; self.refresh(); });
    bar.appendChild(country);
    if (this.has("timeline")) {
      var lanes = el("select", "tlr-lanes");
      lanes.setAttribute("aria-label", "Timeline lanes");
      lanes.appendChild(new Option("Lanes: actors", "actor"));
      lanes.appendChild(new Option("Lanes: event types", "type"));
      lanes.value = this.state.lanes;
      lanes.addEventListener("change", function () { self.state.lanes = lanes.value; self.refresh(); });
      bar.appendChild(lanes);
    }
    var win = el("span", "tlr-window");
    win.appendChild(el("span", "tlr-label", "Window"));
    /* Plain text inputs in ISO form: a date input shows the browser's locale (mm/dd/yyyy). */
    this.fromInput = dateInput("tlr-from", "From (YYYY-MM-DD)");
    this.toInput = dateInput("tlr-to", "To (YYYY-MM-DD)");
    var onDates = function () {
      var a = self.fromInput.value.trim(), b = self.toInput.value.trim();
      if ((a && !isDay(a)) || (b && !isDay(b))) return;
      self.setWindow(a || null, b || null, true);
    };
    [this.fromInput, this.toInput].forEach(function (inp) { inp.addEventListener("input", onDates); inp.addEventListener("change", onDates); });
    win.appendChild(this.fromInput); win.appendChild(el("span", null, "–")); win.appendChild(this.toInput);
    var play = el("button", "tlr-play", "▶ Play"); play.type = "button"; play.title = "Step the window through time";
    play.addEventListener("click", function () { self.togglePlay(); });
    this.playButton = play;
    var reset = el("button", "tlr-reset", "All dates"); reset.type = "button";
    reset.addEventListener("click", function () { self.stopPlay(); self.setWindow(null, null, true); });
    win.appendChild(play); win.appendChild(reset);
    bar.appendChild(win);
    bar.appendChild(this.exportButtons());
    root.appendChild(bar);
    document.addEventListener("click", function (e) {
      [].forEach.call(bar.querySelectorAll("details[open]"), function (d) { if (!d.contains(e.target)) d.open = false; });
    });

    var main = el("div", "tlr-main");
    var views = el("div", "tlr-views");
    if (this.has("timeline")) {
      this.timelineEl = el("div", "tlr-timeline");
      this.timelineEl.setAttribute("role", "region"); this.timelineEl.setAttribute("aria-label", "Timeline of events");
      views.appendChild(this.timelineEl);
    }
    if (this.has("network")) {
      var netWrap = el("div", "tlr-network-wrap");
      netWrap.setAttribute("role", "region"); netWrap.setAttribute("aria-label", "Network of actors");
      this.networkEl = el("div", "tlr-network");
      netWrap.appendChild(this.legend());
      var canvasWrap = el("div", "tlr-network-canvas");
      canvasWrap.appendChild(this.networkEl);
      netWrap.appendChild(canvasWrap);
      views.appendChild(netWrap);
    }
    main.appendChild(views);
    this.panel = el("aside", "tlr-panel");
    this.panel.setAttribute("role", "complementary");
    this.panel.setAttribute("aria-label", "Details");
    this.panel.setAttribute("aria-live", "polite");
    /* Up and down arrows step through the panel's event rows (Tab reaches each one too). */
    this.panel.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var rows = [].slice.call(self.panel.querySelectorAll(".tlr-event-row .tlr-link")), at = rows.indexOf(e.target);
      if (at < 0) return;
      e.preventDefault();
      var next = rows[at + (e.key === "ArrowDown" ? 1 : -1)];
      if (next) next.focus();
    });
    root.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && self.state.selected) { self.clearSelection(); self.focusPanel(".tlr-event-row .tlr-link"); }
    });
    main.appendChild(this.panel);
    root.appendChild(main);
    if (this.has("timeline")) this.initTimeline();
    if (this.has("network")) this.initNetwork();
  };

  Report.prototype.checkGroup = function (label, values, chosen, show) {
    var self = this, box = el("details", "tlr-filter");
    var summary = el("summary", null, label);
    box.appendChild(summary);
    var list = el("div", "tlr-filter-list");
    var all = el("button", "tlr-all", "all"), none = el("button", "tlr-none", "none");
    all.type = none.type = "button";
    var checks = [];
    values.forEach(function (v) {
      var lab = el("label"), cb = el("input");
      cb.type = "checkbox"; cb.checked = !!chosen[v]; cb.value = v;
      cb.addEventListener("change", function () { chosen[v] = cb.checked; self.refresh(); });
      checks.push(cb);
      lab.appendChild(cb); lab.appendChild(document.createTextNode(" " + show(v)));
      list.appendChild(lab);
    });
    var setAll = function (on) { checks.forEach(function (cb) { cb.checked = on; chosen[cb.value] = on; }); self.refresh(); };
    all.addEventListener("click", function () { setAll(true); });
    none.addEventListener("click", function () { setAll(false); });
    var row = el("div", "tlr-filter-row"); row.appendChild(all); row.appendChild(none);
    box.appendChild(row); box.appendChild(list);
    return box;
  };

  /* The legend and the network's own controls sit in a strip above the canvas, never over a node. */
  Report.prototype.legend = function () {
    var self = this, lg = el("div", "tlr-legend");
    lg.setAttribute("role", "group"); lg.setAttribute("aria-label", "Network legend and controls");
    var row = function (mark, text) { var r = el("span", "tlr-legend-row"); r.appendChild(mark); r.appendChild(document.createTextNode(text)); lg.appendChild(r); };
    lg.appendChild(el("span", "tlr-legend-title", "Actors"));
    this.S.kinds.forEach(function (k) { var dot = el("span", "tlr-dot"); dot.style.background = self.S.kind_colors[k]; row(dot, k); });
    lg.appendChild(el("span", "tlr-legend-title", "Links"));
    this.S.quads.forEach(function (q) { var line = el("span", "tlr-line"); line.style.background = self.S.quad_colors[q]; row(line, self.S.quad_labels[q]); });
    row(el("span", "tlr-line tlr-line-dashed"), "dashed: not asserted (planned, possible, negated)");
    lg.appendChild(el("span", "tlr-legend-note", "width = events · node size = events"));
    var top = el("select", "tlr-top");
    top.setAttribute("aria-label", "How many actors the network shows");
    NET_TOPS.forEach(function (n) { top.appendChild(new Option(n ? "Top " + n + " actors" : "All actors", String(n))); });
    top.addEventListener("change", function () { self.state.top = +top.value; self.updateNetwork(); });
    this.topSelect = top;
    lg.appendChild(top);
    var frag = el("button", "tlr-fragments"); frag.type = "button";
    frag.addEventListener("click", function () { self.state.fragments = !self.state.fragments; self.updateNetwork(); });
    this.fragButton = frag;
    lg.appendChild(frag);
    return lg;
  };

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
    this.visibleEvents().slice().sort(byDate).forEach(function (ev) {
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

  /* ---------- filtering ---------- */
  Report.prototype.actorVisible = function (id) {
    var a = this.actors[id];
    if (!a) return false;
    return !!this.state.kinds[a.kind] && (!this.state.country || a.country === this.state.country);
  };
  Report.prototype.eventPasses = function (ev) {
    var s = this.state, self = this;
    if (!s.types[ev.type] || !s.quads[quadOf(ev)] || !s.statuses[ev.status]) return false;
    if (s.political && ev.type === "OTHER") return false;
    if (ev.confidence < s.minConfidence) return false;
    return ev._actors.some(function (a) { return self.actorVisible(a); });
  };
  Report.prototype.inWindow = function (ev) {
    var s = this.state;
    if (!s.from && !s.to) return true;
    if (!ev._dated) return false;
    return (!s.to || ev._start <= s.to) && (!s.from || ev._end >= s.from);
  };
  Report.prototype.filtered = function () {
    var self = this;
    return this.data.events.filter(function (ev) { return self.eventPasses(ev); });
  };

  Report.prototype.refresh = function () {
    var events = this.filtered();
    this.current = events;
    if (this.timeline) this.updateTimeline(events);
    this.updateNetwork();
  };

  /* ---------- timeline ---------- */
  Report.prototype.initTimeline = function () {
    var self = this;
    this.items = new vis.DataSet();
    this.groups = new vis.DataSet();
    var dated = this.data.events.filter(function (e) { return e._dated; });
    var opts = {
      stack: dated.length <= ITEM_LIMIT, height: "100%", zoomKey: "", horizontalScroll: false, verticalScroll: true,
      orientation: "top", groupOrder: "order", showCurrentTime: false, selectable: true, multiselect: false,
      margin: { item: { horizontal: 2, vertical: 4 } }, zoomMin: DAY * 2, xss: { disabled: false },
      tooltip: { followMouse: true, delay: 200 },
      template: function (item) {
        if (item.isCluster) return el("span", "tlr-item-label", (item.uiItems ? item.uiItems.length : "") + " events");
        return el("span", "tlr-item-label", item.label);
      },
      groupTemplate: function (g) {
        if (!g) return el("span");
        var s = el("span", "tlr-group-label", g.label);
        if (g.color) s.style.borderLeftColor = g.color;
        return s;
      },
      cluster: dated.length <= ITEM_LIMIT ? { maxItems: 4, titleTemplate: "{count} events: zoom in", showStipes: false, fitOnDoubleClick: true } : false
    };
    if (dated.length) {
      var starts = dated.map(function (e) { return e._start; }).sort();
      var ends = dated.map(function (e) { return e._end; }).sort();
      var min = starts[0], max = ends[ends.length - 1];
      /* Open on where most events are: background dates decades back should not squash the story. */
      var s = this.state;
      if (s.from || s.to) {
        opts.start = parseDay(s.from || min);
        opts.end = new Date(parseDay(s.to || max).getTime() + DAY);
      } else if (this.period) {  /* "All dates", restored from the URL */
        opts.start = parseDay(min);
        opts.end = new Date(parseDay(max).getTime() + DAY);
      } else {
        var lo = starts[Math.floor(starts.length * 0.05)], hi = ends[Math.ceil(ends.length * 0.95) - 1];
        var span = Math.max(parseDay(hi) - parseDay(lo), DAY * 7);
        opts.start = new Date(parseDay(lo).getTime() - span * 0.04);
        opts.end = new Date(parseDay(hi).getTime() + DAY + span * 0.3);
      }
      var full = Math.max(parseDay(max) - parseDay(min), DAY * 7);
      opts.min = new Date(Math.min(parseDay(min).getTime() - full * 0.1, opts.start.getTime()));
      opts.max = new Date(Math.max(parseDay(max).getTime() + full * 0.3, opts.end.getTime()));
      this.extent = [min, max];
    }
    /* Set before the first draw: setOptions right after construction leaves the timeline blank. */
    this.stacked = opts.stack;
    this.timeline = new vis.Timeline(this.timelineEl, this.items, this.groups, opts);
    this.timeline.on("select", function (p) {
      if (!p.items || !p.items.length) return;
      var item = self.items.get(p.items[0]);
      if (!item) return;
      if (item.coarseKey) { self.showCoarse(item.coarseKey); return; }
      if (item.binEnd) {
        self.timeline.setWindow(item.start, new Date(item.binEnd), { animation: false });
        self.setWindow(dayString(item.start), dayString(new Date(item.binEnd - 1)), false);
      } else self.selectEvent(item.eventId, "timeline");
    });
    this.timeline.on("rangechanged", function (p) {
      if (self.specs) self.renderWindow(false);
      if (!p.byUser || self.playing) return;
      var to = new Date(p.end.getTime() - 1);
      self.setWindow(dayString(p.start), dayString(to), false);
    });
  };

  /* Day- and week-dated events go in the lanes (actors or types); events dated only to a month or
     coarser go in bands of their own below, one range per period ("1987: 812 events"), so that inside
     a narrow window the day-dated events lead instead of drowning under a year's worth of ranges. */
  Report.prototype.updateTimeline = function (events) {
    var self = this, mode = this.state.lanes;
    var dated = events.filter(function (e) { return e._dated && !e._coarse; });
    var coarse = events.filter(function (e) { return e._dated && e._coarse; });
    var groups = [], laneOf = {};
    if (mode === "type") {
      this.typesPresent.forEach(function (t, i) {
        if (dated.some(function (e) { return e.type === t; })) groups.push({ id: t, label: t, order: i });
      });
    } else {
      var counts = {};
      dated.forEach(function (e) { e._actors.forEach(function (a) { if (self.actorVisible(a)) counts[a] = (counts[a] || 0) + 1; }); });
      var top = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || self.name(a).localeCompare(self.name(b)); }).slice(0, MAX_LANES);
      top.forEach(function (a, i) {
        laneOf[a] = true;
        groups.push({ id: a, label: self.name(a), order: i, color: self.S.kind_colors[(self.actors[a] || {}).kind] });
      });
    }
    var specs = [];
    dated.forEach(function (ev) {
      var lanes = mode === "type" ? [ev.type] : ev._actors.filter(function (a) { return laneOf[a]; });
      if (!lanes.length) lanes = ["_other"];
      lanes.forEach(function (g) { specs.push({ ev: ev, group: g, s: ev._s, e: ev._e }); });
    });
    specs.sort(function (a, b) { return a.s - b.s; });
    this.specs = specs;
    if (mode === "actor" && specs.some(function (i) { return i.group === "_other"; })) groups.push({ id: "_other", label: "Other actors", order: MAX_LANES + 1 });
    var periods = {};
    coarse.forEach(function (ev) {
      var band = COARSE_BANDS.filter(function (b) { return b.grains.indexOf(ev.date.grain) >= 0; })[0] || COARSE_BANDS[COARSE_BANDS.length - 1];
      var key = band.id + "\u0001" + ev._start + "\u0001" + ev._end;
      (periods[key] = periods[key] || { key: key, band: band.id, s: ev._s, e: ev._e, words: ev._words, events: [] }).events.push(ev);
    });
    this.coarsePeriods = periods;
    COARSE_BANDS.forEach(function (b, i) {
      if (Object.keys(periods).some(function (k) { return periods[k].band === b.id; })) groups.push({ id: b.id, label: b.label, order: MAX_LANES + 2 + i, className: "tlr-band" });
    });
    /* New lanes first and stale ones last, so that no item is ever in a lane vis does not know. */
    var lanes = diffItems(groups, this.groupsSeen || {});
    this.groupsSeen = lanes.seen;
    if (lanes.changed.length) this.groups.update(lanes.changed);
    this.renderWindow(true);
    if (lanes.removed.length) this.groups.remove(lanes.removed);
  };

  /* The panel for one coarse period: the events dated only to it. */
  Report.prototype.showCoarse = function (key) {
    var self = this, p = this.coarsePeriods && this.coarsePeriods[key];
    if (!p) return;
    if (p.events.length === 1) { this.selectEvent(p.events[0].id, "timeline"); return; }
    this.state.selected = { kind: "period", id: key };
    this.clearPanel();
    this.panel.appendChild(el("h2", "tlr-panel-title", p.words + ": " + plural(p.events.length, "event")));
    this.panel.appendChild(el("p", "tlr-hint", "Events the articles date only to " + p.words + "."));
    var list = el("ul", "tlr-events");
    list.setAttribute("role", "list");
    p.events.slice().sort(byDate).slice(0, PANEL_MAX).forEach(function (e) { list.appendChild(self.eventRow(e)); });
    this.panel.appendChild(list);
  };

  /* Only the events around the visible window become timeline items, and when too many fall inside it
     they are binned per lane by day/week/month/quarter/year: vis-timeline lays out every item it holds,
     so 6,000 items would cost seconds while a few hundred cost milliseconds. */
  Report.prototype.renderWindow = function (force) {
    var self = this, w = this.timeline.getWindow(), ws = w.start.getTime(), we = w.end.getTime();
    if (!force && this.rendered && this.rendered[0] === ws && this.rendered[1] === we) return;
    this.rendered = [ws, we];
    var margin = (we - ws) * 0.5, lo = ws - margin, hi = we + margin;
    var inView = this.specs.filter(function (sp) { return sp.s < hi && sp.e > lo; });
    var items = [];
    var itemOf = function (sp) {
      var ev = sp.ev, range = ev._start !== ev._end;
      return {
        id: ev.id + "\u0001" + sp.group, eventId: ev.id, group: sp.group, start: new Date(sp.s), end: range ? new Date(sp.e) : undefined,
        type: range ? "range" : "point", label: self.itemLabel(ev, self.state.lanes === "actor" ? [sp.group] : null),
        title: escapeHtml(self.itemTitle(ev)), className: "tlr-q-" + quadOf(ev) + " tlr-s-" + ev.status
      };
    };
    if (inView.length <= ITEM_LIMIT) items = inView.map(itemOf);
    else {
      var unit = BIN_UNITS.filter(function (u) { return (we - ws) / u.approx <= 13; })[0] || BIN_UNITS[BIN_UNITS.length - 1];
      var bins = {};
      inView.forEach(function (sp) {
        var b0 = unit.floor(new Date(sp.s)).getTime(), key = sp.group + "|" + b0;
        (bins[key] = bins[key] || { group: sp.group, s: b0, list: [] }).list.push(sp);
      });
      Object.keys(bins).forEach(function (k) {
        var b = bins[k];
        if (b.list.length === 1) { items.push(itemOf(b.list[0])); return; }
        var next = unit.next(new Date(b.s)), end = new Date(next.getTime() - (next.getTime() - b.s) * 0.04), quads = {};
        b.list.forEach(function (sp) { var q = quadOf(sp.ev); quads[q] = (quads[q] || 0) + 1; });
        var top = Object.keys(quads).sort(function (x, y) { return quads[y] - quads[x]; })[0];
        items.push({
          id: "bin\u0001" + k, group: b.group, start: new Date(b.s), end: end, binEnd: next.getTime(), type: "range",
          label: b.list.length + " events", className: "tlr-bin tlr-q-" + top,
          title: escapeHtml(b.list.length + " events, " + dayString(new Date(b.s)) + " – " + dayString(new Date(next.getTime() - 1)) + ": click to zoom in")
        });
      });
    }
    var periods = this.coarsePeriods || {};
    Object.keys(periods).forEach(function (k) {
      var p = periods[k];
      if (p.s >= hi || p.e <= lo) return;
      var one = p.events.length === 1 ? p.events[0] : null;
      items.push({
        id: "period\u0001" + k, coarseKey: k, group: p.band, start: new Date(p.s), end: new Date(p.e), type: "range",
        label: one ? p.words + ": " + self.itemLabel(one, null) : p.words + ": " + p.events.length + " events",
        title: escapeHtml(one ? self.itemTitle(one) : p.words + ": " + p.events.length + " events dated only to this period: click to list them"),
        className: "tlr-period" + (one ? " tlr-q-" + quadOf(one) + " tlr-s-" + one.status : "")
      });
    });
    /* Bins of one lane never overlap, but vis-timeline's stacking still staggers adjacent ranges. */
    var stack = inView.length <= ITEM_LIMIT;
    if (this.stacked !== stack) { this.timeline.setOptions({ stack: stack }); this.stacked = stack; }
    var diff = diffItems(items, this.itemsSeen || {});
    this.itemsSeen = diff.seen;
    if (diff.removed.length) this.items.remove(diff.removed);
    if (diff.changed.length) this.items.update(diff.changed);
    if (this.state.selected && this.state.selected.kind === "event") this.markTimeline(this.state.selected.id);
  };

  Report.prototype.itemLabel = function (ev, lanes) {
    var self = this, lane = lanes && lanes[0];
    var others = ev._actors.filter(function (a) { return a !== lane; }).slice(0, 2).map(function (a) { return self.name(a); });
    var label = typeLabel(ev) + (ev.mode ? " (" + ev.mode + ")" : "") + (others.length ? ": " + others.join(", ") : "");
    if (ev.status !== "asserted") label += " [" + ev.status + "]";
    return clip(label, 48);
  };
  Report.prototype.itemTitle = function (ev) {
    var self = this, m = ev.mentions[0];
    var who = ev.source.map(function (a) { return self.name(a); }).join(", ") +
      (ev.target.length ? " → " + ev.target.map(function (a) { return self.name(a); }).join(", ") : "");
    return typeLabel(ev) + " · " + ev._words + " · " + ev.status + "\n" + who + (m ? "\n“" + clip(m.sentence, 200) + "”" : "");
  };

  /* ---------- network ---------- */
  Report.prototype.initNetwork = function () {
    /* vis-network's own DataSet (vis.data): the one vis-timeline's bundle puts on vis.DataSet is a
       foreign class to vis-network and makes its first layout several times slower. */
    var NetDataSet = vis.data && vis.data.DataSet ? vis.data.DataSet : vis.DataSet;
    this.nodes = new NetDataSet();
    this.edges = new NetDataSet();
    this.bigGraph = !this.data.physics;
  };

  Report.prototype.nodeOf = function (id) {
    var self = this, a = this.actors[id], n = {
      id: id, label: undefined, shape: "dot", color: { background: self.S.kind_colors[a.kind], border: "#ffffff", highlight: { background: self.S.kind_colors[a.kind], border: "#111111" } },
      title: a.name + "\n" + a.kind + (a.country ? " · " + a.country : "") + (a.sector ? " · " + a.sector : "") + "\n" + plural(this.byActor[id].length, "event"),
      hidden: false
    };
    if (!this.data.physics && a.x !== undefined) { n.x = a.x; n.y = a.y; }
    return n;
  };

  /* Created after the first refresh so that vis-network lays out the filtered graph once, rather than
     redrawing for every node and edge update. */
  Report.prototype.createNetwork = function () {
    var self = this, physics = this.data.physics;
    var options = {
      autoResize: true,
      nodes: { borderWidth: 1, font: { size: LABEL_FONT, face: LABEL_FACE, strokeWidth: 3, strokeColor: "#ffffff" }, scaling: { label: { enabled: false, drawThreshold: LABEL_THRESHOLD } } },
      edges: { smooth: false, font: { size: 10, align: "middle", color: "#444", strokeWidth: 3, strokeColor: "#fff" }, selectionWidth: 2 },
      interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: this.bigGraph, hideEdgesOnZoom: this.bigGraph },
      physics: physics ? { solver: "forceAtlas2Based", forceAtlas2Based: { gravitationalConstant: -60, springLength: 120, avoidOverlap: 0.4 }, stabilization: { iterations: 250, fit: true } } : false,
      layout: { improvedLayout: physics, randomSeed: 3 }
    };
    this.settling = physics;
    this.network = new vis.Network(this.networkEl, { nodes: this.nodes, edges: this.edges }, options);
    if (physics) {
      this.network.once("stabilizationIterationsDone", function () {
        self.network.setOptions({ physics: false });
        self.settling = false;
        self.afterLayout();
      });
    } else this.afterLayout();
    this.network.on("dragEnd", function (p) { if (p.nodes.length) self.placeLabels(); });
    this.network.on("click", function (p) {
      if (p.nodes.length) self.selectActor(p.nodes[0], "network");
      else if (p.edges.length) self.showEdge(p.edges[0]);
    });
  };

  Report.prototype.visibleEventsAll = function () { return this.current || []; };

  Report.prototype.visibleEvents = function () {
    var self = this;
    return (this.current || []).filter(function (ev) { return self.inWindow(ev); });
  };

  /* The network shows the top-N most active actors in the current selection (beyond a few hundred
     nodes a hairball explains nothing and costs seconds to draw), and of those only the connected
     groups of MIN_GROUP or more actors unless the reader asks for the small fragments too. Nodes enter
     the DataSet on first use. */
  Report.prototype.updateNetwork = function () {
    var self = this, events = this.visibleEvents();
    var edges = {}, degree = {};
    this.saveHash();
    events.forEach(function (ev) {
      ev._actors.forEach(function (a) { if (self.actorVisible(a)) degree[a] = (degree[a] || 0) + 1; });
    });
    var byDegree = function (a, b) { return degree[b] - degree[a] || (a < b ? -1 : 1); };
    var limit = Math.min(this.state.top || NET_MAX, NET_MAX);
    var active = Object.keys(degree).sort(byDegree).slice(0, limit), inTop = setOf(active);
    events.forEach(function (ev) {
      ev._pairs.forEach(function (p) {
        if (!inTop[p[0]] || !inTop[p[1]]) return;
        var key = p[0] < p[1] ? p[0] + "\u0001" + p[1] : p[1] + "\u0001" + p[0];
        var e = edges[key] || (edges[key] = { from: p[0], to: p[1], events: [], types: {}, quads: {} });
        e.events.push(ev);
        e.types[typeLabel(ev)] = (e.types[typeLabel(ev)] || 0) + 1;
        e.quads[quadOf(ev)] = (e.quads[quadOf(ev)] || 0) + 1;
      });
    });
    var keys = Object.keys(edges);
    if (keys.length > EDGE_MAX) keys = keys.sort(function (a, b) { return edges[b].events.length - edges[a].events.length || (a < b ? -1 : 1); }).slice(0, EDGE_MAX);
    var groups = components(active, keys.map(function (k) { return [edges[k].from, edges[k].to]; }));
    var small = groups.filter(function (g) { return g.length < MIN_GROUP; });
    var kept = this.state.fragments ? groups : groups.filter(function (g) { return g.length >= MIN_GROUP; });
    var shown = {};
    kept.forEach(function (g) { g.forEach(function (a) { shown[a] = true; }); });
    keys = keys.filter(function (k) { return shown[edges[k].from] && shown[edges[k].to]; });
    this.hiddenSmall = { groups: small.length, actors: small.reduce(function (n, g) { return n + g.length; }, 0) };
    this.edgeEvents = {};
    var showLabels = keys.length <= EDGE_LABEL_MAX;
    var counts = keys.map(function (k) { return edges[k].events.length; });
    var fewest = Math.min.apply(null, counts), most = Math.max.apply(null, counts);
    /* vis-network's own linear scale, a single count in the middle of the range */
    var widthOf = function (n) {
      var f = most === fewest ? 0.5 : (n - fewest) / (most - fewest);
      return Math.round((EDGE_WIDTH_MIN + (EDGE_WIDTH_MAX - EDGE_WIDTH_MIN) * f) * 10) / 10;
    };
    var list = keys.map(function (k) {
      var e = edges[k];
      self.edgeEvents[k] = e.events;
      var types = Object.keys(e.types).sort(function (a, b) { return e.types[b] - e.types[a]; });
      var quad = Object.keys(e.quads).sort(function (a, b) { return e.quads[b] - e.quads[a]; })[0];
      var planned = e.events.every(function (ev) { return ev.status !== "asserted"; });
      return {
        id: k, from: e.from, to: e.to, width: widthOf(e.events.length),
        label: showLabels ? types.slice(0, 2).map(function (t) { return e.types[t] > 1 ? t + " ×" + e.types[t] : t; }).join(", ") : undefined,
        color: { color: self.S.quad_colors[quad], highlight: self.S.quad_colors[quad], hover: self.S.quad_colors[quad], opacity: 0.85 },
        dashes: planned,
        title: self.edgeTitle(e)
      };
    });
    var maxDegree = Math.max.apply(null, [1].concat(Object.keys(shown).map(function (a) { return degree[a]; })));
    /* Whole pixels: a filter then resizes only the nodes whose size visibly changes, and vis-network
       redoes less work per update. */
    var sizeOf = function (a) { return Math.round(NODE_MIN + (NODE_MAX - NODE_MIN) * Math.sqrt((degree[a] - 1) / Math.max(maxDegree - 1, 1))); };
    this.shownSizes = {};
    Object.keys(shown).forEach(function (a) { self.shownSizes[a] = sizeOf(a); });
    this.visibleActors = Object.keys(shown).sort();
    if (this.nodes) {
      var links = diffItems(list, this.edgesSeen || {});
      this.edgesSeen = links.seen;
      if (links.removed.length) this.edges.remove(links.removed);
      var updates = [], fresh = setOf(Object.keys(shown));
      this.nodes.forEach(function (n) {
        var hidden = !shown[n.id], size = hidden ? n.size : self.shownSizes[n.id];
        if (n.hidden !== hidden || n.size !== size) updates.push({ id: n.id, hidden: hidden, size: size });
        delete fresh[n.id];
      });
      Object.keys(fresh).forEach(function (id) { var n = self.nodeOf(id); n.size = self.shownSizes[id]; updates.push(n); });
      if (links.changed.length) this.edges.update(links.changed);
      if (this.network) this.afterLayout(updates); else if (updates.length) this.nodes.update(updates);
    }
    if (!this.state.selected) this.overview();
    this.activeCount = Object.keys(degree).length;
    if (this.fragButton) {
      this.fragButton.textContent = this.state.fragments ? "Hide small groups" : plural(this.hiddenSmall.groups, "small group") + " (" + plural(this.hiddenSmall.actors, "actor") + ") hidden: show";
      this.fragButton.hidden = !this.hiddenSmall.groups;
      this.fragButton.setAttribute("aria-pressed", this.state.fragments ? "true" : "false");
    }
    var dated = events.filter(function (e) { return e._dated; }).length;
    var netNote = this.visibleActors.length < this.activeCount ? " (network: " + this.visibleActors.length + " shown)" : "";
    this.statsEl.textContent = plural(events.length, "event") + " (" + dated + " dated) · " + plural(this.activeCount, "actor") + netNote + " · " +
      plural(Object.keys(this.data.articles).length, "article") + (this.state.from || this.state.to ? " · window " + (this.state.from || "…") + " – " + (this.state.to || "…") : "");
  };

  /* Connected groups of the given nodes over the given links, largest first (union–find). */
  function components(nodes, links) {
    var parent = {};
    nodes.forEach(function (n) { parent[n] = n; });
    var find = function (n) { while (parent[n] !== n) { parent[n] = parent[parent[n]]; n = parent[n]; } return n; };
    links.forEach(function (l) { var a = find(l[0]), b = find(l[1]); if (a !== b) parent[a] = b; });
    var groups = {};
    nodes.forEach(function (n) { var r = find(n); (groups[r] = groups[r] || []).push(n); });
    return Object.keys(groups).map(function (r) { return groups[r]; }).sort(function (a, b) { return b.length - a.length; });
  }

  /* Labels that avoid each other: the busiest actors claim their label box first (in canvas units, so
     the result holds at every zoom); a label that would overlap one already placed, or sit on a
     busier node, is left off and the name stays in the node's tooltip. The labels go to vis with the
     node changes still `pending` (new nodes, sizes, hiding) in one update: each DataSet update makes
     vis-network rescan every node and edge. */
  Report.prototype.placeLabels = function (pending) {
    var self = this, ids = this.visibleActors.slice(), pos = this.network.getPositions(ids), waiting = {};
    pending = pending || [];
    pending.forEach(function (u) { waiting[u.id] = u; });
    var ctx = (this.measure = this.measure || document.createElement("canvas").getContext("2d"));
    ctx.font = LABEL_FONT + "px " + LABEL_FACE;
    ids.sort(function (a, b) { return (self.shownSizes[b] || 0) - (self.shownSizes[a] || 0) || (a < b ? -1 : 1); });
    var boxes = [], circles = [];
    var hit = function (b, c) {
      var nx = Math.max(b.l, Math.min(c.x, b.r)), ny = Math.max(b.t, Math.min(c.y, b.b));
      return (nx - c.x) * (nx - c.x) + (ny - c.y) * (ny - c.y) < c.r * c.r;
    };
    var updates = [];
    ids.forEach(function (id) {
      var at = pos[id] || (waiting[id] && waiting[id].x !== undefined ? waiting[id] : null);
      if (!at) return;  /* a new node vis has not placed yet: labelled at the next layout */
      var name = self.name(id), r = self.shownSizes[id] || NODE_MIN, w = ctx.measureText(name).width + 2 * LABEL_PAD;
      var t = at.y + r + LABEL_GAP, b = { l: at.x - w / 2, r: at.x + w / 2, t: t, b: t + LABEL_FONT * LABEL_LINE + 2 * LABEL_PAD };
      var clear = !boxes.some(function (o) { return b.l < o.r && o.l < b.r && b.t < o.b && o.t < b.b; }) &&
        !circles.some(function (c) { return c.id !== id && hit(b, c); });
      if (clear) boxes.push(b);
      circles.push({ id: id, x: at.x, y: at.y, r: r });
      var label = clear ? name : undefined, u = waiting[id];
      if (u) u.label = label;
      else if ((self.nodes.get(id) || {}).label !== label) updates.push({ id: id, label: label });
    });
    this.labelled = boxes.length;
    updates = pending.concat(updates);
    if (updates.length) this.nodes.update(updates);
  };

  /* After the positions settle: place the labels and fit the view to the nodes shown. `pending`:
     node changes to hand to vis with the labels. */
  Report.prototype.afterLayout = function (pending) {
    if (this.settling) { if (pending && pending.length) this.nodes.update(pending); return; }
    this.placeLabels(pending);
    this.network.fit({ nodes: this.visibleActors, animation: false });
  };

  Report.prototype.edgeTitle = function (e) {
    var self = this, lines = [this.name(e.from) + " — " + this.name(e.to) + " (" + plural(e.events.length, "event") + ")"];
    e.events.slice().sort(byDate).slice(0, 5).forEach(function (ev) {
      var m = ev.mentions[0];
      lines.push(ev._words + " " + typeLabel(ev) + (ev.status !== "asserted" ? " [" + ev.status + "]" : "") + (m ? ": “" + clip(m.sentence, 140) + "”" : ""));
    });
    if (e.events.length > 5) lines.push("… click the link for all " + e.events.length);
    return lines.join("\n");
  };

  function byDate(a, b) {
    var x = a._start || "9999", y = b._start || "9999";
    return x < y ? -1 : x > y ? 1 : a._i - b._i;
  }

  /* ---------- time window and play ---------- */
  Report.prototype.setWindow = function (from, to, moveTimeline) {
    if (from && to && from > to) { var t = from; from = to; to = t; }
    this.state.from = from; this.state.to = to;
    this.fromInput.value = from || ""; this.toInput.value = to || "";
    if (moveTimeline && this.timeline) {
      if (from || to) {
        var a = from ? parseDay(from) : parseDay(this.extent ? this.extent[0] : to);
        var b = to ? new Date(parseDay(to).getTime() + DAY) : new Date(parseDay(this.extent ? this.extent[1] : from).getTime() + DAY);
        this.timeline.setWindow(a, b, { animation: false });
      } else this.timeline.fit({ animation: false });
    }
    this.updateNetwork();
  };

  Report.prototype.togglePlay = function () { if (this.playing) this.stopPlay(); else this.startPlay(); };
  Report.prototype.stopPlay = function () {
    if (this.playTimer) clearInterval(this.playTimer);
    this.playing = false; this.playTimer = null;
    this.playButton.textContent = "▶ Play";
  };
  /* Play steps through the articles' period (or, without one, every date) in windows sized to it: days
     for a few weeks of news, weeks for a few months, then months and years; a narrower window the
     reader chose sets the step instead. */
  Report.prototype.startPlay = function () {
    var self = this, bounds = this.period || this.extent;
    if (!bounds) return;
    var min = parseDay(bounds[0]).getTime(), max = parseDay(bounds[1]).getTime() + DAY;
    var chosen = this.state.from && this.state.to ? parseDay(this.state.to) - parseDay(this.state.from) + DAY : Infinity;
    var width = chosen < max - min ? chosen : playStep(max - min);
    var start = min;
    var starts = this.visibleEventsAll().filter(function (e) { return e._dated && !e._coarse; }).map(function (e) { return [e._s, e._e]; });
    this.playing = true;
    this.playButton.textContent = "❚❚ Pause";
    var step = function () {
      /* Skip stretches with nothing in them: jump to the next event's start. */
      var upcoming = starts.filter(function (se) { return se[1] > start; });
      if (upcoming.length && !upcoming.some(function (se) { return se[0] < start + width; })) {
        start = Math.min.apply(null, upcoming.map(function (se) { return se[0]; }));
      }
      if (start >= max || !upcoming.length) { self.stopPlay(); return; }
      var end = new Date(start + width - 1);
      self.setWindow(dayString(new Date(start)), dayString(end), true);
      start += width;
    };
    step();
    this.playTimer = setInterval(step, PLAY_INTERVAL);
  };

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
    var evs = this.visibleEvents().slice().sort(byDate);
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

  Report.prototype.selectEvent = function (id, from) {
    var self = this, ev = this.eventsById[id];
    if (!ev) return;
    this.state.selected = { kind: "event", id: id };
    this.clearPanel();
    var p = this.panel;
    var h = el("h2", "tlr-panel-title");
    var badge = el("span", "tlr-badge", typeLabel(ev)); badge.style.background = self.S.quad_colors[quadOf(ev)];
    h.appendChild(badge);
    if (ev.mode && ev.mode !== ev.trigger && ev.mode !== ev.lemma) h.appendChild(el("span", "tlr-mode", ev.mode));
    p.appendChild(h);
    p.appendChild(el("p", "tlr-summary", this.summary(ev)));
    var facts = el("dl", "tlr-facts");
    var add = function (k, v) { if (v === null || v === undefined || v === "") return; facts.appendChild(el("dt", null, k)); var dd = el("dd"); if (v instanceof Node) dd.appendChild(v); else dd.textContent = v; facts.appendChild(dd); };
    add("When", ev._words + (ev._coarse && ev.date.grain !== "range" ? " (" + ev._start + " – " + ev._end + ")" : "") + (ev.date.basis === "publication" ? " · from publication date" : ""));
    add("Status", ev.status);
    add("Confidence", ev.confidence.toFixed(2) + " (how sure the coder is, 0–1)");
    var chips = function (ids) { var f = el("span"); ids.forEach(function (a) { f.appendChild(self.actorChip(a)); }); return f; };
    if (ev.source.length) add("Who", chips(ev.source));
    if (ev.target.length) add("To whom", chips(ev.target));
    if (ev.location) add("Where", chips([ev.location]));
    add("Class", self.S.quad_labels[quadOf(ev)]);
    p.appendChild(facts);
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
    this.state.selected = { kind: "actor", id: id };
    this.clearPanel();
    var p = this.panel;
    var h = el("h2", "tlr-panel-title");
    var dot = el("span", "tlr-dot"); dot.style.background = self.S.kind_colors[a.kind];
    h.appendChild(dot); h.appendChild(document.createTextNode(" " + a.name));
    p.appendChild(h);
    var evs = (this.byActor[id] || []).slice().sort(byDate);
    var asSource = evs.filter(function (e) { return e.source.indexOf(id) >= 0; }).length;
    var facts = el("dl", "tlr-facts");
    var add = function (k, v) { if (!v) return; facts.appendChild(el("dt", null, k)); facts.appendChild(el("dd", null, v)); };
    add("Kind", a.kind); add("Country", a.country); add("Sector", a.sector);
    add("Also called", (a.aliases || []).join("; "));
    add("Events", evs.length + " (" + asSource + " as actor, " + (evs.length - asSource) + " as target or place)");
    p.appendChild(facts);
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
    evs.slice(0, 200).forEach(function (e) { list.appendChild(self.eventRow(e)); });
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

  /* ---------- public ---------- */
  function mount(root) {
    if (!root || root.timelineReport) return root && root.timelineReport;
    var r = new Report(root);
    root.timelineReport = {
      visibleActorIds: function () { return r.visibleActors.slice(); },
      visibleEventIds: function () { return r.visibleEvents().map(function (e) { return e.id; }); },
      setWindow: function (from, to) { r.setWindow(from, to, true); },
      selectEvent: function (id) { r.selectEvent(id, "api"); },
      selectActor: function (id) { r.selectActor(id, "api"); },
      timeline: function () { return r.timeline; },
      network: function () { return r.network; }
    };
    return root.timelineReport;
  }
  return { mount: mount };
})();
