// Evaluate the generated schedules (lrdecay_lit.jsgen) on cases read as JSON from stdin.
// Usage: node eval_schedules.js GENERATED.js < cases.json > values.json
// Input: [{"name": "...", "t": [steps...], "p": {params...}}, ...]; a case with "seed" (a
// decimal string) instead gives standard_normal_at(seed, t) at each step.
// Output: [[values...], ...] (NaN as null), one array per case, in order.
"use strict";
const path = require("path");
const fs = require("fs");

const lib = require(path.resolve(process.argv[2]));
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const out = cases.map((c) => {
  if (c.seed !== undefined) return c.t.map((t) => lib.standard_normal_at(c.seed, t));
  const fn = c.variance ? lib.noisy_linear_cosine_decay_variance : lib.SCHEDULES[c.name];
  if (typeof fn !== "function") throw new Error("no JS function for " + c.name);
  return c.t.map((t, i) => {
    const p = Array.isArray(c.eps) ? Object.assign({}, c.p, {eps: c.eps[i]}) : c.p;
    const v = fn(t, p);
    return Number.isFinite(v) ? v : null;
  });
});
process.stdout.write(JSON.stringify(out));
