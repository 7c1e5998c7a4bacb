// 个人信息 (admin): a worker's request to see, export or delete their data (PIPL arts. 44–47).
// Staff verify the worker's identity first (call back the number on file); everything here is
// audited on the server. Server data only goes into text nodes.
import { h, field, replace } from "../dom.js";
import { api } from "../api.js";
import { fmtDateTime } from "../format.js";
import { loadingBlock, errorBlock, emptyBlock, promptDialog, confirmDialog, toast, toastError, section } from "../ui.js";
import { setTitle } from "../title.js";

export async function privacyView(root, params, ctx) {
  setTitle("个人信息查询与删除");
  const reference = h("input", { type: "text", placeholder: "如 GH-7K3M-Q9XA", autocomplete: "off", "data-testid": "privacy-ref" });
  const phone = h("input", { type: "tel", placeholder: "登记时留的手机号", autocomplete: "off", "data-testid": "privacy-phone" });
  const conversation = h("input", { type: "text", placeholder: "或填对话编号", autocomplete: "off" });
  const find = h("button", { type: "submit", class: "btn btn-primary", "data-testid": "privacy-search" }, "查找");
  const out = h("div", { "data-testid": "privacy-result" });
  const form = h("form", { class: "filters" },
    field("编号", reference).wrap, field("手机号", phone).wrap, field("对话编号", conversation).wrap,
    h("div", { class: "filter-actions" }, find));
  replace(root,
    h("div", { class: "page-head" }, h("h1", null, "个人信息查询与删除")),
    h("p", { class: "muted" }, "职工要求查看或删除自己的信息时使用。请先核实是本人（比如回拨登记的手机号），再用职工的编号和手机号查找。每一步都记入审计日志。"),
    form, out);

  const who = () => ({ reference: reference.value.trim(), phone: phone.value.trim(), conversation: conversation.value.trim() });

  async function search(ev) {
    if (ev) ev.preventDefault();
    replace(out, loadingBlock());
    try {
      const data = await api.post("/api/privacy/search", who(), { signal: ctx.signal });
      if (ctx.alive) render(data);
    } catch (err) {
      if (ctx.alive && err.name !== "AbortError") replace(out, errorBlock(err));
    }
  }

  function kv(pairs) {
    return h("dl", { class: "kv" }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== "")
      .map(([k, v]) => [h("dt", null, k), h("dd", { class: "prewrap" }, typeof v === "string" ? v : JSON.stringify(v))]));
  }

  function render(data) {
    const tickets = data.tickets.map((t) => section(`工单 ${t.reference}`, kv([
      ["提交时间", fmtDateTime(t.created_at)], ["类型", t.kind_label], ["状态", t.status_label], ["电话", t.contact_phone], ["称呼", t.contact_name],
      ["情况", t.description], ["同意记录", t.consent_text],
      ["处理记录", t.events.map((e) => `${fmtDateTime(e.at)} ${e.body}`).join("\n")]])));
    const apps = data.membership_applications.map((a) => section(`入会申请 ${a.reference}`, kv([
      ["提交时间", fmtDateTime(a.created_at)], ["状态", a.status_label], ["姓名", a.name], ["电话", a.phone], ["单位", a.employer],
      ["行业", a.industry], ["城市", a.city], ["同意记录", a.consent_text]])));
    const enrols = data.enrolments.map((e) => section(`培训报名 ${e.reference}`, kv([
      ["报名时间", fmtDateTime(e.created_at)], ["课程", e.course], ["姓名", e.name], ["电话", e.phone],
      ["同意记录", e.consent_text]])));
    const others = [
      data.handoffs.length ? section("人工对话", kv(data.handoffs.map((x) => [fmtDateTime(x.created_at), x.summary || "（无摘要）"]))) : null,
      data.messages_for_review.length ? section("待复核的原话", kv(data.messages_for_review.map((x) => [fmtDateTime(x.created_at), x.text]))) : null,
    ];
    const exportBtn = h("button", { type: "button", class: "btn", "data-testid": "privacy-export", onclick: exportJson }, "导出（JSON）");
    const eraseBtn = h("button", { type: "button", class: "btn btn-danger", "data-testid": "privacy-erase", onclick: erase }, "删除这些信息");
    const any = tickets.length + apps.length + enrols.length;
    replace(out,
      h("div", { class: "page-head" }, h("h2", null, `找到 ${any} 条登记记录`), h("div", { class: "filter-actions" }, exportBtn, eraseBtn)),
      any ? [tickets, apps, enrols] : emptyBlock("没有登记记录"), others);
  }

  async function exportJson() {
    try {
      const data = await api.post("/api/privacy/export", who(), { signal: ctx.signal });
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      const a = h("a", { href: URL.createObjectURL(blob), download: "personal-data.json" });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (err) {
      toastError(err, "导出失败");
    }
  }

  async function erase() {
    const reason = await promptDialog({
      title: "删除个人信息", label: "删除原因", required: true, minLength: 6, multiline: true, danger: true, okText: "下一步",
      message: "会删除这个人的电话、姓名、情况描述、表单内容和对话记录；还在办理的工单会关闭。统计数字保留。",
      placeholder: "比如：职工来电要求删除，已回拨登记号码核实本人",
    });
    if (!reason) return;
    const ok = await confirmDialog({ title: "确认删除", message: "删除后无法恢复，确定要删除吗？", okText: "确定删除", danger: true });
    if (!ok) return;
    try {
      await api.post("/api/privacy/erase", { ...who(), reason, confirm: true }, { signal: ctx.signal });
      toast("已删除，操作已记入审计日志", "success");
      replace(out, emptyBlock("已删除"));
    } catch (err) {
      toastError(err, "删除失败");
    }
  }

  form.addEventListener("submit", search);
}
