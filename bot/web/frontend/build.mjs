// Bundles the widget and the console into ../static/dist (served by the web app; no CDN at run time).
import { build } from "esbuild";

const common = { bundle: true, minify: true, sourcemap: true, target: ["es2019"], logLevel: "info",
                 loader: { ".css": "text" } };
await build({ ...common, entryPoints: ["src/widget/index.js"], outfile: "../static/dist/widget.js", format: "iife" });
await build({ ...common, entryPoints: ["src/console/index.js"], outfile: "../static/dist/console.js", format: "iife" });
