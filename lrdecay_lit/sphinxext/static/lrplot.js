/* lrplot.js: live learning-rate plots on the book's static pages, no kernel needed.
 *
 * Each <div class="lrplot" data-lrplot="{...}"> written by the `lrplot` directive
 * (lrdecay_lit/sphinxext) becomes an SVG plot with a control per hyper-parameter, built from
 * LRDECAY_SPECS (lrdecay_lit.specs.SPECS, as JSON). The curves are evaluated by SCHEDULES,
 * the functions lrdecay_lit.jsgen prints from the sympy expressions; nothing here knows a
 * formula. For tests and the curious, the element's `lrplot` property holds the state:
 * el.lrplot.curves[i] = {name, label, params, steps, values, error}, el.lrplot.draws.
 */
(function () {
  "use strict";
  const SVGNS = "http://www.w3.org/2000/svg";
  const W = 640, H = 300, M = { l: 62, r: 14, t: 10, b: 42 };
  const registry = (window.LRPLOT = window.LRPLOT || { plots: [] });

  function make(tag, attrs, parent, text) {
    const node = tag.startsWith("svg:")
      ? document.createElementNS(SVGNS, tag.slice(4)) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }
  const fmt = (v) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));
  const decimals = (step) => Math.max(0, -Math.floor(Math.log10(step || 1) + 1e-9));

  function niceTicks(lo, hi, n) {
    const span = hi - lo || Math.abs(hi) || 1;
    const raw = span / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => span / s <= n) || 10 * mag;
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
      out.push(Number(v.toFixed(12)));
    }
    return out;
  }

  // The library's own messages for the list arguments (lrdecay_lit/_validation.py).
  function parseList(name, text) {
    const parts = text.split(/[\s,;]+/).filter((s) => s.length);
    const nums = parts.map(Number);
    if (!parts.length || nums.some((x) => !Number.isFinite(x))) {
      throw new Error("Argument `" + name + "` must be a list of numbers. Received: " + text);
    }
    return nums;
  }
  function checkParams(name, p) {
    if (name !== "piecewise_constant") return;
    const b = p.boundaries, v = p.values;
    for (let i = 1; i < b.length; i++) {
      if (!(b[i] > b[i - 1])) {
        throw new Error("Argument `boundaries` must be strictly increasing (sorted, no " +
          "duplicates). Received: boundaries=[" + b.join(", ") + "]");
      }
    }
    if (v.length !== b.length + 1) {
      throw new Error("Argument `values` must have len(boundaries) + 1 = " + (b.length + 1) +
        " entries. Received: values=[" + v.join(", ") + "]");
    }
  }

  // Seeded normal draws (a fallback: schedules.js's standard_normal_at is used when present).
  function normals(seed, n) {
    let a = (seed >>> 0) + 0x6d2b79f5;
    const uni = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return Array.from({ length: n }, () =>
      Math.sqrt(-2 * Math.log(1 - uni())) * Math.cos(2 * Math.PI * uni()));
  }

  function evaluate(curve, n) {
    const f = SCHEDULES[curve.name], p = curve.params;
    curve.steps = Array.from({ length: n }, (_, t) => t);
    curve.values = curve.steps.map((t) => f(t, p));
    curve.band = curve.sample = null;
    if (curve.name === "noisy_linear_cosine_decay") {
      // values: the expected rate (eps = 0); band: eps = -+1 sd; sample: eps = sd * z_t
      const sd = curve.steps.map((t) => Math.sqrt(noisy_linear_cosine_decay_variance(t, p)));
      // z(seed, t) of schedules.js: the realisation Python draws for this seed
      const z = typeof standard_normal_at === "function"
        ? curve.steps.map((t) => standard_normal_at(Math.trunc(p.seed || 0), t))
        : normals(p.seed || 0, n);
      curve.band = curve.steps.map((t) => [f(t, { ...p, eps: -sd[t] }), f(t, { ...p, eps: sd[t] })]);
      curve.sample = curve.steps.map((t) => f(t, { ...p, eps: sd[t] * z[t] }));
    }
  }

  function control(plot, curve, spec, box) {
    const row = make("label", { class: "lrplot-row", title: spec.description }, box);
    make("span", { class: "lrplot-name" }, row, spec.name);
    const value = curve.params[spec.name];
    let input;
    if (spec.kind === "bool") {
      input = make("input", { type: "checkbox" }, row);
      input.checked = !!value;
      input.addEventListener("change", () => plot.set(curve, spec.name, input.checked));
      return;
    }
    if (spec.kind === "floats") {
      input = make("input", { type: "text", spellcheck: "false", "data-param": spec.name }, row);
      input.value = value.join(", ");
      input.addEventListener("input", () => plot.set(curve, spec.name, input.value));
      return;
    }
    const lo = Math.min(spec.min, value), hi = Math.max(spec.max, value);
    input = make("input", { type: spec.kind === "seed" ? "number" : "range",
      min: lo, max: hi, step: spec.step, "data-param": spec.name }, row);
    input.value = String(value);
    const out = spec.kind === "seed" ? null
      : make("output", {}, row, Number(value).toFixed(decimals(spec.step)));
    input.addEventListener("input", () => {
      const v = spec.kind === "seed" ? Math.trunc(input.valueAsNumber || 0) : input.valueAsNumber;
      if (out) out.textContent = v.toFixed(decimals(spec.step));
      plot.set(curve, spec.name, v);
    });
  }

  function draw(plot) {
    const svg = plot.svg, n = plot.numSteps, log = plot.log.checked;
    svg.replaceChildren();
    const shown = (ys) => (plot.budget.checked
      ? ys.reduce((acc, y, i) => (acc.push((i ? acc[i - 1] : 0) + y), acc), []) : ys);
    const series = plot.curves.map((c) => ({ c, ys: shown(c.values) }));
    let all = [];
    series.forEach((s) => { all = all.concat(s.ys); if (s.c.band) all = all.concat(s.c.band.flat()); });
    all = all.filter((y) => Number.isFinite(y) && (!log || y > 0));
    let lo = log ? Math.min(...all) : Math.min(0, ...all), hi = Math.max(...all);
    if (!all.length) { lo = log ? 1e-3 : 0; hi = 1; }
    if (hi <= lo) hi = lo + (Math.abs(lo) || 1);
    if (log) { lo = Math.pow(10, Math.floor(Math.log10(lo))); hi = Math.pow(10, Math.ceil(Math.log10(hi))); }
    else { hi += 0.04 * (hi - lo); }
    const ty = (y) => (log ? Math.log10(y) : y);
    const X = (t) => M.l + (W - M.l - M.r) * (n > 1 ? t / (n - 1) : 0.5);
    const Y = (y) => H - M.b - (H - M.t - M.b) * (ty(y) - ty(lo)) / (ty(hi) - ty(lo));
    const axes = make("svg:g", { class: "lrplot-axes" }, svg);
    make("svg:rect", { x: M.l, y: M.t, width: W - M.l - M.r, height: H - M.t - M.b }, axes);
    const yt = log ? niceTicks(Math.log10(lo), Math.log10(hi), 6).map((e) => Math.pow(10, e))
      : niceTicks(lo, hi, 6);
    yt.forEach((y) => {
      make("svg:line", { x1: M.l - 4, x2: W - M.r, y1: Y(y), y2: Y(y), class: "grid" }, axes);
      make("svg:text", { x: M.l - 7, y: Y(y) + 4, "text-anchor": "end" }, axes, fmt(y));
    });
    niceTicks(0, n - 1, 8).forEach((t) => {
      make("svg:line", { x1: X(t), x2: X(t), y1: M.t, y2: H - M.b + 4, class: "grid" }, axes);
      make("svg:text", { x: X(t), y: H - M.b + 17, "text-anchor": "middle" }, axes, fmt(t));
    });
    make("svg:text", { x: (M.l + W - M.r) / 2, y: H - 6, "text-anchor": "middle" }, axes, "global_step");
    make("svg:text", { x: 14, y: (M.t + H - M.b) / 2, "text-anchor": "middle",
      transform: `rotate(-90 14 ${(M.t + H - M.b) / 2})` }, axes,
      plot.budget.checked ? "LR budget (cumulative sum)" : "learning rate");
    const every = Math.max(1, Math.ceil(n / 1500));
    const path = (ys) => {
      let d = "", pen = false;
      for (let t = 0; t < n; t += every) {
        const ok = Number.isFinite(ys[t]) && (!log || ys[t] > 0);
        if (ok) d += (pen ? "L" : "M") + X(t).toFixed(2) + " " + Y(ys[t]).toFixed(2);
        pen = ok;
      }
      return d;
    };
    series.forEach(({ c, ys }) => {
      if (c.band && !plot.budget.checked) {
        const up = [], down = [];
        for (let t = 0; t < n; t += every) {
          const [a, b] = c.band[t];
          if (!Number.isFinite(a) || !Number.isFinite(b) || (log && a <= 0)) continue;
          up.push(X(t).toFixed(2) + "," + Y(b).toFixed(2));
          down.unshift(X(t).toFixed(2) + "," + Y(a).toFixed(2));
        }
        make("svg:polygon", { points: up.concat(down).join(" "), fill: c.color, class: "band" }, svg);
      }
      if (c.sample && !plot.budget.checked) {
        make("svg:path", { d: path(c.sample), stroke: c.color, class: "sample" }, svg);
      }
      make("svg:path", { d: path(ys), stroke: c.color, class: "curve", "data-name": c.name }, svg);
    });
    plot.cursor = make("svg:line", { class: "cursor", y1: M.t, y2: H - M.b, x1: -9, x2: -9 }, svg);
    plot.X = X;
    plot.draws += 1;
    plot.root.dataset.draws = String(plot.draws);
  }

  function readout(plot, event) {
    const box = plot.svg.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * W, n = plot.numSteps;
    const t = Math.round(((x - M.l) / (W - M.l - M.r)) * (n - 1));
    if (t < 0 || t >= n) return;
    plot.cursor.setAttribute("x1", plot.X(t));
    plot.cursor.setAttribute("x2", plot.X(t));
    plot.info.textContent = "step " + t + ": " + plot.curves.map((c) => c.label + " = " + fmt(c.values[t])).join("; ");
  }

  function init(root) {
    const cfg = JSON.parse(root.dataset.lrplot);
    root.replaceChildren();
    const plot = { root, numSteps: cfg.num_steps, draws: 0, curves: [] };
    const head = make("div", { class: "lrplot-title" }, root, cfg.title + " ");
    make("span", { class: "lrplot-badge", title: "computed by JavaScript generated from the " +
      "book's sympy formulas; no Python kernel needed" }, head, "live in your browser");
    plot.svg = make("svg:svg", { viewBox: `0 0 ${W} ${H}`, class: "lrplot-svg", role: "img",
      "aria-label": cfg.title || "learning-rate plot" }, root);
    const legend = make("div", { class: "lrplot-legend" }, root);
    plot.info = make("div", { class: "lrplot-info" }, root, "Move the pointer over the plot to read values.");
    const common = make("div", { class: "lrplot-common" }, root);
    const stepsRow = make("label", { title: "steps shown: 0 ... n-1" }, common, "steps ");
    const steps = make("input", { type: "number", min: 2, max: 100000, step: 1,
      "data-param": "num_steps" }, stepsRow);
    steps.value = String(cfg.num_steps);
    steps.addEventListener("input", () => {
      if (steps.valueAsNumber >= 2) {
        plot.numSteps = Math.min(100000, Math.trunc(steps.valueAsNumber));
        plot.update();
      }
    });
    for (const [key, text, tip] of [["log", "log scale", "logarithmic y axis"],
      ["budget", "LR budget", "cumulative sum of the learning rate"]]) {
      const row = make("label", { title: tip }, common);
      plot[key] = make("input", { type: "checkbox", "data-param": key }, row);
      row.append(" " + text);
      plot[key].checked = !!cfg[key];
      plot[key].addEventListener("change", () => plot.update());
    }
    const panel = make("div", { class: "lrplot-controls" }, root);
    cfg.curves.forEach((c, i) => {
      const curve = { ...c, params: { ...c.params }, index: i };
      plot.curves.push(curve);
      const item = make("span", { class: "lrplot-key" }, legend);
      make("span", { class: "swatch", style: "background:" + c.color }, item);
      item.appendChild(document.createTextNode(c.label));
      if (c.name === "noisy_linear_cosine_decay") {
        make("small", {}, item, " (line: expected rate; band: \u00b11 sd of the noise; thin: one draw)");
      }
      const box = make("fieldset", { class: "lrplot-curve", "data-curve": i }, panel);
      make("legend", {}, box).append(make("span", { class: "swatch", style: "background:" + c.color }), c.label);
      (LRDECAY_SPECS[c.name] || []).forEach((spec) => control(plot, curve, spec, box));
      curve.errorBox = make("div", { class: "lrplot-error", role: "alert" }, box);
    });
    plot.set = (curve, name, value) => {
      curve.pending = curve.pending || {};
      curve.pending[name] = value;
      plot.update();
    };
    plot.update = () => {
      for (const c of plot.curves) {
        try {
          const next = { ...c.params };
          for (const [k, v] of Object.entries(c.pending || {})) {
            next[k] = typeof v === "string" ? parseList(k, v) : v;
          }
          checkParams(c.name, next);
          c.params = next;
          c.pending = {};
          c.error = null;
        } catch (err) {
          c.error = err.message;  // keep c.params: the plot shows the last valid curve
        }
        c.errorBox.textContent = c.error ? c.error + " (the plot keeps the last valid curve)" : "";
        evaluate(c, plot.numSteps);
      }
      draw(plot);
    };
    plot.svg.addEventListener("pointermove", (e) => readout(plot, e));
    root.lrplot = plot;
    registry.plots.push(plot);
    plot.update();
    root.dataset.ready = "1";
  }

  function start() {
    document.querySelectorAll("div.lrplot[data-lrplot]").forEach((root) => {
      try { init(root); } catch (err) {
        root.textContent = "lrplot: " + err.message;
        throw err;
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
