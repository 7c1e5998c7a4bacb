// 统计 (admin): messages and tickets per topic per day, fallback rate, response times.
import {
  Chart, BarController, BarElement, LineController, LineElement, PointElement,
  CategoryScale, LinearScale, Legend, Tooltip, Filler,
} from "chart.js";
import { h, replace } from "../dom.js";
import { api } from "../api.js";
import { fmtDuration, fmtPercent } from "../format.js";
import { loadingBlock, errorBlock } from "../ui.js";
import { setTitle } from "../title.js";

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip, Filler);
Chart.defaults.font.family = '-apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif';
Chart.defaults.color = "#475569";

const PALETTE = ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#64748b", "#9333ea"];

function shortDay(d) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d || "");
  return m ? `${Number(m[2])}/${Number(m[3])}` : d;
}

// 办结后问职工的满意度（bot/console/satisfaction.py）和重新打开的工单，按主题或地区。
function satisfactionTable(title, rows, what) {
  if (!Array.isArray(rows) || !rows.length) return null;
  const cols = [["asked", "已询问"], ["answered", "已回答"], ["solved", "解决了"], ["unsolved", "没解决"],
    ["satisfied", "满意"], ["neutral", "一般"], ["unsatisfied", "不满意"], ["reopened", "重新处理"]];
  const rate = (r) => (r.satisfied + r.neutral + r.unsatisfied ? fmtPercent(r.satisfied / (r.satisfied + r.neutral + r.unsatisfied)) : "—");
  return h("section", { class: "card", "data-testid": "satisfaction-table" }, h("h2", { class: "card-title" }, title),
    h("div", { class: "table-wrap" }, h("table", { class: "table" },
      h("thead", null, h("tr", null, h("th", null, what), ...cols.map(([, l]) => h("th", null, l)), h("th", null, "满意率"))),
      h("tbody", null, rows.map((r) => h("tr", null, h("td", null, r.label), ...cols.map(([k]) => h("td", null, String(r[k] ?? 0))),
        h("td", null, rate(r))))))));
}

export async function analyticsView(root, params, ctx, query) {
  setTitle("统计");
  let days = [7, 30, 90].includes(Number(query.get("days"))) ? Number(query.get("days")) : 30;
  const charts = [];
  ctx.onCleanup(() => charts.splice(0).forEach((c) => c.destroy()));

  const dayButtons = [7, 30, 90].map((d) => h("button", {
    type: "button", class: "tab", role: "radio", "aria-checked": String(d === days), "data-days": String(d),
    onclick: () => {
      days = d;
      dayButtons.forEach((b) => b.setAttribute("aria-checked", String(Number(b.dataset.days) === days)));
      load();
    },
  }, `近 ${d} 天`));
  const body = h("div", { "data-testid": "analytics" });
  replace(root,
    h("div", { class: "page-head" },
      h("h1", null, "统计"),
      h("div", { class: "tabs", role: "radiogroup", "aria-label": "统计时间范围" }, dayButtons)),
    body);

  function card(label, value, sub) {
    return h("div", { class: "stat" }, h("div", { class: "stat-label" }, label), h("div", { class: "stat-value" }, value),
      sub ? h("div", { class: "stat-sub muted small" }, sub) : null);
  }

  function stacked(canvas, data, series, title) {
    const topics = data.topics || [];
    const datasets = topics.map((t, i) => ({
      label: t.label || t.name,
      data: (series && series[t.name]) || data.days.map(() => 0),
      backgroundColor: PALETTE[i % PALETTE.length],
      borderWidth: 0,
      maxBarThickness: 28,
    })).filter((ds) => ds.data.some((v) => v));
    charts.push(new Chart(canvas, {
      type: "bar",
      data: { labels: data.days.map(shortDay), datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: { callbacks: { title: (items) => data.days[items[0].dataIndex] } },
        },
        scales: { x: { stacked: true, grid: { display: false } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: title } } },
      },
    }));
  }

  function line(canvas, data) {
    const rates = (data.fallback_rate || []).map((r) => (r === null || r === undefined ? null : Math.round((r <= 1 ? r * 100 : r) * 10) / 10));
    charts.push(new Chart(canvas, {
      type: "line",
      data: {
        labels: data.days.map(shortDay),
        datasets: [{ label: "未识别率", data: rates, borderColor: "#dc2626", backgroundColor: "rgba(220,38,38,.12)", fill: true, spanGaps: true, tension: 0.25, pointRadius: data.days.length > 40 ? 0 : 3 }],
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: (items) => data.days[items[0].dataIndex], label: (it) => ` 未识别率 ${it.parsed.y}%` } },
        },
        scales: { x: { grid: { display: false } }, y: { beginAtZero: true, suggestedMax: 20, ticks: { callback: (v) => `${v}%` } } },
      },
    }));
  }

  let seq = 0;
  async function load() {
    const my = ++seq;
    charts.splice(0).forEach((c) => c.destroy());
    replace(body, loadingBlock("正在统计…"));
    let data;
    try {
      data = await api.get("/api/analytics", { days }, { signal: ctx.signal });
    } catch (err) {
      if (my !== seq || !ctx.alive || err.name === "AbortError") return;
      replace(body, errorBlock(err, load));
      return;
    }
    if (my !== seq || !ctx.alive) return;
    data.days = Array.isArray(data.days) ? data.days : [];
    const totals = data.totals || {};
    const overallFallback = totals.messages ? totals.fallbacks / totals.messages : null;
    const c1 = h("canvas", { role: "img", "aria-label": "每日各主题消息数（堆叠柱状图）" });
    const c2 = h("canvas", { role: "img", "aria-label": "每日各主题工单数（堆叠柱状图）" });
    const c3 = h("canvas", { role: "img", "aria-label": "每日未识别率（折线图）" });
    replace(body,
      h("div", { class: "stats" },
        card("职工消息", (totals.messages ?? 0).toLocaleString("zh-CN")),
        card("新建工单", (totals.tickets ?? 0).toLocaleString("zh-CN")),
        card("未识别消息", (totals.fallbacks ?? 0).toLocaleString("zh-CN"), overallFallback === null ? null : `占 ${fmtPercent(overallFallback, 1)}`),
        card("人工接入", (totals.handoffs ?? 0).toLocaleString("zh-CN")),
        card("首次响应时间（中位数）", fmtDuration(data.median_first_response_minutes)),
        card("办结时间（中位数）", fmtDuration(data.median_resolution_minutes))),
      h("section", { class: "card" }, h("h2", { class: "card-title" }, "每日消息数（按主题）"), h("div", { class: "chart-box" }, c1)),
      h("div", { class: "chart-grid" },
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "每日新建工单（按主题）"), h("div", { class: "chart-box" }, c2)),
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "每日未识别率"), h("div", { class: "chart-box" }, c3))),
      satisfactionTable("满意度和重新处理（按主题）", (data.satisfaction || {}).by_topic, "主题"),
      satisfactionTable("满意度和重新处理（按地区）", (data.satisfaction || {}).by_region, "地区"));
    if (!data.days.length) return;
    stacked(c1, data, data.messages_by_topic, "消息数");
    stacked(c2, data, data.tickets_by_topic, "工单数");
    line(c3, data);
  }
  load();
}
