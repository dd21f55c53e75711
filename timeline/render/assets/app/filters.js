/* Filters, the time window and Play: which events the views show. */
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

  /* ---------- filtering ---------- */
  /* Whether an actor's kind and country pass the filters. Asked for every actor of every event several
     times a refresh, so the answers are kept until the next refresh (which every filter change runs). */
  Report.prototype.actorVisible = function (id) {
    var memo = this.actorShownMemo;
    if (memo && id in memo) return memo[id];
    var a = this.actors[id];
    var shown = !!a && !!this.state.kinds[a.kind] && (!this.state.country || a.country === this.state.country);
    if (memo) memo[id] = shown;
    return shown;
  };
  /* Whether the kind or country filter hides any actor: without either, every actor shows and the
     lanes and the network need no per-actor check. */
  Report.prototype.actorsNarrowed = function () {
    var kinds = this.state.kinds;
    return !!this.state.country || this.S.kinds.some(function (k) { return !kinds[k]; });
  };
  Report.prototype.eventPasses = function (ev) {
    var s = this.state;
    if (!s.types[ev.type] || !s.quads[ev._quad] || !s.statuses[ev.status]) return false;
    if (s.political && ev.type === "OTHER") return false;
    return ev.confidence >= s.minConfidence;
  };
  /* The events whose dates overlap the time window (all of them without one), compared in ms: the
     first day at or before the window's last, the last day (_e is the day after it) at or after its first. */
  Report.prototype.inWindow = function (events) {
    var s = this.state;
    if (!s.from && !s.to) return events.slice();
    var first = s.from ? parseDay(s.from).getTime() : -Infinity, last = s.to ? parseDay(s.to).getTime() : Infinity;
    return events.filter(function (ev) { return ev._dated && ev._s <= last && ev._e - DAY >= first; });
  };
  /* The events the filters keep, in date order, each with `_shown`: its actors that the filters show,
     which the lanes and the network read. An event with none of its actors shown is not kept. */
  Report.prototype.filtered = function () {
    var self = this, narrowed = this.actorsNarrowed();
    var visible = function (a) { return self.actorVisible(a); };
    return this.dateOrder.filter(function (ev) {
      if (!self.eventPasses(ev)) return false;
      ev._shown = narrowed ? ev._actors.filter(visible) : ev._actors;
      return ev._shown.length > 0;
    });
  };

  Report.prototype.refresh = function () {
    this.actorShownMemo = {};
    var events = this.filtered();
    this.current = events;
    if (this.timeline) this.updateTimeline(events);
    this.updateNetwork();
  };

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
