// kg viz --timeline: projects as rows along time. Every text from an article goes in with textContent.
(function () {
  "use strict";
  const t0 = performance.now();
  const data = JSON.parse(document.getElementById("tl-data").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const LABEL_W = 300, ROW_H = 26, TOP = 28, UNDATED_W = 110, MAX_LABEL = 22;
  const stages = {};
  data.stages.forEach(function (s, i) { s.order = i; stages[s.key] = s; });

  function el(name, attrs, parent) {
    const e = document.createElementNS(SVG, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function html(name, text, parent, cls) {
    const e = document.createElement(name);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }

  // [start, end) of a date in fractional years: a day, a month or a whole year
  function span(date) {
    const p = date.split("-").map(Number);
    if (p.length === 1) return [p[0], p[0] + 1];
    if (p.length === 2) return [p[0] + (p[1] - 1) / 12, p[0] + p[1] / 12];
    const start = p[0] + (p[1] - 1) / 12 + (p[2] - 1) / 365;
    return [start, start];
  }

  let lo = Infinity, hi = -Infinity;
  data.projects.forEach(function (p) {
    p.milestones.forEach(function (m) {
      if (!m.date) return;
      const s = span(m.date);
      lo = Math.min(lo, Math.floor(s[0]));
      hi = Math.max(hi, s[1] === s[0] ? Math.floor(s[0]) + 1 : Math.ceil(s[1] - 1e-9));
    });
  });
  if (lo === Infinity) { lo = new Date().getFullYear(); hi = lo + 1; }

  // filters
  const bannerSel = document.getElementById("tl-banner"), sectorSel = document.getElementById("tl-sector");
  function fill(select, values) {
    Array.from(new Set(values)).sort().forEach(function (v) {
      const o = html("option", v, select);
      o.value = v;
    });
  }
  fill(bannerSel, [].concat.apply([], data.projects.map(function (p) { return p.banners; })));
  fill(sectorSel, [].concat.apply([], data.projects.map(function (p) { return p.sectors; })));

  // legend
  const legend = document.getElementById("tl-legend");
  data.stages.forEach(function (s) {
    const item = html("span", null, legend);
    const sw = el("svg", {width: 14, height: 14}, item);
    el("rect", {x: 1, y: 3, width: 12, height: 8, rx: 2, fill: s.color}, sw);
    html("span", s.zh + " " + s.en, item);
  });
  [["已完成 done", false], ["计划 planned", true]].forEach(function (d) {
    const item = html("span", null, legend);
    const sw = el("svg", {width: 14, height: 14}, item);
    el("rect", {x: 1, y: 3, width: 12, height: 8, rx: 2, fill: d[1] ? "#fff" : "#777", stroke: "#777",
                "stroke-dasharray": d[1] ? "2 1.5" : "none"}, sw);
    html("span", d[0], item);
  });

  const chart = document.getElementById("tl-chart");
  const tip = document.getElementById("tl-tip");
  let marks = [];

  function draw() {
    const t = performance.now();
    const banner = bannerSel.value, sector = sectorSel.value;
    const shown = data.projects.filter(function (p) {
      return (!banner || p.banners.indexOf(banner) >= 0) && (!sector || p.sectors.indexOf(sector) >= 0);
    });
    const avail = Math.max(600, chart.clientWidth || 1200);
    const yearW = Math.max(90, (avail - LABEL_W - UNDATED_W) / (hi - lo));
    const width = LABEL_W + yearW * (hi - lo) + UNDATED_W;
    const height = TOP + ROW_H * shown.length + 4;
    const x = function (v) { return LABEL_W + (v - lo) * yearW; };
    const svg = el("svg", {width: width, height: height, role: "img"});
    const grid = el("g", {}, svg);
    for (let y = lo; y <= hi; y++) {
      el("line", {x1: x(y), x2: x(y), y1: TOP - 6, y2: height, "class": "tl-grid"}, grid);
      if (y < hi) el("text", {x: x(y) + 4, y: 16, "class": "tl-year"}, grid).textContent = String(y);
    }
    el("line", {x1: x(hi) + 4, x2: x(hi) + 4, y1: TOP - 6, y2: height, "class": "tl-grid"}, grid);
    el("text", {x: x(hi) + 10, y: 16, "class": "tl-year"}, grid).textContent = "日期不明 undated";
    marks = [];
    const rows = el("g", {}, svg);
    shown.forEach(function (p, r) {
      const top = TOP + r * ROW_H;
      const g = el("g", {"class": "tl-row"}, rows);
      el("rect", {x: 0, y: top, width: width, height: ROW_H, fill: r % 2 ? "#fafafa" : "#fff", "class": "tl-band"}, g);
      const label = el("text", {x: 4, y: top + 17, "class": "tl-label"}, g);
      label.textContent = p.label.length > MAX_LABEL ? p.label.slice(0, MAX_LABEL) + "…" : p.label;
      el("title", {}, label).textContent = p.label;
      const stack = {}, same = {};
      p.milestones.forEach(function (m) { same[m.date || ""] = (same[m.date || ""] || 0) + 1; });
      let undated = 0;
      p.milestones.forEach(function (m) {
        const s = stages[m.stage] || {color: "#999", zh: m.stage, en: m.stage};
        const k = (stack[m.date || ""] = (stack[m.date || ""] || 0) + 1) - 1;
        const attrs = {fill: m.planned ? "#fff" : s.color, stroke: s.color, "stroke-width": 1.6,
                       "class": "tl-mark", "data-i": marks.length};
        if (m.planned) attrs["stroke-dasharray"] = "3 2";
        let shape;
        if (!m.date) {
          attrs.cx = x(hi) + 16 + 14 * undated++; attrs.cy = top + ROW_H / 2; attrs.r = 5;
          shape = el("circle", attrs, g);
        } else {
          const sp = span(m.date);
          if (sp[0] === sp[1]) {
            attrs.cx = x(sp[0]) + 7 * k; attrs.cy = top + ROW_H / 2; attrs.r = 5;
            shape = el("circle", attrs, g);
          } else {
            attrs.x = x(sp[0]) + 1; attrs.width = Math.max(4, x(sp[1]) - x(sp[0]) - 2);
            const h = (ROW_H - 6) / same[m.date];  // marks of one date share the row, one above the other
            attrs.y = top + 3 + k * h; attrs.height = Math.max(2, h - 1); attrs.rx = Math.min(3, h / 3);
            shape = el("rect", attrs, g);
          }
        }
        marks.push({project: p, m: m, stage: s, node: shape});
      });
    });
    chart.replaceChildren(svg);
    document.getElementById("tl-count").textContent = shown.length + " / " + data.projects.length;
    window.kgTimeline = {rows: shown.length, marks: marks.length, drawMs: performance.now() - t,
                         totalMs: performance.now() - t0};
  }

  function show(ev) {
    const i = ev.target.getAttribute && ev.target.getAttribute("data-i");
    if (i === null || i === undefined) { tip.hidden = true; return; }
    const k = marks[Number(i)];
    tip.replaceChildren();
    html("h3", k.project.label, tip);
    const when = k.m.date || (k.m.dateText ? k.m.dateText + "（日期不明 date unknown）" : "日期不明 date unknown");
    html("div", k.stage.zh + " " + k.stage.en + " · " + when + " · " + (k.m.planned ? "计划 planned" : "已完成 done"),
         tip, "tl-when");
    if (k.m.evidence) html("blockquote", "“" + k.m.evidence + "”", tip);
    if (k.m.document) html("div", "— " + (k.m.title || "") + " [" + k.m.document + "]", tip, "tl-src");
    tip.hidden = false;
    const w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.min(ev.clientX + 14, window.innerWidth - w - 8) + "px";
    tip.style.top = Math.min(ev.clientY + 14, window.innerHeight - h - 8) + "px";
  }

  chart.addEventListener("mouseover", show);
  chart.addEventListener("mousemove", function (ev) { if (!tip.hidden) show(ev); });
  chart.addEventListener("mouseleave", function () { tip.hidden = true; });
  bannerSel.addEventListener("change", draw);
  sectorSel.addEventListener("change", draw);
  document.getElementById("tl-generated").textContent = "生成于 Generated " + data.generated + " · Ordos KG";
  draw();
  window.kgReady = true;
})();
