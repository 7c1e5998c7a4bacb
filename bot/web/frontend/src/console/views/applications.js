// 入会申请 and 培训报名: lists, detail, review (approve / reject with a reason / ask for more),
// confirm, cancel and the waiting list. Each outcome is sent to the worker's conversation.
import { h, options, field, replace } from "../dom.js";
import { api, enc } from "../api.js";
import { fmtDateTime } from "../format.js";
import { badge, loadingBlock, errorBlock, emptyBlock, toast, toastError, dialog } from "../ui.js";
import { relatedList } from "../components/related.js";
import { setTitle } from "../title.js";

function table(headers, rows, testid) {
  return h("table", { class: "table", "data-testid": testid },
    h("thead", null, h("tr", null, headers.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, rows));
}

function timeline(events) {
  const list = (events || []).slice().reverse();
  if (!list.length) return h("ul", { class: "timeline" }, h("li", { class: "muted" }, "暂无处理记录"));
  return h("ul", { class: "timeline" }, list.map((ev) => h("li", { class: ["timeline-item", ev.public ? "is-public" : ""], "data-testid": "app-event" },
    h("div", { class: "timeline-head" },
      h("strong", null, ev.kind_label), h("span", { class: "muted" }, ` · ${ev.actor_name || "系统"}`),
      ev.public ? badge("已告知职工", "public") : null,
      h("time", { class: "muted small", datetime: ev.created_at }, fmtDateTime(ev.created_at))),
    ev.body ? h("div", { class: "timeline-body prewrap" }, ev.body) : null)));
}

async function load(root, path, ctx, text) {
  replace(root, loadingBlock(text));
  try {
    return await api.get(path, null, { signal: ctx.signal });
  } catch (err) {
    if (!ctx.alive || err.name === "AbortError") return null;
    replace(root, errorBlock(err, () => location.reload()));
    return null;
  }
}

export async function applicationsView(root, params, ctx) {
  setTitle("入会申请");
  const status = h("select", { "data-testid": "app-status" }, options([["open", "待处理"], ["all", "全部"], ["approved", "已批准"], ["rejected", "未通过"]], "open"));
  const box = h("div", { class: "table-wrap" });
  replace(root, h("div", { class: "page-head" }, h("h1", null, "入会申请"), h("a", { href: "#/courses", class: "btn btn-small" }, "培训报名 →")),
    h("div", { class: "filters" }, field("状态", status).wrap), box);
  async function refresh() {
    const data = await load(box, `/api/applications?status=${enc(status.value)}`, ctx, "正在加载入会申请…");
    if (!data || !ctx.alive) return;
    const items = data.items || [];
    replace(box, items.length ? table(["编号", "姓名", "电话", "就业方式", "城市 · 行业", "状态", "提交"], items.map((a) => h("tr", { "data-testid": "app-row" },
      h("td", null, h("a", { href: `#/applications/${enc(a.reference)}`, class: "ref mono" }, a.reference)),
      h("td", null, a.name), h("td", { class: "mono" }, a.phone), h("td", null, a.employment_label),
      h("td", null, `${a.city} · ${a.industry}`), h("td", null, badge(a.status_label, "info")),
      h("td", { class: "nowrap" }, fmtDateTime(a.created_at)))), "app-table") : emptyBlock("没有入会申请"));
  }
  status.addEventListener("change", refresh);
  refresh();
}

function detailPage(title, back, backText, item, info, actions, onAction) {
  return [
    h("div", { class: "page-head" }, h("a", { href: back, class: "back" }, backText)),
    h("div", { class: "ticket-title" }, h("h1", { class: "mono", "data-testid": "app-reference" }, item.reference),
      badge(title, "topic"), badge(item.status_label, "info", { "data-testid": "app-status-label" })),
    h("div", { class: "ticket-grid" },
      h("div", { class: "ticket-main" },
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "信息"), h("dl", { class: "kv" }, info.map(([k, v]) => [h("dt", null, k), h("dd", null, v || "—")]))),
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "处理记录"), timeline(item.events))),
      h("aside", { class: "ticket-side" },
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "处理"),
          (item.actions || []).length
            ? h("div", { class: "btn-col", "data-testid": "app-actions" }, item.actions.map((a) => h("button", {
              type: "button", class: "btn btn-small", "data-action": a.action, onclick: () => onAction(a) }, a.label)))
            : h("p", { class: "muted small" }, "当前状态没有可执行的处理"),
          h("p", { class: "muted small" }, item.can_notify ? "处理结果会发到职工的在线对话里，职工查进度时也能看到。" : "职工查进度时能看到处理结果；这条记录没有在线对话，必要时请电话告知。")),
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "该职工的其他记录"), relatedList(item.earlier, { empty: "没有其他工单或申请", testid: "earlier" })))),
  ];
}

async function act(path, a, { prompt, ctx, rerender }) {
  const note = h("textarea", { rows: 3, "data-testid": "app-note", placeholder: prompt(a) });
  const noteField = field(a.needs_note ? "写给职工（必填）" : "备注（可选）", note);
  const result = await dialog({
    title: a.label, submitText: "确认", testid: "app-dialog",
    body: [noteField.wrap],
    onSubmit: async () => {
      if (a.needs_note && !note.value.trim()) {
        noteField.setError("请填写");
        note.focus();
        return false;
      }
      return api.post(path, { action: a.action, note: note.value.trim() });
    },
  });
  if (!result || !ctx.alive) return;
  toast(result.delivered === false ? "已处理；没能发到职工的对话里，职工查进度时能看到" : "已处理，并已告知职工", result.delivered === false ? "warn" : "success");
  rerender(result);
}

export async function applicationView(root, [reference], ctx) {
  setTitle(`入会申请 ${reference}`);
  const render = (a) => replace(root, ...detailPage("入会申请", "#/applications", "← 返回入会申请", a, [
    ["姓名", a.name], ["电话", a.phone], ["就业方式", a.employment_label], ["单位", a.employer], ["行业", a.industry],
    ["城市", a.city], ["提交时间", fmtDateTime(a.created_at)]],
  a.actions, (x) => act(`/api/applications/${enc(reference)}/review`, x, {
    ctx, rerender: render,
    prompt: (y) => ({ reject: "没有通过的原因，会告诉职工，例如：所在单位已建工会，请向单位工会申请", more_info: "需要职工补充什么，例如：请说明在哪个平台接单" }[y.action] || "可不填"),
  })));
  const a = await load(root, `/api/applications/${enc(reference)}`, ctx, "正在加载入会申请…");
  if (a && ctx.alive) render(a);
}

export async function coursesView(root, params, ctx) {
  setTitle("培训报名");
  const box = h("div", { class: "table-wrap" });
  replace(root, h("div", { class: "page-head" }, h("h1", null, "培训报名"), h("a", { href: "#/applications", class: "btn btn-small" }, "入会申请 →")), box);
  const data = await load(box, "/api/courses", ctx, "正在加载课程…");
  if (!data || !ctx.alive) return;
  const items = data.items || [];
  replace(box, items.length ? table(["课程", "开课", "名额", "已报名", "已确认", "候补", "已取消"], items.map((c) => h("tr", { "data-testid": "course-row" },
    h("td", null, h("a", { href: `#/courses/${enc(c.slug)}` }, c.title), h("div", { class: "muted small" }, c.city)),
    h("td", { class: "nowrap" }, c.start_date), h("td", null, `余 ${c.seats_left} / 共 ${c.seats}`),
    h("td", null, String(c.counts.enrolled)), h("td", null, String(c.counts.confirmed)),
    h("td", null, String(c.counts.waitlisted)), h("td", null, String(c.counts.cancelled)))), "course-table")
    : emptyBlock("还没有人通过机器人报名课程"));
}

export async function courseView(root, [slug], ctx) {
  setTitle("课程报名名单");
  const c = await load(root, `/api/courses/${enc(slug)}/enrolments`, ctx, "正在加载报名名单…");
  if (!c || !ctx.alive) return;
  replace(root,
    h("div", { class: "page-head" }, h("a", { href: "#/courses", class: "back" }, "← 返回培训报名")),
    h("h1", null, c.title),
    h("p", { class: "muted" }, `${c.city} · ${c.start_date} 开课 · 余 ${c.seats_left} 个名额（共 ${c.seats}）`),
    h("div", { class: "table-wrap" }, (c.items || []).length ? table(["编号", "姓名", "电话", "状态", "报名时间"], c.items.map((e) => h("tr", { "data-testid": "enrolment-row" },
      h("td", null, h("a", { href: `#/enrolments/${enc(e.reference)}`, class: "ref mono" }, e.reference)),
      h("td", null, e.name), h("td", { class: "mono" }, e.phone),
      h("td", null, badge(e.waitlist_position ? `${e.status_label}（第 ${e.waitlist_position} 位）` : e.status_label, "info")),
      h("td", { class: "nowrap" }, fmtDateTime(e.created_at)))), "enrolment-table") : emptyBlock("没有报名")));
}

export async function enrolmentView(root, [reference], ctx) {
  setTitle(`培训报名 ${reference}`);
  const render = (e) => replace(root, ...detailPage("培训报名", `#/courses/${enc(e.course)}`, "← 返回报名名单", e, [
    ["姓名", e.name], ["电话", e.phone], ["课程", e.course_title],
    ["候补位次", e.waitlist_position ? `第 ${e.waitlist_position} 位` : null], ["报名时间", fmtDateTime(e.created_at)]],
  e.actions, (x) => act(`/api/enrolments/${enc(reference)}/action`, x, { ctx, rerender: render, prompt: () => "可不填，例如：本人来电取消" })));
  const e = await load(root, `/api/enrolments/${enc(reference)}`, ctx, "正在加载报名…");
  if (e && ctx.alive) render(e);
}
