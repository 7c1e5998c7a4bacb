// 队列: open tickets, urgent first (server order), live-updated every 5 s.
import { relatedList, searchShape } from "../components/related.js";
import { h, options, field, replace } from "../dom.js";
import { api } from "../api.js";
import { fmtAge, fmtDateTime, fmtClock } from "../format.js";
import { meta, remember, loadStaff, QUEUES, isUrgent, queueLabel } from "../meta.js";
import { priorityBadge, slaBadge, statusBadge, badge, errorBlock, loadingBlock, toastError } from "../ui.js";
import { pollFailed, pollOk } from "../connection.js";
import { navigate } from "../router.js";
import { setTitle } from "../title.js";
import { regionChoices } from "../regions.js";

const STORE = "console.queue.filters";
const SCROLL = "console.queue.scroll";
const NEW_MS = 60000; // how long a newly arrived ticket stays highlighted
const EMPTY = { topic: "", status: "", priority: "", assignee: "", queue: "", region: "", q: "" };

function loadFilters() {
  try {
    return { ...EMPTY, ...(JSON.parse(sessionStorage.getItem(STORE)) || {}) };
  } catch (e) {
    return { ...EMPTY };
  }
}

export async function queueView(root, params, ctx) {
  setTitle("工单队列");
  const filters = loadFilters();
  let staff = [];
  let known = null; // references seen so far (null until the first load for these filters)
  const newUntil = new Map();
  const rows = new Map(); // reference -> <tr>
  let seq = 0;
  let lastData = null;
  let pendingScroll = Number(sessionStorage.getItem(SCROLL) || 0);

  // ---- filter bar ----
  const sel = {
    topic: h("select", { "data-filter": "topic" }),
    status: h("select", { "data-filter": "status" }),
    priority: h("select", { "data-filter": "priority" }),
    assignee: h("select", { "data-filter": "assignee" }),
    queue: h("select", { "data-filter": "queue" }),
    region: h("select", { "data-filter": "region" }),
  };
  let regionData = null;
  const search = h("input", { type: "search", placeholder: "编号（GH-/RH-/PX-）、完整电话、单位、内容…", value: filters.q, "data-filter": "q" });

  function fillSelects() {
    replace(sel.topic, options([["", "全部主题"], ...meta.topics.map((t) => [t.name, t.label])], filters.topic));
    replace(sel.status, options([["", "未结案（默认）"], ...meta.statuses.map((s) => [s.name, s.label]), ["all", "全部状态"]], filters.status));
    replace(sel.priority, options([["", "全部优先级"], ...meta.priorities.map((p) => [p.name, p.label])], filters.priority));
    replace(sel.queue, options([["", "全部队列"], ...QUEUES.map((q) => [q.name, q.label])], filters.queue));
    replace(sel.region, regionChoices(regionData, filters.region));
    const people = staff.map((s) => [s.username, `${s.display_name}（${s.role_label || s.role}）`]);
    replace(sel.assignee, options([["", "所有人"], ["me", "我的"], ["none", "未分配"]], filters.assignee),
      people.length ? h("optgroup", { label: "工作人员" }, options(people, filters.assignee)) : null);
  }
  fillSelects();

  const resetBtn = h("button", { type: "button", class: "btn btn-ghost btn-small" }, "清除筛选");
  const refreshBtn = h("button", { type: "button", class: "btn btn-small", title: "立即刷新" }, "刷新");
  const filterBar = h("form", { class: "filters", role: "search", "aria-label": "筛选工单", onsubmit: (e) => e.preventDefault() },
    field("主题", sel.topic).wrap,
    field("状态", sel.status).wrap,
    field("优先级", sel.priority).wrap,
    field("处理人", sel.assignee).wrap,
    field("队列", sel.queue).wrap,
    field("地区", sel.region).wrap,
    h("div", { class: "filter-grow" }, field("搜索", search).wrap),
    h("div", { class: "filter-actions" }, resetBtn, refreshBtn));

  const summary = h("div", { class: "queue-summary", "aria-live": "polite" });
  const tbody = h("tbody");
  const table = h("table", { class: "table queue-table", "data-testid": "queue-table" },
    h("caption", { class: "sr-only" }, "工单队列，紧急的排在最前"),
    h("thead", null, h("tr", null,
      h("th", { scope: "col", class: "col-flag" }, h("span", { class: "sr-only" }, "紧急")),
      h("th", { scope: "col" }, "编号"),
      h("th", { scope: "col" }, "优先级"),
      h("th", { scope: "col" }, "时限"),
      h("th", { scope: "col", class: "col-topic" }, "主题"),
      h("th", { scope: "col", class: "col-opt" }, "城市 / 地区"),
      h("th", { scope: "col", class: "col-summary" }, "摘要"),
      h("th", { scope: "col" }, "状态"),
      h("th", { scope: "col" }, "处理人"),
      h("th", { scope: "col", class: "col-opt" }, "电话"),
      h("th", { scope: "col" }, "创建"))),
    tbody);
  const listBox = h("div", { class: "table-wrap" }, loadingBlock("正在加载工单…"));
  const otherBox = h("section", { class: "card", hidden: true, "data-testid": "search-other" });

  replace(root,
    h("div", { class: "page-head" },
      h("h1", null, "工单队列"),
      summary),
    filterBar,
    otherBox,
    listBox);

  // ---- rows ----
  function rowCells(it) {
    const urgent = isUrgent(it);
    const fresh = (newUntil.get(it.reference) || 0) > Date.now();
    const hand = it.handoff;
    return [
      h("td", { class: "col-flag" },
        urgent ? h("span", { class: "urgent-dot", role: "img", "aria-label": "紧急", title: "紧急" }, "🔴") : null,
        fresh ? h("span", { class: "new-tag" }, "新") : null),
      h("td", { class: "col-ref" },
        h("a", { href: `#/tickets/${encodeURIComponent(it.reference)}`, class: "ref" }, it.reference),
        hand && hand.status === "waiting" ? h("div", null, badge("等待人工", "danger", { "data-testid": "badge-waiting" })) : null,
        hand && hand.status === "live" ? h("div", null, badge(`人工服务中${hand.officer_name ? `·${hand.officer_name}` : ""}`, "primary")) : null,
        !hand && it.needs_human ? h("div", null, badge("需人工", "warn")) : null,
        it.new_activity ? h("div", null, badge(it.new_activity_label || "职工有新回复", "primary", { "data-testid": "badge-activity" })) : null),
      h("td", null, priorityBadge(it.priority, it.priority_label)),
      h("td", null, slaBadge(it.sla)),
      h("td", { class: "col-topic" }, h("div", null, it.topic_label || it.topic || "—"),
        h("div", { class: "muted small" },
          [it.case_type_label && it.case_type_label !== it.topic_label ? it.case_type_label : null, queueLabel(it.queue)].filter(Boolean).join(" · "))),
      h("td", { class: "nowrap col-opt" }, it.city || h("span", { class: "muted" }, "—"),
        it.region_label ? h("div", { class: "muted small", "data-testid": "row-region" }, it.region_label) : null),
      h("td", { class: "col-summary" }, h("div", { class: "clamp-2", title: it.summary || "" }, it.summary || "")),
      h("td", null, statusBadge(it.status, it.status_label)),
      h("td", { class: "nowrap" }, it.assignee_name || it.assignee || h("span", { class: "muted" }, "未分配")),
      h("td", { class: "mono nowrap col-opt" }, it.contact_phone || h("span", { class: "muted" }, "—")),
      h("td", { class: "nowrap", title: fmtDateTime(it.created_at) }, fmtAge(it.age_minutes)),
    ];
  }

  function renderItems(items) {
    if (!items.length) {
      rows.clear();
      replace(listBox, h("div", { class: "state state-empty", "data-testid": "queue-empty" }, "没有符合条件的工单"));
      return;
    }
    if (!listBox.contains(table)) replace(listBox, table);
    const seen = new Set();
    items.forEach((it) => {
      seen.add(it.reference);
      let tr = rows.get(it.reference);
      if (!tr) {
        tr = h("tr", { "data-testid": "queue-row", "data-reference": it.reference, class: "row-link" });
        rows.set(it.reference, tr);
      }
      tr.replaceChildren(...rowCells(it));
      tr.classList.toggle("is-new", (newUntil.get(it.reference) || 0) > Date.now());
      tr.classList.toggle("is-urgent", isUrgent(it));
      tr.classList.toggle("is-waiting", !!(it.handoff && it.handoff.status === "waiting"));
      tbody.appendChild(tr); // (re)ordering keeps the element, its focus and its highlight
    });
    for (const [ref, tr] of rows) {
      if (!seen.has(ref)) {
        tr.remove();
        rows.delete(ref);
      }
    }
  }

  function renderSummary(items, data) {
    const urgent = items.filter(isUrgent).length;
    const waiting = items.filter((i) => i.handoff && i.handoff.status === "waiting").length;
    const overdue = items.filter((i) => i.sla && i.sla.state === "overdue").length;
    const parts = [`共 ${items.length} 条`];
    if (urgent) parts.push(`紧急 ${urgent}`);
    if (waiting) parts.push(`等待人工 ${waiting}`);
    if (overdue) parts.push(`超时 ${overdue}`);
    const when = data.server_time ? new Date(data.server_time) : new Date();
    replace(summary, parts.join(" · "), h("span", { class: "muted" }, ` · 更新于 ${fmtClock(Number.isNaN(when.getTime()) ? new Date() : when)}`));
  }

  tbody.addEventListener("click", (e) => {
    const tr = e.target.closest("tr[data-reference]");
    if (!tr || e.target.closest("a, button")) return;
    if (window.getSelection && String(window.getSelection()).length) return; // selecting text
    navigate(`/tickets/${encodeURIComponent(tr.dataset.reference)}`);
  });

  // ---- loading ----
  async function load() {
    const my = ++seq;
    const q = { ...filters };
    try {
      const data = await api.get("/api/queue", q, { signal: ctx.signal });
      if (my !== seq || !ctx.alive) return;
      pollOk();
      const before = JSON.stringify([meta.topics, meta.statuses, meta.priorities, regionData]);
      remember(data);
      regionData = { regions: data.regions, my_regions: data.my_regions, my_regions_label: data.my_regions_label };
      if (JSON.stringify([meta.topics, meta.statuses, meta.priorities, regionData]) !== before) fillSelects();
      const items = Array.isArray(data.items) ? data.items : [];
      const now = Date.now();
      if (known) {
        for (const it of items) if (!known.has(it.reference)) newUntil.set(it.reference, now + NEW_MS);
      } else known = new Set();
      items.forEach((it) => known.add(it.reference));
      lastData = data;
      renderItems(items);
      renderSummary(items, data);
      const other = searchShape(data);
      otherBox.hidden = !other.length;
      replace(otherBox, other.length ? [h("h2", { class: "card-title" }, `入会申请和培训报名（${other.length}）`), relatedList(other, { testid: "search-result" })] : []);
      if (pendingScroll) {
        window.scrollTo(0, pendingScroll); // back from a ticket: where the user was
        pendingScroll = 0;
      }
    } catch (err) {
      if (my !== seq || !ctx.alive || err.name === "AbortError") return;
      if (!lastData) {
        replace(listBox, errorBlock(err, () => poller.now()));
      } else pollFailed(err);
      throw err;
    }
  }

  const poller = ctx.poll(load, 5000, { hiddenInterval: 15000 });

  function applyFilters() {
    sessionStorage.setItem(STORE, JSON.stringify(filters));
    known = null;
    newUntil.clear();
    lastData = null;
    rows.clear();
    tbody.replaceChildren();
    replace(listBox, loadingBlock("正在加载工单…"));
    poller.now();
  }

  Object.entries(sel).forEach(([key, el]) => el.addEventListener("change", () => {
    filters[key] = el.value;
    applyFilters();
  }));
  let debounce = null;
  search.addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      filters.q = search.value.trim();
      applyFilters();
    }, 350);
  });
  ctx.onCleanup(() => clearTimeout(debounce));
  resetBtn.addEventListener("click", () => {
    Object.assign(filters, EMPTY);
    search.value = "";
    fillSelects();
    applyFilters();
  });
  refreshBtn.addEventListener("click", () => poller.now());

  loadStaff().then((list) => {
    if (!ctx.alive) return;
    staff = Array.isArray(list) ? list : [];
    fillSelects();
  }).catch((err) => toastError(err, "工作人员名单加载失败"));

  ctx.onCleanup(() => sessionStorage.setItem(SCROLL, String(window.scrollY || 0)));
}
