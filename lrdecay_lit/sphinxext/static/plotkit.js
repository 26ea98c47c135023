/* plotkit.js: what the book's two live plots share (lrplot.js, nqmplot.js), loaded before them.
 *
 * DOM and SVG elements, number formatting, axis ticks, the plot's title with its badge, the
 * library's messages for list arguments, and starting every plot of a page. No formula and
 * no plot layout: those stay in each plot's own script.
 */
window.LRDECAY_PLOTKIT = window.LRDECAY_PLOTKIT || (function () {
  "use strict";
  const SVGNS = "http://www.w3.org/2000/svg";

  // make("svg:path", {d: ...}, parent) or make("div", {class: ...}, parent, "text")
  function make(tag, attrs, parent, text) {
    const node = tag.startsWith("svg:")
      ? document.createElementNS(SVGNS, tag.slice(4)) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  // A number to `digits` significant digits, without trailing zeros ("0.05", "1e-7").
  const fmt = (v, digits) => (Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : String(v));

  // About n round ticks (1, 2, 2.5, 5 times a power of ten) covering [lo, hi].
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

  // The plot's title line with the "live in your browser" badge; `prefix` = "lrplot", ...
  function title(root, prefix, text) {
    const head = make("div", { class: prefix + "-title" }, root, text + " ");
    make("span", { class: prefix + "-badge", title: "computed by JavaScript generated from the " +
      "book's sympy formulas; no Python kernel needed" }, head, "live in your browser");
    return head;
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

  // init(root) on every `selector` of the page once it is loaded; a failure shows in its box.
  function startAll(selector, label, init) {
    const start = () => document.querySelectorAll(selector).forEach((root) => {
      try { init(root); } catch (err) {
        root.textContent = label + ": " + err.message;
        throw err;
      }
    });
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }

  return { SVGNS, make, fmt, niceTicks, title, parseList, checkParams, startAll };
})();
