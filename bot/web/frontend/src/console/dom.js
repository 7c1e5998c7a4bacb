// Tiny DOM builder. Server data only ever goes into text nodes / attributes (never innerHTML):
// worker messages are untrusted input.

const PROPS = new Set(["value", "checked", "disabled", "selected", "hidden", "readOnly", "required", "multiple", "indeterminate"]);

/**
 * h("button", {class: "btn", onclick: fn, "data-testid": "x"}, "文字", childNode, [more], null)
 * - strings/numbers become text nodes; null/undefined/false are skipped; arrays are flattened
 * - on* functions become event listeners; `style` may be an object; `dataset` an object
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, val] of Object.entries(attrs)) {
      if (val === undefined || val === null || val === false) continue;
      if (key.startsWith("on") && typeof val === "function") {
        el.addEventListener(key.slice(2).toLowerCase(), val);
      } else if (key === "class") {
        el.className = Array.isArray(val) ? val.filter(Boolean).join(" ") : val;
      } else if (key === "style" && typeof val === "object") {
        Object.assign(el.style, val);
      } else if (key === "dataset") {
        Object.assign(el.dataset, val);
      } else if (key === "text") {
        el.textContent = String(val);
      } else if (PROPS.has(key)) {
        el[key] = val;
      } else {
        el.setAttribute(key, val === true ? "" : String(val));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false || c === true) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

/** <select> options from [{value, label}] (or [value, label] pairs), selecting `selected`. */
export function options(list, selected) {
  return list.map((o) => {
    const [value, label] = Array.isArray(o) ? o : [o.value, o.label];
    return h("option", { value: value ?? "", selected: String(value ?? "") === String(selected ?? "") }, label);
  });
}

let idSeq = 0;
export function uid(prefix = "f") {
  idSeq += 1;
  return `${prefix}-${idSeq}`;
}

/** A labelled form field: returns {wrap, input, error, setError}. */
export function field(label, input, { hint, required } = {}) {
  if (!input.id) input.id = uid("fld");
  const error = h("div", { class: "field-error", id: `${input.id}-err`, role: "alert", hidden: true });
  const hintEl = hint ? h("div", { class: "field-hint", id: `${input.id}-hint` }, hint) : null;
  const described = [hintEl && hintEl.id, error.id].filter(Boolean).join(" ");
  input.setAttribute("aria-describedby", described);
  const wrap = h("div", { class: "field" },
    h("label", { for: input.id }, label, required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null),
    input, hintEl, error);
  function setError(msg) {
    if (msg) {
      error.textContent = msg;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
    } else {
      error.textContent = "";
      error.hidden = true;
      input.removeAttribute("aria-invalid");
    }
  }
  return { wrap, input, error, setError };
}
