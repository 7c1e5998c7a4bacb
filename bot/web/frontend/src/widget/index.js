// Entry of the worker chat widget (built to static/dist/widget.js, an IIFE).
// Embed with one tag:  <script src="https://HOST/static/dist/widget.js" async></script>
// Optional attributes: data-server="https://HOST" · data-title="…" · data-open="true"
import { readConfig, findOwnScript } from "./config.js";
import { Widget } from "./widget.js";

(function boot() {
  if (typeof window === "undefined" || typeof document === "undefined") return;
  if (window.__unionWidgetLoaded) return; // the tag was included twice
  window.__unionWidgetLoaded = true;
  // currentScript is only set while the script's top level runs: read it now, not after DOMContentLoaded
  const config = readConfig(findOwnScript());
  const start = () => {
    const widget = new Widget(config);
    widget.mount();
    window.UnionWidget = widget.publicApi();
  };
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
})();
