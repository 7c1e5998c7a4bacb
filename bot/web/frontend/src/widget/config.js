// Reads the widget's settings from its own <script> tag.
//   data-server  origin (optionally with a path prefix) of the web app; default: where the script came from
//   data-title   panel title; default 工会职工服务助手
//   data-open    "true" opens the panel at load

export const DEFAULT_TITLE = "工会职工服务助手";

const SCRIPT_PATH_RE = /^(.*?)\/static\/dist\/widget(?:\.min)?\.js$/;

/** The <script> that loaded the widget: document.currentScript while it runs (async included), else a search. */
export function findOwnScript() {
  if (document.currentScript) return document.currentScript;
  const scripts = document.querySelectorAll("script[src]");
  for (let i = scripts.length - 1; i >= 0; i--) {
    if (/\/widget(?:\.min)?\.js(?:[?#]|$)/.test(scripts[i].src)) return scripts[i];
  }
  return null;
}

/**
 * Splits a server address into what fetch and socket.io need.
 * socket.io-client treats a URL's path as a *namespace*, so the origin and the path prefix are kept apart.
 */
export function parseServer(value) {
  let url;
  try { url = new URL(value, window.location.href); } catch (e) { url = new URL(window.location.href); }
  const prefix = url.pathname.replace(/\/+$/, "");
  return { origin: url.origin, base: url.origin + prefix, socketPath: prefix + "/socket.io/" };
}

/** Default server: the script's own origin, keeping a path prefix if the app is mounted under one. */
export function serverFromScriptSrc(src) {
  try {
    const url = new URL(src, window.location.href);
    const m = url.pathname.match(SCRIPT_PATH_RE);
    return url.origin + (m ? m[1] : "");
  } catch (e) {
    return window.location.origin;
  }
}

export function readConfig(script) {
  const attr = (name) => (script && script.getAttribute(name)) || "";
  const serverAttr = attr("data-server").trim();
  const server = parseServer(serverAttr || (script && script.src ? serverFromScriptSrc(script.src) : window.location.origin));
  const open = attr("data-open").trim().toLowerCase();
  return {
    ...server,
    title: attr("data-title").trim() || DEFAULT_TITLE,
    openAtLoad: open === "true" || open === "1" || open === "open",
  };
}
