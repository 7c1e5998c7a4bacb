// A <select> of canned replies (filtered by topic); picking one hands its body to onPick.
import { h, field } from "../dom.js";
import { api } from "../api.js";

export function cannedPicker({ topic, onPick, label = "快捷回复", hideLabel = false }) {
  const select = h("select", { class: "canned-select", "data-testid": "canned-select", disabled: true },
    h("option", { value: "" }, "正在加载快捷回复…"));
  let replies = [];
  api.get("/api/canned", topic ? { topic } : {})
    .then((list) => {
      replies = Array.isArray(list) ? list : [];
      select.replaceChildren(h("option", { value: "" }, replies.length ? "插入快捷回复…" : "（暂无快捷回复）"),
        ...replies.map((r) => h("option", { value: String(r.id), title: r.body }, r.title)));
      select.disabled = !replies.length;
    })
    .catch((err) => {
      select.replaceChildren(h("option", { value: "" }, `快捷回复加载失败：${err.message}`));
    });
  select.addEventListener("change", () => {
    const r = replies.find((x) => String(x.id) === select.value);
    select.value = "";
    if (r) onPick(r.body, r);
  });
  const f = field(label, select).wrap;
  if (hideLabel) f.querySelector("label").className = "sr-only";
  return f;
}

/** Puts text into a textarea: replaces it when empty, otherwise appends on a new line. */
export function insertInto(textarea, text) {
  const cur = textarea.value;
  textarea.value = cur.trim() ? `${cur.replace(/\s+$/, "")}\n${text}` : text;
  textarea.focus();
  textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
}
