// localStorage that never throws (private mode, sandboxed iframes, disabled storage): falls back to memory.
const memory = {};

export function load(key) {
  try {
    const v = window.localStorage.getItem(key);
    return v === null ? (key in memory ? memory[key] : null) : v;
  } catch (e) {
    return key in memory ? memory[key] : null;
  }
}

export function save(key, value) {
  memory[key] = value;
  try { window.localStorage.setItem(key, value); } catch (e) { /* memory only */ }
}

export function remove(key) {
  delete memory[key];
  try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
}

export function loadJSON(key) {
  const raw = load(key);
  if (!raw) return null;
  try { return JSON.parse(raw); } catch (e) { return null; }
}

export function saveJSON(key, value) {
  save(key, JSON.stringify(value));
}
