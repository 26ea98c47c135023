/* lrplot.js: live learning-rate plots on the book's static pages, no kernel needed.
 *
 * Each <div class="lrplot" data-lrplot="{...}"> written by the `lrplot` directive
 * (lrdecay_lit/sphinxext) becomes an SVG plot with a control per hyper-parameter, built from
 * LRDECAY_SPECS (lrdecay_lit.specs.SPECS, as JSON). The curves are evaluated by SCHEDULES,
 * the functions lrdecay_lit.jsgen prints from the sympy expressions; nothing here knows a
 * formula. A curve may instead carry `js`, the body of a function (t, p) that
 * lrdecay_lit.sphinxext printed from a sympy expression at build time (composites, TF-slim's
 * dispatcher), with its own `spec` list of controls. For tests and the curious, the element's
 * `lrplot` property holds the state:
 * el.lrplot.curves[i] = {name, label, params, steps, values, error, core}, el.lrplot.draws.
 *
 * The SVG is drawn at the width of its box (viewBox = pixels), so labels keep their 12 px on
 * a phone; it is redrawn when the box changes size. Piecewise-constant curves (staircase,
 * piecewise_constant) are drawn as steps: TF's value at step t holds until step t + 1.
 * Needs plotkit.js (the helpers shared with nqmplot.js) loaded first.
 */
(function () {
  "use strict";
  const M = { l: 58, r: 12, t: 10, b: 40 };
  const MAX_POINTS = 4000;  // evaluated (and drawn) points per curve; more steps are strided
  const registry = (window.LRPLOT = window.LRPLOT || { plots: [] });
  const kit = window.LRDECAY_PLOTKIT;  // plotkit.js: the helpers shared with nqmplot.js
  const { make, niceTicks, parseList, checkParams } = kit;

  const fmt = (v) => kit.fmt(v, 6);
  const decimals = (step) => Math.max(0, -Math.floor(Math.log10(step || 1) + 1e-9));

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

  function sampledSteps(n) {
    const stride = Math.max(1, Math.ceil(n / MAX_POINTS));
    const out = [];
    for (let t = 0; t < n; t += stride) out.push(t);
    if (out[out.length - 1] !== n - 1) out.push(n - 1);
    return out;
  }

  function scheduleFunction(curve) {
    if (curve.js) {
      // eslint-disable-next-line no-new-func -- printed from sympy at build time
      curve.fn = curve.fn || new Function("t", "p", curve.js);
      return curve.fn;
    }
    return SCHEDULES[curve.name];
  }

  function evaluate(curve, n, budget) {
    const f = scheduleFunction(curve), p = curve.params;
    curve.stepped = !!(curve.stepped_always || curve.name === "piecewise_constant" ||
      p.staircase);
    curve.steps = n <= MAX_POINTS ? Array.from({ length: n }, (_, t) => t) : sampledSteps(n);
    curve.values = curve.steps.map((t) => f(t, p));
    curve.cumulative = null;
    if (budget) {  // the sum over every step, recorded at the drawn ones
      curve.cumulative = [];
      let acc = 0, j = 0;
      for (let t = 0; t < n && j < curve.steps.length; t++) {
        acc += f(t, p);
        if (t === curve.steps[j]) { curve.cumulative.push(acc); j++; }
      }
    }
    curve.band = curve.sample = null;
    if (curve.name === "noisy_linear_cosine_decay") {
      // values: the expected rate (eps = 0); band: eps = -+1 sd; sample: eps = sd * z_t
      const sd = curve.steps.map((t) => Math.sqrt(noisy_linear_cosine_decay_variance(t, p)));
      // z(seed, t) of schedules.js: the realisation Python draws for this seed
      const z = typeof standard_normal_at === "function"
        ? curve.steps.map((t) => standard_normal_at(Math.trunc(p.seed || 0), t))
        : normals(p.seed || 0, curve.steps.length);
      curve.band = curve.steps.map((t, i) => [f(t, { ...p, eps: -sd[i] }), f(t, { ...p, eps: sd[i] })]);
      curve.sample = curve.steps.map((t, i) => f(t, { ...p, eps: sd[i] * z[i] }));
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

  function stepsPerEpoch(plot) {
    const e = plot.epochs;
    if (!e) return null;
    for (const c of plot.curves) {
      const n = Number(c.params[e.samples]), b = Number(c.params[e.batch]);
      if (n > 0 && b > 0) return n / b;
    }
    return null;
  }

  function size(plot) {
    const box = plot.root.clientWidth || 640;
    plot.W = Math.round(Math.max(280, Math.min(760, box - 4)));
    plot.H = Math.round(Math.max(220, Math.min(320, plot.W * 0.5)));
  }

  function draw(plot) {
    size(plot);
    const svg = plot.svg, n = plot.numSteps, log = plot.log.checked, W = plot.W, H = plot.H;
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    svg.setAttribute("width", String(W));
    svg.setAttribute("height", String(H));
    svg.replaceChildren();
    const budget = plot.budget.checked;
    const series = plot.curves.map((c) => ({ c, ys: budget ? c.cumulative : c.values }));
    let all = [];
    series.forEach((s) => {
      all = all.concat(s.ys);
      if (s.c.band && !budget) all = all.concat(s.c.band.flat());
    });
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
    const nY = H < 260 ? 5 : 6, nX = W < 480 ? 5 : 8;
    const yt = log ? niceTicks(Math.log10(lo), Math.log10(hi), nY).map((e) => Math.pow(10, e))
      : niceTicks(lo, hi, nY);
    yt.forEach((y) => {
      make("svg:line", { x1: M.l - 4, x2: W - M.r, y1: Y(y), y2: Y(y), class: "grid" }, axes);
      make("svg:text", { x: M.l - 7, y: Y(y) + 4, "text-anchor": "end" }, axes, fmt(y));
    });
    const spe = stepsPerEpoch(plot);
    const xt = spe ? niceTicks(0, (n - 1) / spe, nX).map((e) => [e * spe, e])
      : niceTicks(0, n - 1, nX).map((t) => [t, t]);
    xt.forEach(([t, label]) => {
      make("svg:line", { x1: X(t), x2: X(t), y1: M.t, y2: H - M.b + 4, class: "grid" }, axes);
      make("svg:text", { x: X(t), y: H - M.b + 17, "text-anchor": "middle" }, axes, fmt(label));
    });
    make("svg:text", { x: (M.l + W - M.r) / 2, y: H - 6, "text-anchor": "middle" }, axes,
      spe ? "epoch (step \u00d7 batch_size / num_samples_per_epoch)" : "global_step");
    make("svg:text", { x: 13, y: (M.t + H - M.b) / 2, "text-anchor": "middle",
      transform: `rotate(-90 13 ${(M.t + H - M.b) / 2})` }, axes,
      budget ? "LR budget (cumulative sum)" : "learning rate");
    const ok = (y) => Number.isFinite(y) && (!log || y > 0);
    const path = (c, ys) => {
      let d = "", pen = false;
      const ts = c.steps;
      for (let i = 0; i < ts.length; i++) {
        if (!ok(ys[i])) { pen = false; continue; }
        const x = X(ts[i]).toFixed(2), y = Y(ys[i]).toFixed(2);
        if (!pen) d += "M" + x + " " + y;
        else if (c.stepped && !budget) d += "H" + x + "V" + y;  // hold, then jump
        else d += "L" + x + " " + y;
        pen = true;
      }
      if (pen && c.stepped && !budget && ts.length) d += "H" + X(n - 1).toFixed(2);
      return d;
    };
    series.forEach(({ c, ys }) => {
      if (c.band && !budget) {
        const up = [], down = [];
        c.steps.forEach((t, i) => {
          const [a, b] = c.band[i];
          if (!Number.isFinite(a) || !Number.isFinite(b) || (log && a <= 0)) return;
          up.push(X(t).toFixed(2) + "," + Y(b).toFixed(2));
          down.unshift(X(t).toFixed(2) + "," + Y(a).toFixed(2));
        });
        make("svg:polygon", { points: up.concat(down).join(" "), fill: c.color, class: "band" }, svg);
      }
      if (c.sample && !budget) {
        make("svg:path", { d: path(c, c.sample), stroke: c.color, class: "sample" }, svg);
      }
      make("svg:path", { d: path(c, ys), stroke: c.color, class: "curve", "data-name": c.name,
        "data-stepped": c.stepped ? "1" : "0" }, svg);
    });
    plot.cursor = make("svg:line", { class: "cursor", y1: M.t, y2: H - M.b, x1: -9, x2: -9 }, svg);
    plot.X = X;
    plot.draws += 1;
    plot.root.dataset.draws = String(plot.draws);
  }

  function readout(plot, event) {
    const box = plot.svg.getBoundingClientRect(), W = plot.W, n = plot.numSteps;
    const x = ((event.clientX - box.left) / box.width) * W;
    const t = Math.round(((x - M.l) / (W - M.l - M.r)) * (n - 1));
    if (t < 0 || t >= n) return;
    plot.cursor.setAttribute("x1", plot.X(t));
    plot.cursor.setAttribute("x2", plot.X(t));
    const at = (c) => {  // the drawn point at or before t (every step when n is small)
      let i = c.steps.length - 1;
      while (i > 0 && c.steps[i] > t) i--;
      return [c.steps[i], (plot.budget.checked ? c.cumulative : c.values)[i]];
    };
    const spe = stepsPerEpoch(plot);
    plot.info.textContent = "step " + t + (spe ? " (epoch " + fmt(t / spe) + ")" : "") + ": " +
      plot.curves.map((c) => { const [s, v] = at(c); return c.label + " = " + fmt(v) + (s !== t ? " (step " + s + ")" : ""); }).join("; ");
  }

  function init(root) {
    const cfg = JSON.parse(root.dataset.lrplot);
    root.replaceChildren();
    const plot = { root, numSteps: cfg.num_steps, draws: 0, curves: [], epochs: cfg.epochs || null };
    kit.title(root, "lrplot", cfg.title);
    plot.svg = make("svg:svg", { class: "lrplot-svg", role: "img",
      "aria-label": cfg.title || "learning-rate plot" }, root);
    const legend = make("div", { class: "lrplot-legend" }, root);
    plot.info = make("div", { class: "lrplot-info" }, root, "Move the pointer over the plot to read values.");
    const common = make("div", { class: "lrplot-common" }, root);
    const stepsRow = make("label", { title: "steps shown: 0 ... n-1" }, common, "steps ");
    const steps = make("input", { type: "number", min: 2, max: 10000000, step: 1,
      "data-param": "num_steps" }, stepsRow);
    steps.value = String(cfg.num_steps);
    steps.addEventListener("input", () => {
      if (steps.valueAsNumber >= 2) {
        plot.numSteps = Math.min(10000000, Math.trunc(steps.valueAsNumber));
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
      (c.spec || LRDECAY_SPECS[c.name] || []).forEach((spec) => control(plot, curve, spec, box));
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
        evaluate(c, plot.numSteps, plot.budget.checked);
      }
      draw(plot);
    };
    plot.svg.addEventListener("pointermove", (e) => readout(plot, e));
    if (typeof ResizeObserver === "function") {
      let width = root.clientWidth;
      new ResizeObserver(() => {
        if (root.clientWidth !== width) { width = root.clientWidth; draw(plot); }
      }).observe(root);
    }
    root.lrplot = plot;
    registry.plots.push(plot);
    plot.update();
    root.dataset.ready = "1";
  }

  kit.startAll("div.lrplot[data-lrplot]", "lrplot", init);
})();
