/* kg viz: draws the graph in #kg-data with vis-network. Every text from an article
   reaches the page through textContent or vis-network's canvas, never as HTML. */
(function () {
  "use strict";
  var t0 = performance.now();
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var typeInfo = {};
  data.types.forEach(function (t) { typeInfo[t.name] = t; });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function evidenceList(tip, evidence, total) {
    if (!evidence.length) return;
    tip.appendChild(el("div", "kg-type", "原文证据 Evidence"));
    var ul = el("ul");
    evidence.slice(0, 4).forEach(function (ev) {
      var li = el("li", null, "“" + ev[0] + "”");
      li.appendChild(el("span", "kg-src", " ——《" + ev[1] + "》"));
      ul.appendChild(li);
    });
    tip.appendChild(ul);
    var more = total - Math.min(4, evidence.length);
    if (more > 0) tip.appendChild(el("div", "kg-more", "另有 " + more + " 句 · " + more + " more"));
  }

  function nodeTip(n) {
    var k = n.kg, t = typeInfo[k.type] || { zh: k.type, en: k.type, color: "#999" };
    var tip = el("div", "kg-tip");
    tip.appendChild(el("h3", null, n.label));
    var type = el("div", "kg-type");
    var sw = el("span", "kg-swatch");
    sw.style.background = t.color;
    type.appendChild(sw);
    type.appendChild(document.createTextNode(t.zh + " · " + t.en + (k.en ? " · " + k.en : "")));
    tip.appendChild(type);
    var dl = el("dl");
    function row(name, value) { dl.appendChild(el("dt", null, name)); dl.appendChild(el("dd", null, value)); }
    if (k.pinyin) row("拼音", k.pinyin);
    if (k.aliases.length) row("别名 aliases", k.aliases.join("、"));
    k.facts.forEach(function (f) { row(f[0] + " " + f[1], f[2]); });
    row("关联 relations", k.degree);
    tip.appendChild(dl);
    evidenceList(tip, k.evidence, k.nEvidence);
    return tip;
  }

  function edgeTip(e, names) {
    var k = e.kg, tip = el("div", "kg-tip");
    tip.appendChild(el("h3", null, k.zh + " · " + k.en));
    tip.appendChild(el("div", "kg-type", names[e.from] + " → " + names[e.to]));
    if (k.reference) tip.appendChild(el("div", "kg-more", "来自行政区划参考数据 · from reference data"));
    evidenceList(tip, k.evidence, k.nEvidence);
    return tip;
  }

  var names = {};
  data.nodes.forEach(function (n) { names[n.id] = n.label; });
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var m = Object.assign({}, n);
    m.title = nodeTip(n);
    return m;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var m = Object.assign({}, e);
    m.title = edgeTip(e, names);
    return m;
  }));

  var container = document.getElementById("kg-graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.network = network;
  window.nodes = nodes;
  window.edges = edges;
  window.kgReady = null;

  var progress = document.getElementById("kg-progress");
  var pct = document.getElementById("kg-pct");
  // Entities with no relation in this view: a grid below the rest, grouped by type.
  function gridUnconnected() {
    var loose = data.nodes.filter(function (n) { return n.physics === false && n.x === undefined; });
    if (!loose.length) return;
    var order = {};
    data.types.forEach(function (t, i) { order[t.name] = i; });
    loose.sort(function (a, b) { return order[a.kg.type] - order[b.kg.type] || a.label.localeCompare(b.label, "zh"); });
    var pos = network.getPositions(), minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, any = false;
    data.nodes.forEach(function (n) {
      if (n.physics === false) return;
      var p = pos[n.id]; any = true;
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
    });
    var cell = 190, row = 56, gap = any ? 2 * cell : 0;
    if (!any) { minX = maxX = minY = maxY = 0; }
    var w = maxX - minX, h = maxY - minY, aspect = container.clientWidth / Math.max(1, container.clientHeight);
    var best = 1, bestErr = Infinity;
    for (var cols = 1; cols <= loose.length; cols++) {  // the grid's shape that fills the screen best
      var rows = Math.ceil(loose.length / cols);
      var err = Math.abs(Math.log((w + gap + cols * cell) / Math.max(h, rows * row) / aspect));
      if (err < bestErr) { best = cols; bestErr = err; }
    }
    var x0 = any ? maxX + gap : 0, y0 = any ? (minY + maxY) / 2 - (Math.ceil(loose.length / best) - 1) * row / 2 : 0;
    loose.forEach(function (n, i) {
      network.moveNode(n.id, x0 + (i % best) * cell, y0 + Math.floor(i / best) * row);
    });
  }

  function settled() {
    if (window.kgReady) return;
    network.setOptions({ physics: { enabled: false } });
    gridUnconnected();
    network.fit({ maxZoomLevel: 1.4 });
    progress.className = "done";
    window.kgReady = { ms: Math.round(performance.now() - t0), nodes: nodes.length, edges: edges.length };
  }
  if (data.options.physics && data.options.physics.enabled !== false) {
    network.on("stabilizationProgress", function (p) { pct.textContent = String(Math.round(100 * p.iterations / p.total)); });
    network.once("stabilizationIterationsDone", settled);
    network.once("stabilized", settled);
  } else {
    network.once("afterDrawing", settled);
  }

  // ------------------------------------------------------------ legend and filter
  var SHAPES = {
    dot: "circle", square: "rect", diamond: "polygon:7,1 13,7 7,13 1,7",
    triangle: "polygon:7,1 13,12 1,12", triangleDown: "polygon:1,2 13,2 7,13",
    star: "polygon:7,1 8.8,5.2 13,5.5 9.8,8.4 10.8,13 7,10.6 3.2,13 4.2,8.4 1,5.5 5.2,5.2",
    hexagon: "polygon:4,1.5 10,1.5 13,7 10,12.5 4,12.5 1,7"
  };
  function glyph(t) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "14"); svg.setAttribute("height", "14"); svg.setAttribute("viewBox", "0 0 14 14");
    var spec = SHAPES[t.shape] || "circle", shape;
    if (spec === "circle") {
      shape = document.createElementNS(ns, "circle");
      shape.setAttribute("cx", "7"); shape.setAttribute("cy", "7"); shape.setAttribute("r", "6");
    } else if (spec === "rect") {
      shape = document.createElementNS(ns, "rect");
      shape.setAttribute("x", "1.5"); shape.setAttribute("y", "1.5"); shape.setAttribute("width", "11"); shape.setAttribute("height", "11");
    } else {
      shape = document.createElementNS(ns, "polygon");
      shape.setAttribute("points", spec.slice(8));
    }
    shape.setAttribute("fill", t.color);
    shape.setAttribute("stroke", "#333"); shape.setAttribute("stroke-width", "0.6");
    svg.appendChild(shape);
    return svg;
  }
  var hiddenTypes = {};
  function setTypeVisible(type, visible) {
    hiddenTypes[type] = !visible;
    var changes = nodes.get({ filter: function (n) { return n.kg.type === type; } })
      .map(function (n) { return { id: n.id, hidden: !visible }; });
    nodes.update(changes);
    var box = document.querySelector('#kg-legend input[data-type="' + type + '"]');
    if (box) box.checked = visible;
  }
  window.kgSetTypeVisible = setTypeVisible;
  var legend = document.getElementById("kg-legend");
  data.types.forEach(function (t) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.setAttribute("data-type", t.name);
    box.addEventListener("change", function () { setTypeVisible(t.name, box.checked); });
    label.appendChild(box);
    label.appendChild(glyph(t));
    label.appendChild(el("span", null, t.zh === t.en ? t.en : t.zh + " " + t.en));
    label.appendChild(el("span", "count", t.count));
    legend.appendChild(label);
  });

  // ------------------------------------------------------------ search
  function fold(s) {  // pinyin with or without tones, spaces or tone numbers: one key
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\s'’·\-_0-9]/g, "").replace(/v/g, "u");
  }
  function plain(s) { return String(s).normalize("NFKC").toLowerCase().replace(/\s+/g, ""); }
  var index = data.nodes.map(function (n) {
    return { id: n.id, label: n.label, degree: n.kg.degree,
             names: [plain(n.label)].concat(n.kg.aliases.map(plain)), pinyin: fold(n.kg.pinyin || "") };
  });
  function find(query) {
    var q = plain(query), f = fold(query);
    if (!q) return null;
    var tests = [
      function (x) { return x.names.indexOf(q) >= 0; },
      function (x) { return f && x.pinyin === f; },
      function (x) { return x.names.some(function (s) { return s.indexOf(q) === 0; }); },
      function (x) { return f && x.pinyin.indexOf(f) === 0; },
      function (x) { return x.names.some(function (s) { return s.indexOf(q) >= 0; }); },
      function (x) { return f.length > 1 && x.pinyin.indexOf(f) >= 0; }
    ];
    for (var i = 0; i < tests.length; i++) {
      var hits = index.filter(tests[i]);
      if (hits.length) {
        hits.sort(function (a, b) { return b.degree - a.degree || a.label.length - b.label.length; });
        return hits[0].id;
      }
    }
    return null;
  }
  window.kgFind = find;
  var status = document.getElementById("kg-status");
  function focusNode(id) {
    var n = nodes.get(id);
    if (n.hidden) setTypeVisible(n.kg.type, true);
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    status.className = "ok";
    status.textContent = n.label;
  }
  window.kgFocus = focusNode;
  var datalist = document.getElementById("kg-names");
  var seen = {};
  data.nodes.forEach(function (n) {
    [n.label].concat(n.kg.aliases).forEach(function (name) {
      if (seen[name]) return;
      seen[name] = true;
      var o = el("option");
      o.value = name;
      datalist.appendChild(o);
    });
  });
  document.getElementById("kg-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("kg-q").value;
    var id = find(q);
    if (id === null) { status.className = ""; status.textContent = q ? "未找到 not found" : ""; return; }
    focusNode(id);
  });

  // ------------------------------------------------------------ sources and links
  var docs = document.getElementById("kg-docs");
  data.documents.forEach(function (d) {
    var li = el("li", null, d[1]);
    li.title = d[0];
    docs.appendChild(li);
  });
  document.querySelector("#kg-sources summary").textContent = "来源文章 Sources (" + data.documents.length + ")";
  var links = document.getElementById("kg-links");
  data.links.forEach(function (l) {
    var a = el("a", null, l[1]);
    a.setAttribute("href", l[0]);
    links.appendChild(a);
  });
  document.getElementById("kg-generated").textContent =
    "kg viz · " + data.generated + (data.large ? " · 布局预先计算 layout computed beforehand" : "");
})();
