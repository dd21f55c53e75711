/* The timeline: lanes, coarse-date bands, and the items around the visible window. */
  /* ---------- timeline ---------- */
  Report.prototype.initTimeline = function () {
    var self = this;
    this.items = new vis.DataSet();
    /* Items a render drops wait, hidden, in the PARKED lane (see retire). */
    this.groups = new vis.DataSet([{ id: PARKED, label: "", order: -1, visible: false }]);
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
      if (self.laneEvents) self.renderWindow(false);
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
    var dated = [], coarse = [], i, j, ev;
    for (i = 0; i < events.length; i++) if (events[i]._dated) (events[i]._coarse ? coarse : dated).push(events[i]);
    var groups = [], laneOf = {};
    if (mode === "type") {
      this.typesPresent.forEach(function (t, i) {
        if (dated.some(function (e) { return e.type === t; })) groups.push({ id: t, label: t, order: i });
      });
    } else {
      var counts = {};
      for (i = 0; i < dated.length; i++) for (j = 0, ev = dated[i]; j < ev._shown.length; j++) counts[ev._shown[j]] = (counts[ev._shown[j]] || 0) + 1;
      var top = topKeys(counts, MAX_LANES, function (a, b) { return self.name(a).localeCompare(self.name(b)); });
      top.forEach(function (a, i) {
        laneOf[a] = true;
        groups.push({ id: a, label: self.name(a), order: i, color: self.S.kind_colors[(self.actors[a] || {}).kind] });
      });
    }
    this.laneEvents = dated;  /* in start order, as the kept events are */
    this.laneOf = mode === "type" ? null : laneOf;
    var laneless = function (ev) { return !ev._shown.some(function (a) { return laneOf[a]; }); };
    if (mode === "actor" && dated.some(laneless)) groups.push({ id: "_other", label: "Other actors", order: MAX_LANES + 1 });
    var periods = {};
    coarse.forEach(function (ev) {
      var key = ev._period || (ev._period = periodKey(ev));
      (periods[key] = periods[key] || { key: key, band: key.split("\u0001")[0], s: ev._s, e: ev._e, words: ev._words, events: [] }).events.push(ev);
    });
    this.coarsePeriods = periods;
    COARSE_BANDS.forEach(function (b, i) {
      if (Object.keys(periods).some(function (k) { return periods[k].band === b.id; })) groups.push({ id: b.id, label: b.label, order: MAX_LANES + 2 + i, className: "tlr-band", subgroupOrder: "subgroup" });
    });
    /* Stale lanes are hidden, not removed, so that no item is ever in a lane vis does not know. */
    groups.forEach(function (g) { g.visible = true; });
    var lanes = diffItems(groups, this.groupsSeen || {});
    this.groupsSeen = lanes.seen;
    this.retire(this.groups, lanes, function (id) { return { id: id, visible: false }; });
    this.renderWindow(true);
  };

  /* A coarse event's band and period ("_band_month\u00011987-03-01\u00011987-03-31"), kept on the event. */
  function periodKey(ev) {
    var band = COARSE_BANDS.filter(function (b) { return b.grains.indexOf(ev.date.grain) >= 0; })[0] || COARSE_BANDS[COARSE_BANDS.length - 1];
    return band.id + "\u0001" + ev._start + "\u0001" + ev._end;
  }

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
    var items = [], hits = [], hitLanes = [], i;
    var itemOf = function (ev, lane) {
      var range = ev._start !== ev._end;
      return {
        id: ev.id + "\u0001" + lane, eventId: ev.id, group: lane, start: new Date(ev._s), end: range ? new Date(ev._e) : undefined,
        type: range ? "range" : "point", label: self.itemLabel(ev, self.state.lanes === "actor" ? [lane] : null),
        title: escapeHtml(self.itemTitle(ev)), className: "tlr-q-" + ev._quad + " tlr-s-" + ev.status
      };
    };
    this.eachInLanes(lo, hi, function (ev, lane) { hits.push(ev); hitLanes.push(lane); });
    var inView = hits.length;
    if (inView <= ITEM_LIMIT) for (i = 0; i < inView; i++) items.push(itemOf(hits[i], hitLanes[i]));
    else {
      var u = BIN_UNITS.findIndex(function (unit) { return (we - ws) / unit.approx <= 13; });
      if (u < 0) u = BIN_UNITS.length - 1;
      var unit = BIN_UNITS[u], bins = [], lanes = new Map();
      /* Per lane and period: how many events, the one event (drawn as itself when alone, but inside
         its bin's box, so that its label never runs over the next bin: without stacking vis would
         overprint them), and the count of each quad class, whose commonest colours the bin (first
         seen wins a tie). */
      for (i = 0; i < inView; i++) {
        var ev = hits[i], lane = hitLanes[i], b0 = binStart(ev, u), inLane = lanes.get(lane);
        if (!inLane) lanes.set(lane, inLane = new Map());
        var bin = inLane.get(b0);
        if (!bin) { inLane.set(b0, bin = { key: lane + "|" + b0, group: lane, s: b0, n: 0, one: ev, quads: {} }); bins.push(bin); }
        bin.n++;
        bin.quads[ev._quad] = (bin.quads[ev._quad] || 0) + 1;
      }
      bins.forEach(function (b) {
        var next = unit.next(new Date(b.s)), end = new Date(next.getTime() - (next.getTime() - b.s) * 0.04), quads = b.quads;
        if (b.n === 1) {
          var alone = itemOf(b.one, b.group);
          alone.start = new Date(b.s); alone.end = end; alone.type = "range"; alone.className += " tlr-alone";
          items.push(alone);
          return;
        }
        var top = Object.keys(quads).sort(function (x, y) { return quads[y] - quads[x]; })[0];
        items.push({
          id: "bin\u0001" + b.key, group: b.group, start: new Date(b.s), end: end, binEnd: next.getTime(), type: "range",
          label: b.n + " events", className: "tlr-bin tlr-q-" + top,
          title: escapeHtml(b.n + " events, " + dayString(new Date(b.s)) + " – " + dayString(new Date(next.getTime() - 1)) + ": click to zoom in")
        });
      });
    }
    var periods = this.coarsePeriods || {}, rowEnds = {};
    /* Periods overlap ("week 9" and its weekend, "winter 1986" and "first quarter of 1987"), and when
       the lanes are binned vis does not stack: each period gets the first row of its band (a vis
       subgroup) that is free from its start, so that none is drawn over another. */
    var shown = Object.keys(periods).filter(function (k) { return periods[k].s < hi && periods[k].e > lo; });
    shown.sort(function (a, b) { return periods[a].s - periods[b].s || periods[b].e - periods[a].e || (a < b ? -1 : 1); });
    shown.forEach(function (k) {
      var p = periods[k], ends = rowEnds[p.band] || (rowEnds[p.band] = []), row = 0;
      while (row < ends.length && ends[row] > p.s) row++;
      ends[row] = p.e;
      var one = p.events.length === 1 ? p.events[0] : null;
      items.push({
        id: "period\u0001" + k, coarseKey: k, group: p.band, subgroup: row, start: new Date(p.s), end: new Date(p.e), type: "range",
        label: one ? p.words + ": " + self.itemLabel(one, null) : p.words + ": " + p.events.length + " events",
        title: escapeHtml(one ? self.itemTitle(one) : p.words + ": " + p.events.length + " events dated only to this period: click to list them"),
        className: "tlr-period" + (one ? " tlr-q-" + quadOf(one) + " tlr-s-" + one.status : "")
      });
    });
    /* Bins of one lane never overlap, but vis-timeline's stacking still staggers adjacent ranges. */
    var stack = inView <= ITEM_LIMIT;
    if (this.stacked !== stack) { this.timeline.setOptions({ stack: stack }); this.stacked = stack; }
    var diff = diffItems(items, this.itemsSeen || {});
    this.itemsSeen = diff.seen;
    this.retire(this.items, diff, function (id) { return { id: id, group: PARKED }; });
    if (this.state.selected && this.state.selected.kind === "event") this.markTimeline(this.state.selected.id);
  };

  /* Calls fn(event, lane) for each day- or week-dated event shown that overlaps [lo, hi), once for
     every lane it is drawn in ("_other" when none of its actors has a lane). The events are in start
     order, so the scan stops at the first that starts after `hi`. */
  Report.prototype.eachInLanes = function (lo, hi, fn) {
    var events = this.laneEvents, laneOf = this.laneOf;
    for (var i = 0; i < events.length && events[i]._s < hi; i++) {
      var ev = events[i];
      if (ev._e <= lo) continue;
      if (!laneOf) { fn(ev, ev.type); continue; }
      var drawn = false;
      for (var j = 0; j < ev._shown.length; j++) {
        if (laneOf[ev._shown[j]]) { drawn = true; fn(ev, ev._shown[j]); }
      }
      if (!drawn) fn(ev, "_other");
    }
  };

  /* The start (ms) of the BIN_UNITS[u] period holding an event's start, kept on the event: every
     filter and window move bins thousands of events, and the Date arithmetic is what it costs. */
  function binStart(ev, u) {
    var known = ev._bins || (ev._bins = []);
    return known[u] !== undefined ? known[u] : (known[u] = BIN_UNITS[u].floor(new Date(ev._s)).getTime());
  }

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
