/* The network: legend strip, top-N, small groups, links, and labels that avoid each other. */
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

  /* The chosen events inside the time window. The network and the side list both ask after every change,
     so the answer is kept until the selection or the window changes. */
  Report.prototype.visibleEvents = function () {
    var current = this.current || [], c = this.visibleCache;
    if (c && c.current === current && c.from === this.state.from && c.to === this.state.to) return c.events;
    var events = this.inWindow(current);
    this.visibleCache = { current: current, from: this.state.from, to: this.state.to, events: events };
    return events;
  };

  /* After every filter or window change: the network (on a page that has one), the side list and
     the stats line. */
  Report.prototype.updateNetwork = function () {
    var events = this.visibleEvents(), degree = {}, i, j, ev;
    this.saveHash();
    /* Plain loops: this pass and drawNetwork's run over every visible event at each filter. */
    for (i = 0; i < events.length; i++) {
      for (j = 0, ev = events[i]; j < ev._shown.length; j++) degree[ev._shown[j]] = (degree[ev._shown[j]] || 0) + 1;
    }
    this.activeCount = Object.keys(degree).length;
    if (this.has("network")) this.drawNetwork(events, degree);
    else this.visibleActors = Object.keys(degree);  /* a timeline page: every actor in view */
    if (!this.state.selected) this.overview();
    var dated = events.filter(function (e) { return e._dated; }).length;
    var netNote = this.has("network") && this.visibleActors.length < this.activeCount ? " (network: " + this.visibleActors.length + " shown)" : "";
    this.statsEl.textContent = plural(events.length, "event") + " (" + dated + " dated) · " + plural(this.activeCount, "actor") + netNote + " · " +
      plural(Object.keys(this.data.articles).length, "article") + (this.state.from || this.state.to ? " · window " + (this.state.from || "…") + " – " + (this.state.to || "…") : "");
  };

  /* The network shows the top-N most active actors in the current selection (beyond a few hundred
     nodes a hairball explains nothing and costs seconds to draw), and of those only the connected
     groups of MIN_GROUP or more actors unless the reader asks for the small fragments too. Nodes enter
     the DataSet on first use. `degree` counts each actor's visible events. */
  Report.prototype.drawNetwork = function (events, degree) {
    var self = this, edges = {}, i, j, ev;
    var limit = Math.min(this.state.top || NET_MAX, NET_MAX);
    var active = topKeys(degree, limit, function (a, b) { return a < b ? -1 : 1; }), inTop = setOf(active);
    for (i = 0; i < events.length; i++) {
      for (j = 0, ev = events[i]; j < ev._pairs.length; j++) {
        var p = ev._pairs[j];
        if (!inTop[p[0]] || !inTop[p[1]]) continue;
        var key = ev._pairKeys[j];
        var e = edges[key] || (edges[key] = { from: p[0], to: p[1], events: [], types: {}, quads: {} });
        e.events.push(ev);
        e.types[ev._label] = (e.types[ev._label] || 0) + 1;
        e.quads[ev._quad] = (e.quads[ev._quad] || 0) + 1;
      }
    }
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
    /* Each link's look and tooltip follow from its width, label, colour, dashes and first events:
       only the links whose signature of those changed are rebuilt and handed to vis. */
    var seen = this.edgesSeen || {}, now = {}, changedEdges = [];
    keys.forEach(function (k) {
      var e = edges[k], n = e.events.length;
      self.edgeEvents[k] = e.events;
      var types = Object.keys(e.types).sort(function (a, b) { return e.types[b] - e.types[a]; });
      var quad = Object.keys(e.quads).sort(function (a, b) { return e.quads[b] - e.quads[a]; })[0];
      var planned = e.events.every(function (ev) { return ev.status !== "asserted"; });
      var label = showLabels ? types.slice(0, 2).map(function (t) { return e.types[t] > 1 ? t + " ×" + e.types[t] : t; }).join(", ") : undefined;
      var width = widthOf(n), sig = [width, label, quad, planned, n].concat(e.events.slice(0, EDGE_TITLE_EVENTS).map(function (ev) { return ev.id; })).join("\u0001");
      now[k] = sig;
      if (seen[k] === sig) return;
      changedEdges.push({
        id: k, from: e.from, to: e.to, width: width, label: label, hidden: false,
        color: { color: self.S.quad_colors[quad], highlight: self.S.quad_colors[quad], hover: self.S.quad_colors[quad], opacity: 0.85 },
        dashes: planned,
        title: self.edgeTitle(e)
      });
    });
    var removedEdges = Object.keys(seen).filter(function (k) { return !hasOwn(now, k); });
    var maxDegree = Math.max.apply(null, [1].concat(Object.keys(shown).map(function (a) { return degree[a]; })));
    /* Whole pixels: a filter then resizes only the nodes whose size visibly changes, and vis-network
       redoes less work per update. */
    var low = this.S.node_sizes[0], high = this.S.node_sizes[1];  /* style.node_radius, in whole pixels */
    var sizeOf = function (a) { return Math.round(low + (high - low) * Math.sqrt((degree[a] - 1) / Math.max(maxDegree - 1, 1))); };
    this.shownSizes = {};
    Object.keys(shown).forEach(function (a) { self.shownSizes[a] = sizeOf(a); });
    this.visibleActors = Object.keys(shown).sort();
    if (this.nodes) {
      this.edgesSeen = now;
      var updates = [], fresh = setOf(Object.keys(shown));
      this.nodes.forEach(function (n) {
        var hidden = !shown[n.id], size = hidden ? n.size : self.shownSizes[n.id];
        if (n.hidden !== hidden || n.size !== size) updates.push({ id: n.id, hidden: hidden, size: size });
        delete fresh[n.id];
      });
      Object.keys(fresh).forEach(function (id) { var n = self.nodeOf(id); n.size = self.shownSizes[id]; updates.push(n); });
      this.retire(this.edges, { changed: changedEdges, removed: removedEdges }, function (id) { return { id: id, hidden: true }; });
      if (this.network) this.afterLayout(updates); else if (updates.length) this.nodes.update(updates);
    }
    if (this.fragButton) {
      this.fragButton.textContent = this.state.fragments ? "Hide small groups" : plural(this.hiddenSmall.groups, "small group") + " (" + plural(this.hiddenSmall.actors, "actor") + ") hidden: show";
      this.fragButton.hidden = !this.hiddenSmall.groups;
      this.fragButton.setAttribute("aria-pressed", this.state.fragments ? "true" : "false");
    }
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
      var name = self.name(id), r = self.shownSizes[id] || self.S.node_sizes[0], w = ctx.measureText(name).width + 2 * LABEL_PAD;
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
    e.events.slice(0, EDGE_TITLE_EVENTS).forEach(function (ev) {  /* in date order, as the visible events are */
      var m = ev.mentions[0];
      lines.push(ev._words + " " + typeLabel(ev) + (ev.status !== "asserted" ? " [" + ev.status + "]" : "") + (m ? ": “" + clip(m.sentence, 140) + "”" : ""));
    });
    if (e.events.length > EDGE_TITLE_EVENTS) lines.push("… click the link for all " + e.events.length);
    return lines.join("\n");
  };
