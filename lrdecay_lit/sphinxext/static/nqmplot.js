/* nqmplot.js: the noisy quadratic's expected loss under a schedule, live, no kernel needed.
 *
 * Each <div class="nqmplot" data-nqmplot="{...}"> written by the `nqmplot` directive
 * (lrdecay_lit/sphinxext/nqmplot.py) becomes two SVG plots side by side: the schedule
 * (SCHEDULES, printed from the sympy expressions by lrdecay_lit.jsgen) and the expected loss
 * of SGD on the noisy quadratic under it (nqm_path, printed from the sympy recursion), with
 * its bias and variance parts and the noise floor of a constant rate at the peak. Nothing
 * here knows a formula. State for tests: el.nqmplot = {params, nqm, rates, loss, draws}.
 * Needs plotkit.js (the helpers shared with lrplot.js) loaded first.
 */
(function () {
  "use strict";
  const W = 400, H = 270, M = { l: 56, r: 20, t: 10, b: 40 };
  const kit = window.LRDECAY_PLOTKIT;  // plotkit.js: the helpers shared with lrplot.js
  const { make, parseList, checkParams } = kit, ticks = kit.niceTicks;
  const fmt = (v) => kit.fmt(v, 4);

  // One panel: series = [{ys, cls, label}], log = log10 y axis.
  function panel(svg, n, series, log, ylabel) {
    svg.replaceChildren();
    let all = [];
    series.forEach((s) => { all = all.concat(s.ys.filter((y) => Number.isFinite(y) && (!log || y > 0))); });
    let lo = log ? Math.min(...all) : Math.min(0, ...all), hi = Math.max(...all);
    if (!all.length) { lo = log ? 1e-3 : 0; hi = 1; }
    if (log) {  // six decades at most: a bias that vanishes would squash everything else
      lo = Math.max(lo, hi * 1e-6);
      lo = Math.pow(10, Math.floor(Math.log10(lo))); hi = Math.pow(10, Math.ceil(Math.log10(hi)));
    }
    if (hi <= lo) hi = lo + (Math.abs(lo) || 1);
    if (!log) hi += 0.04 * (hi - lo);
    const ty = (y) => (log ? Math.log10(y) : y);
    const X = (t) => M.l + (W - M.l - M.r) * (n > 0 ? t / n : 0.5);
    const Y = (y) => H - M.b - (H - M.t - M.b) * (ty(y) - ty(lo)) / (ty(hi) - ty(lo));
    const axes = make("svg:g", { class: "nqmplot-axes" }, svg);
    make("svg:rect", { x: M.l, y: M.t, width: W - M.l - M.r, height: H - M.t - M.b }, axes);
    const yt = log ? ticks(Math.log10(lo), Math.log10(hi), 5).filter(Number.isInteger).map((e) => Math.pow(10, e))
      : ticks(lo, hi, 5);
    yt.forEach((y) => {
      make("svg:line", { x1: M.l - 4, x2: W - M.r, y1: Y(y), y2: Y(y), class: "grid" }, axes);
      make("svg:text", { x: M.l - 6, y: Y(y) + 4, "text-anchor": "end" }, axes, log ? "1e" + Math.log10(y) : fmt(y));
    });
    ticks(0, n, 5).forEach((t) => {
      make("svg:line", { x1: X(t), x2: X(t), y1: M.t, y2: H - M.b + 4, class: "grid" }, axes);
      make("svg:text", { x: X(t), y: H - M.b + 16, "text-anchor": "middle" }, axes, fmt(t));
    });
    make("svg:text", { x: (M.l + W - M.r) / 2, y: H - 5, "text-anchor": "middle" }, axes, "step");
    make("svg:text", { x: 12, y: (M.t + H - M.b) / 2, "text-anchor": "middle",
      transform: `rotate(-90 12 ${(M.t + H - M.b) / 2})` }, axes, ylabel);
    const every = Math.max(1, Math.ceil(n / 1200));
    series.forEach((s) => {
      let d = "", pen = false;
      for (let t = 0; t < s.ys.length; t += every) {
        const ok = Number.isFinite(s.ys[t]) && (!log || s.ys[t] >= lo);
        if (ok) d += (pen ? "L" : "M") + X(t).toFixed(2) + " " + Y(s.ys[t]).toFixed(2);
        pen = ok;
      }
      make("svg:path", { d, class: "curve " + s.cls, "data-series": s.cls }, svg);
    });
  }

  function slider(box, name, tip, value, lo, hi, step, onInput, logScale) {
    const row = make("label", { class: "nqmplot-row", title: tip }, box);
    make("span", { class: "nqmplot-name" }, row, name);
    const toSlider = (v) => (logScale ? Math.log10(v) : v);
    const input = make("input", { type: "range", min: toSlider(lo), max: toSlider(hi),
      step: logScale ? 0.01 : step, "data-param": name }, row);
    input.value = String(toSlider(value));
    const out = make("output", {}, row, fmt(value));
    input.addEventListener("input", () => {
      const v = logScale ? Math.pow(10, input.valueAsNumber) : input.valueAsNumber;
      out.textContent = fmt(v);
      onInput(v);
    });
  }

  function init(root) {
    const cfg = JSON.parse(root.dataset.nqmplot);
    root.replaceChildren();
    const plot = { root, name: cfg.name, params: { ...cfg.params }, nqm: { ...cfg.nqm },
      numSteps: cfg.num_steps, draws: 0 };
    kit.title(root, "nqmplot", cfg.title);
    const figs = make("div", { class: "nqmplot-figs" }, root);
    const left = make("figure", {}, figs), right = make("figure", {}, figs);
    make("figcaption", {}, left, "the schedule: learning rate per step");
    plot.rateSvg = make("svg:svg", { viewBox: `0 0 ${W} ${H}`, class: "nqmplot-svg", role: "img",
      "aria-label": "learning rate of " + cfg.name }, left);
    make("figcaption", {}, right, "SGD on the noisy quadratic: expected loss (log scale)");
    plot.lossSvg = make("svg:svg", { viewBox: `0 0 ${W} ${H}`, class: "nqmplot-svg", role: "img",
      "aria-label": "expected loss of SGD on the noisy quadratic" }, right);
    const legend = make("div", { class: "nqmplot-legend" }, root);
    for (const [cls, text] of [["rate", cfg.name + " (left)"], ["total", "expected loss \u03bbE\u209c/2"],
      ["bias", "bias: the start, not yet forgotten"], ["variance", "variance: the noise, not yet averaged out"],
      ["floor", "floor of a constant rate at the peak"]]) {
      const item = make("span", { class: "nqmplot-key" }, legend);
      make("span", { class: "swatch " + cls }, item);
      item.appendChild(document.createTextNode(text));
    }
    plot.info = make("div", { class: "nqmplot-info" }, root);
    const controls = make("div", { class: "nqmplot-controls" }, root);
    const sched = make("fieldset", {}, controls);
    make("legend", {}, sched, cfg.name);
    (LRDECAY_SPECS[cfg.name] || []).forEach((spec) => {
      if (spec.kind === "bool") {
        const row = make("label", { class: "nqmplot-row", title: spec.description }, sched);
        make("span", { class: "nqmplot-name" }, row, spec.name);
        const box = make("input", { type: "checkbox", "data-param": spec.name }, row);
        box.checked = !!plot.params[spec.name];
        box.addEventListener("change", () => { plot.params[spec.name] = box.checked; plot.update(); });
        return;
      }
      if (spec.kind === "floats") {  // piecewise_constant's boundaries and values
        const row = make("label", { class: "nqmplot-row", title: spec.description }, sched);
        make("span", { class: "nqmplot-name" }, row, spec.name);
        const box = make("input", { type: "text", spellcheck: "false", "data-param": spec.name }, row);
        box.value = plot.params[spec.name].join(", ");
        box.addEventListener("input", () => {
          try {  // the library's messages, as lrplot shows them
            const next = { ...plot.params, [spec.name]: parseList(spec.name, box.value) };
            checkParams(plot.name, next);
            plot.params = next;
            plot.error.textContent = "";
          } catch (err) {
            plot.error.textContent = err.message + " (the plot keeps the last valid curve)";
            return;
          }
          plot.update();
        });
        return;
      }
      if (spec.kind !== "float" && spec.kind !== "int") return;
      const v = plot.params[spec.name];
      const hi = spec.name.endsWith("steps") ? Math.max(spec.max, 2 * cfg.num_steps) : Math.max(spec.max, v);
      slider(sched, spec.name, spec.description, v, Math.min(spec.min, v), hi, spec.step,
        (x) => { plot.params[spec.name] = x; plot.update(); }, false);
    });
    plot.error = make("div", { class: "nqmplot-error", role: "alert" }, sched);
    const model = make("fieldset", {}, controls);
    make("legend", {}, model, "noisy quadratic");
    for (const [key, tip] of [["lambda", "curvature \u03bb of f(x) = \u03bbx\u00b2/2"],
      ["sigma", "standard deviation \u03c3 of the gradient noise"], ["E_0", "E[x\u2080\u00b2]: how far the start is"]]) {
      const v = plot.nqm[key];
      slider(model, key, tip, v, v / 100, v * 100, null, (x) => { plot.nqm[key] = x; plot.update(); }, true);
    }
    plot.update = () => {
      const f = SCHEDULES[plot.name];
      plot.rates = Array.from({ length: plot.numSteps }, (_, t) => f(t, plot.params));
      plot.loss = nqm_path(plot.rates, plot.nqm);
      const peak = Math.max(...plot.rates);
      const floor = nqm_loss(nqm_floor(peak, plot.nqm), plot.nqm);
      const stable = peak * plot.nqm.lambda < 2;
      panel(plot.rateSvg, plot.numSteps, [{ ys: plot.rates, cls: "rate" }], false, "learning rate");
      panel(plot.lossSvg, plot.numSteps, [
        { ys: plot.loss.bias, cls: "bias" }, { ys: plot.loss.variance, cls: "variance" },
        { ys: plot.loss.total, cls: "total" },
        { ys: stable ? [floor, floor] : [], cls: "floor", stretch: true },
      ].map((s) => (s.stretch ? { ...s, ys: Array.from({ length: plot.numSteps + 1 }, () => s.ys[0]) } : s)),
      true, "expected loss");
      const last = plot.loss.total[plot.numSteps];
      plot.info.textContent = "final expected loss " + fmt(last) + " = bias " +
        fmt(plot.loss.bias[plot.numSteps]) + " + variance " + fmt(plot.loss.variance[plot.numSteps]) +
        (stable ? "; a constant rate " + fmt(peak) + " stalls at " + fmt(floor)
          : "; the peak rate is beyond 2/\u03bb: a constant rate would diverge");
      plot.draws += 1;
      root.dataset.draws = String(plot.draws);
    };
    root.nqmplot = plot;
    plot.update();
    root.dataset.ready = "1";
  }

  kit.startAll("div.nqmplot[data-nqmplot]", "nqmplot", init);
})();
