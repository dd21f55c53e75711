/* timeline report app: mounts a timeline + network view on a root element holding its JSON data.
   Every piece of article text goes into the DOM through textContent / createTextNode, never as HTML,
   and the vis libraries get plain-text tooltips (vis-network shows strings with innerText) or
   escaped strings (vis-timeline). One global, TimelineReport, is shared by all instances on a page.
   The modules (core, state, filters, timeline, network, panel, export) are bundled by
   timeline/render/page.py into one function scope: each adds methods to Report and may use the
   constants and helpers defined here. */

  var MAX_LANES = 20;
  var CONFIDENCE_STEPS = [0, 0.5, 0.6, 0.7, 0.8];
  var SEARCH_SENTENCES = 12;
  var ITEM_LIMIT = 250;
  var PARKED = "_parked";  /* the hidden lane of items waiting to be removed */
  var TIDY_DELAY = 400;  /* ms after a render before what it dropped is removed (retire) */
  var NET_MAX = 400;
  var NET_TOPS = [50, 100, 200, 400, 0];  /* 0: every actor (up to NET_MAX) */
  var NET_DEFAULT_TOP = 100;
  var MIN_GROUP = 3;  /* connected groups smaller than this (pairs, isolates) are hidden by default */
  var LABEL_FONT = 14;
  var LABEL_PAD = 3;
  var LABEL_GAP = 4;
  var LABEL_LINE = 1.25;
  var LABEL_FACE = "system-ui, sans-serif";
  var EDGE_LABEL_MAX = 60;
  var LABEL_THRESHOLD = 5;
  var EDGE_MAX = 1200;
  var EDGE_TITLE_EVENTS = 5;  /* events quoted in a link's tooltip */
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
  /* Local midnight of a day in ms, memoised: a big store has tens of thousands of events on a few hundred days. */
  var dayMs = {};
  function dayTime(s) { return hasOwn(dayMs, s) ? dayMs[s] : (dayMs[s] = parseDay(s).getTime()); }
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
      /* The payload leaves empty fields out (page.py's _compact). */
      ev.source = ev.source || []; ev.target = ev.target || []; ev.links = ev.links || []; ev.mentions = ev.mentions || [];
      /* Events that quote one sentence share it: the payload holds each sentence once (page.py's _event). */
      ev.mentions.forEach(function (m) { m.sentence = data.sentences[m.s]; });
      ev._i = i;
      ev._actors = uniq(ev.source.concat(ev.target, ev.location ? [ev.location] : []));
      ev._pairs = pairsOf(ev);
      /* What every filter's network pass reads per pair and per event, computed once. */
      ev._pairKeys = ev._pairs.map(function (p) { return p[0] < p[1] ? p[0] + "\u0001" + p[1] : p[1] + "\u0001" + p[0]; });
      ev._label = typeLabel(ev);
      ev._quad = quadOf(ev);
      ev._dated = !!ev.date.start;
      ev._start = ev.date.start;
      ev._end = ev.date.end || ev.date.start;
      ev._coarse = !!ev.date.coarse;
      /* Start and end (exclusive) in ms, parsed once: every filter and window move reads them. */
      if (ev._dated) { ev._s = dayTime(ev._start); ev._e = dayTime(ev._end) + DAY; }
      ev._words = ev.date.words || ev.date.value || ev._start || "undated";
    });
    /* Every pass over the events goes in date order (byDate), so that the kept events, the lanes, the
       side list and each link's events come out sorted without sorting tens of thousands per filter. */
    this.dateOrder = data.events.slice().sort(byDate);
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
    this.followHash();
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
  /* First occurrences in order; a linear scan, as the lists are an event's few actors or a filter's few keys. */
  function uniq(a) {
    var out = [];
    for (var i = 0; i < a.length; i++) if (out.indexOf(a[i]) < 0) out.push(a[i]);
    return out;
  }
  /* The n keys with the highest counts, ties broken by `tie`: the same as sorting every key with the
     full comparator, but the (slow, locale-aware) tie-break runs only on the keys that can make the cut. */
  function topKeys(counts, n, tie) {
    var keys = Object.keys(counts);
    if (keys.length > n) {
      /* The n-th highest count from a numeric sort (tens of thousands of actors on a big store),
         then only the keys at or above it are sorted with the comparator. */
      var values = new Float64Array(keys.length);
      for (var i = 0; i < keys.length; i++) values[i] = -counts[keys[i]];
      values.sort();
      var cut = -values[n - 1];
      keys = keys.filter(function (k) { return counts[k] >= cut; });
    }
    return keys.sort(function (a, b) { return counts[b] - counts[a] || tie(a, b); }).slice(0, n);
  }
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

  /* Hands a diff to a vis DataSet in one update: every DataSet call makes vis lay out all it holds
     again (the timeline's whole item set, the network's every node and edge), so the ids a render
     drops are not removed at once but hidden (`hide(id)` gives the hiding change) and removed
     together TIDY_DELAY ms later, once the view is on screen. */
  Report.prototype.retire = function (set, diff, hide) {
    var stale = this.stale || (this.stale = new Map()), ids = stale.get(set);
    if (!ids) stale.set(set, ids = {});
    diff.changed.forEach(function (item) { delete ids[item.id]; });
    diff.removed.forEach(function (id) { ids[id] = true; });
    var changes = diff.changed.concat(diff.removed.map(hide));
    if (changes.length) set.update(changes);
    if (!diff.removed.length) return;
    clearTimeout(this.tidyTimer);
    this.tidyTimer = setTimeout(function () {
      stale.forEach(function (gone, dataset) {
        var list = Object.keys(gone);
        stale.set(dataset, {});
        if (list.length) dataset.remove(list);
      });
    }, TIDY_DELAY);
  };

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

  function byDate(a, b) {
    var x = a._start || "9999", y = b._start || "9999";
    return x < y ? -1 : x > y ? 1 : a._i - b._i;
  }

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
