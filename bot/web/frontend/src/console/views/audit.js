// 审计日志 (admin): who did what (logins, reveals of personal data, account changes…).
import { h, options, field, replace } from "../dom.js";
import { api } from "../api.js";
import { fmtDateTime } from "../format.js";
import { loadingBlock, errorBlock, emptyBlock } from "../ui.js";
import { setTitle } from "../title.js";

export async function auditView(root, params, ctx) {
  setTitle("审计日志");
  const limit = h("select", null, options([["100", "最近 100 条"], ["300", "最近 300 条"], ["1000", "最近 1000 条"]], "100"));
  const filter = h("input", { type: "search", placeholder: "按操作人、动作、对象筛选" });
  const refresh = h("button", { type: "button", class: "btn btn-small" }, "刷新");
  const list = h("div", { class: "table-wrap" }, loadingBlock());
  const count = h("span", { class: "muted" });
  replace(root,
    h("div", { class: "page-head" }, h("h1", null, "审计日志"), count),
    h("div", { class: "filters" }, field("条数", limit).wrap, h("div", { class: "filter-grow" }, field("筛选", filter).wrap),
      h("div", { class: "filter-actions" }, refresh)),
    list);

  let rows = [];
  function render() {
    const q = filter.value.trim().toLowerCase();
    const shown = q ? rows.filter((r) => [r.actor, r.action, r.action_label, r.target, typeof r.detail === "string" ? r.detail : JSON.stringify(r.detail)]
      .some((v) => String(v || "").toLowerCase().includes(q))) : rows;
    count.textContent = q ? `显示 ${shown.length} / ${rows.length} 条` : `共 ${rows.length} 条`;
    replace(list, shown.length ? h("table", { class: "table", "data-testid": "audit-table" },
      h("thead", null, h("tr", null, ["时间", "操作人", "动作", "对象", "详情"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", null, shown.map((r) => h("tr", { "data-testid": "audit-row" },
        h("td", { class: "nowrap" }, fmtDateTime(r.created_at, { seconds: true })),
        h("td", null, r.actor || "—"),
        h("td", { title: r.action || "" }, r.action_label || r.action || "—"),
        h("td", { class: "mono small" }, r.target || ""),
        h("td", { class: "prewrap small" }, r.detail === null || r.detail === undefined ? "" : typeof r.detail === "string" ? r.detail : JSON.stringify(r.detail))))))
      : emptyBlock("没有记录"));
  }

  async function load() {
    replace(list, loadingBlock());
    try {
      const data = await api.get("/api/audit", { limit: limit.value }, { signal: ctx.signal });
      if (!ctx.alive) return;
      rows = Array.isArray(data) ? data : (data && data.items) || [];
      render();
    } catch (err) {
      if (!ctx.alive || err.name === "AbortError") return;
      replace(list, errorBlock(err, load));
    }
  }
  limit.addEventListener("change", load);
  filter.addEventListener("input", render);
  refresh.addEventListener("click", load);
  load();
}
