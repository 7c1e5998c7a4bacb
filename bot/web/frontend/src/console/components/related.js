// A short list of a worker's other items (tickets, membership applications, enrolments), linked.
import { h } from "../dom.js";
import { fmtDateTime } from "../format.js";
import { badge, emptyBlock } from "../ui.js";

/** items: [{reference, kind_label, status_label, summary, href, created_at}] */
export function relatedList(items, { empty = "没有其他记录", testid = "related" } = {}) {
  if (!Array.isArray(items) || !items.length) return emptyBlock(empty);
  return h("ul", { class: "related-list", "data-testid": testid }, items.map((it) => h("li", { class: "related-item", "data-testid": `${testid}-item` },
    h("a", { href: it.href, class: "ref mono" }, it.reference),
    " ", badge(it.kind_label || "记录", "neutral"), " ", badge(it.status_label || "—", "info"),
    it.summary ? h("div", { class: "small clamp-2" }, it.summary) : null,
    it.created_at ? h("div", { class: "muted small" }, fmtDateTime(it.created_at)) : null)));
}

/** The search results of the queue: applications and enrolments in the same shape. */
export function searchShape(data) {
  const apps = (data && data.applications) || [];
  const enrols = (data && data.enrolments) || [];
  return apps.map((a) => ({ reference: a.reference, kind_label: "入会申请", status_label: a.status_label,
    summary: `${a.name || ""} · ${a.phone || ""} · ${a.city || ""} ${a.industry || ""}`, href: `#/applications/${encodeURIComponent(a.reference)}`, created_at: a.created_at }))
    .concat(enrols.map((e) => ({ reference: e.reference, kind_label: "培训报名", status_label: e.status_label,
      summary: `${e.name || ""} · ${e.phone || ""} · ${e.course_title || ""}`, href: `#/enrolments/${encodeURIComponent(e.reference)}`, created_at: e.created_at })));
}
