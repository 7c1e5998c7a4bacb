// Regions (分级办理): the local unions, the 转办 card on a ticket, the queue's region filter.
import { h, options, field, replace } from "./dom.js";
import { api } from "./api.js";
import { toast, dialog } from "./ui.js";

let cached = null;

/** {regions: [{name, label}], my_regions: [...], my_regions_label}; fetched once per page load. */
export function loadRegions() {
  if (!cached) cached = api.get("/api/regions").catch((err) => { cached = null; throw err; });
  return cached;
}

/** The queue filter's choices: my regions (default), all regions, one region. */
export function regionChoices(data, selected) {
  const mine = data && data.my_regions && data.my_regions.length ? `我的地区（${data.my_regions_label}）` : "我的地区（全部）";
  return options([["", mine], ["all", "全部地区"], ...((data && data.regions) || []).map((r) => [r.name, r.label])], selected);
}

/** The ticket's 转办 section: its region and a button that asks for the target and the reason. */
export function transferBox(box, ticket, base, onDone) {
  const closed = ticket.status === "resolved" || ticket.status === "closed";
  const btn = h("button", { type: "button", class: "btn btn-small", "data-testid": "transfer-open", disabled: closed }, "转办到其他地区");
  btn.addEventListener("click", async () => {
    let data;
    try {
      data = await loadRegions();
    } catch (err) {
      toast(`地区列表加载失败：${err.message}`, "error");
      return;
    }
    const targets = data.regions.filter((r) => r.name !== ticket.region);
    const select = h("select", { "data-testid": "transfer-region" }, options(targets.map((r) => [r.name, r.label]), ""));
    const note = h("textarea", { rows: 3, "data-testid": "transfer-note", placeholder: "例如：职工在深圳宝安区工作，由当地工会办理" });
    const ok = await dialog({
      title: "转办",
      submitText: "确认转办",
      testid: "transfer-dialog",
      body: [h("p", { class: "dialog-message" }, `工单 ${ticket.reference} 现在由${ticket.region_label}办理。`),
        field("转办到", select, { required: true }).wrap,
        field("转办原因", note, { required: true, hint: "会记在工单处理记录和审计日志里" }).wrap],
      onSubmit: async () => {
        const t = await api.post(`${base}/transfer`, { region: select.value, note: note.value.trim() });
        onDone(t);
        return true;
      },
    });
    if (ok) toast("已转办", "success");
  });
  replace(box,
    h("p", null, "办理地区：", h("strong", { "data-testid": "ticket-region" }, ticket.region_label || "—")),
    closed ? h("p", { class: "muted small" }, "已办结的工单不能转办") : null,
    h("div", { class: "btn-row" }, btn));
}

/** Admin: the regions an account works (checkboxes); resolves to the updated account or null. */
export async function editAccountRegions(u, patchUser) {
  const data = await loadRegions();
  const boxes = data.regions.map((r) => h("label", { class: "check" },
    h("input", { type: "checkbox", value: r.name, checked: (u.regions || []).includes(r.name), "data-region": r.name }), ` ${r.label}`));
  return dialog({
    title: `${u.display_name} 所属地区`,
    submitText: "保存",
    testid: "regions-dialog",
    body: [h("p", { class: "dialog-message" }, u.role === "admin"
      ? "管理员可以看到所有地区的工单；这里的设置只影响默认显示。"
      : "队列默认显示这些地区的工单；一个都不选时显示全部地区。"), h("div", { class: "check-list" }, boxes)],
    onSubmit: () => patchUser({ regions: boxes.map((b) => b.querySelector("input")).filter((i) => i.checked).map((i) => i.value) }),
  });
}
