// Hash routing (#/queue, #/tickets/GH-XXXX-XXXX, #/handoffs/12) with a per-view lifecycle:
// a view gets a ViewContext whose timers, polls and listeners all stop when it is left.

export class ViewContext {
  constructor() {
    this.alive = true;
    this.controller = new AbortController();
    this.cleanups = [];
  }

  get signal() {
    return this.controller.signal;
  }

  onCleanup(fn) {
    this.cleanups.push(fn);
  }

  listen(target, type, fn, opts) {
    target.addEventListener(type, fn, opts);
    this.onCleanup(() => target.removeEventListener(type, fn, opts));
  }

  /**
   * Calls `fn` every `interval` ms (never overlapping: the next run is scheduled after the
   * previous finished). `hiddenInterval` is used while the tab is in the background.
   * Returns {now(), stop()}; `now()` runs at once (resetting the timer).
   */
  poll(fn, interval, { immediate = true, hiddenInterval } = {}) {
    let timer = null;
    let running = false;
    let again = false;
    let stopped = false;
    const schedule = () => {
      if (!this.alive || stopped) return;
      clearTimeout(timer);
      const ms = document.hidden && hiddenInterval ? hiddenInterval : interval;
      timer = setTimeout(run, ms);
    };
    const run = async () => {
      if (!this.alive || stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      clearTimeout(timer);
      try {
        await fn();
      } catch (e) {
        // the poll function reports its own errors
      } finally {
        running = false;
      }
      if (again) {
        again = false;
        run();
      } else schedule();
    };
    const onVisible = () => {
      if (!document.hidden) run();
    };
    document.addEventListener("visibilitychange", onVisible);
    const handle = {
      now: run,
      stop: () => {
        stopped = true;
        clearTimeout(timer);
        document.removeEventListener("visibilitychange", onVisible);
      },
    };
    this.onCleanup(handle.stop);
    if (immediate) run();
    else schedule();
    return handle;
  }

  destroy() {
    if (!this.alive) return;
    this.alive = false;
    this.controller.abort();
    for (const fn of this.cleanups.splice(0)) {
      try {
        fn();
      } catch (e) {
        /* ignore */
      }
    }
  }
}

export function currentPath() {
  const raw = (location.hash || "").replace(/^#/, "");
  const [path, query = ""] = raw.split("?");
  return { path: path || "/", query: new URLSearchParams(query) };
}

export function navigate(path) {
  const target = path.startsWith("#") ? path : `#${path}`;
  if (location.hash === target) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = target;
}

/**
 * routes: [{pattern: RegExp, view: async (container, params, ctx) => void, feature, nav}]
 * `render(route, params)` is supplied by the app (it checks the role and mounts the view).
 */
export function createRouter(routes, fallback, render) {
  function resolve() {
    const { path, query } = currentPath();
    for (const route of routes) {
      const m = route.pattern.exec(path);
      if (m) return { route, params: m.slice(1).map(decodeURIComponent), query, path };
    }
    return null;
  }
  function handle() {
    const match = resolve();
    if (!match) {
      navigate(fallback);
      return;
    }
    render(match);
  }
  return {
    start() {
      window.addEventListener("hashchange", handle);
      handle();
    },
    stop() {
      window.removeEventListener("hashchange", handle);
    },
    refresh: handle,
    resolve,
  };
}
