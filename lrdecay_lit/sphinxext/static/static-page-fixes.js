/* Fixes for saved ipywidgets on a static page (loaded before the widget embed script).
 *
 * 1. @jupyter-widgets/html-manager typesets HTMLMath widgets with MathJax 2's API,
 *    MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]); the book loads MathJax 3, which has
 *    no Hub ("Cannot read properties of undefined (reading 'Queue')"). Every object assigned to
 *    window.MathJax (Sphinx's configuration, then MathJax 3 itself, which replaces it) gets a
 *    Hub whose Queue waits until MathJax 3 has started, then calls MathJax.typesetPromise.
 * 2. The embed script's CSS asks for its icon fonts relative to the page
 *    (book/@jupyter-widgets/html-manager/dist/*.woff2); point it at the folder the fonts are
 *    vendored in (data-widgets-assets on this script tag, relative to this script).
 */
(function () {
  "use strict";
  const me = document.currentScript;
  if (me && me.dataset.widgetsAssets) {
    // The bundle finds its assets two ways: a global, and the folder of the AMD module's
    // uri (require.js resolves "@jupyter-widgets/..." next to the page unless told otherwise).
    const folder = new URL(me.dataset.widgetsAssets, me.src).href;
    window.__jupyter_widgets_assets_path__ = folder;
    const base = folder.replace(/\/$/, "");
    const paths = { "@jupyter-widgets/html-manager/dist": base };
    for (const m of ["html-manager", "base", "controls"]) paths["@jupyter-widgets/" + m] = base + "/" + m;
    if (typeof window.require === "function" && window.require.config) {
      window.require.config({ paths });
    } else {  // require.js not loaded yet: it reads a global `require` object as its config
      const cfg = window.require || {};
      cfg.paths = Object.assign({}, cfg.paths, paths);
      window.require = cfg;
    }
  }

  function whenReady(run, tries) {
    const mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise && mj.typesetPromise) {
      mj.startup.promise.then(run).catch((err) => console.warn("MathJax:", err));
    } else if ((tries || 0) < 600) {
      setTimeout(() => whenReady(run, (tries || 0) + 1), 50);
    }
  }
  const hub = {
    Queue: function () {
      for (const cmd of arguments) {
        if (Array.isArray(cmd) && cmd[0] === "Typeset") {
          const el = cmd[2];
          whenReady(() => window.MathJax.typesetPromise(el ? [el] : undefined));
        } else if (typeof cmd === "function") {
          whenReady(cmd);
        }
      }
    },
  };
  const withHub = (obj) => {
    if (obj && typeof obj === "object" && !obj.Hub) {
      Object.defineProperty(obj, "Hub", { value: hub, enumerable: false, configurable: true });
    }
    return obj;
  };
  let current = withHub(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (value) => { current = withHub(value); },
  });
})();
