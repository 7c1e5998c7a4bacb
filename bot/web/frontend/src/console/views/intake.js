// 电话登记: the staff member types what the caller says, the bot suggests a topic and pre-fills a
// ticket, the staff member completes and saves it.
import { h, options, field, replace } from "../dom.js";
import { api, enc, fieldErrors } from "../api.js";
import { fmtPercent } from "../format.js";
import { meta, PRIORITIES } from "../meta.js";
import { badge, toast, toastError, withBusy } from "../ui.js";
import { setTitle } from "../title.js";

const DRAFT = "console.intake.draft";
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

export function normalisePhone(raw) {
  let p = String(raw || "").trim().replace(/[\s　]/g, "").replace(/^\+?86/, "");
  p = p.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[－—–]/g, "-");
  if (/^1[\d-]+$/.test(p)) p = p.replace(/-/g, ""); // 186-2345-7890
  return p;
}

export async function intakeView(root, params, ctx) {
  setTitle("电话登记");
  const topics = meta.topics.some((t) => t.name === "general") ? meta.topics : meta.topics.concat([{ name: "general", label: "其他" }]);
  const priorities = meta.priorities.length ? meta.priorities : PRIORITIES;

  // ---- call notes + analysis ----
  const text = h("textarea", { rows: 12, class: "intake-text", "data-testid": "intake-text",
    placeholder: "边听边记：来电人说了什么、哪里、哪个单位、多少钱、多少人、多久了、联系电话……" });
  const analyseBtn = h("button", { type: "button", class: "btn btn-primary", "data-testid": "intake-analyse" }, "分析");
  const clearBtn = h("button", { type: "button", class: "btn btn-ghost" }, "清空，登记下一通电话");
  const textField = field("来电内容", text);
  const analysis = h("div", { class: "analysis", "aria-live": "polite", "data-testid": "intake-analysis" });

  // ---- ticket form ----
  const inputs = {
    category: h("select", { name: "category", "data-testid": "intake-category" },
      options([["", "请选择类别…"], ...topics.map((t) => [t.name, t.label])], "")),
    priority: h("select", { name: "priority", "data-testid": "intake-priority" },
      options(priorities.map((p) => [p.name, p.label]), "normal")),
    contact_phone: h("input", { type: "tel", name: "contact_phone", autocomplete: "off", inputmode: "tel", "data-testid": "intake-phone", placeholder: "手机或带区号的座机" }),
    contact_name: h("input", { type: "text", name: "contact_name", autocomplete: "off", "data-testid": "intake-name", placeholder: "例如：王师傅" }),
    city: h("input", { type: "text", name: "city", autocomplete: "off", "data-testid": "intake-city" }),
    employer: h("input", { type: "text", name: "employer", autocomplete: "off", "data-testid": "intake-employer" }),
    description: h("textarea", { name: "description", rows: 6, "data-testid": "intake-description", placeholder: "整理后的情况描述，会写入工单" }),
  };
  const fields = {
    category: field("类别", inputs.category, { required: true }),
    priority: field("优先级", inputs.priority, { required: true }),
    contact_phone: field("联系电话", inputs.contact_phone, { required: true, hint: "手机 11 位，或座机如 020-87654321" }),
    contact_name: field("称呼", inputs.contact_name),
    city: field("城市", inputs.city),
    employer: field("单位", inputs.employer),
    description: field("情况描述", inputs.description, { required: true }),
  };
  const formError = h("div", { class: "form-error", role: "alert", hidden: true, "data-testid": "intake-error" });
  const saveBtn = h("button", { type: "submit", class: "btn btn-primary", "data-testid": "intake-save" }, "保存为工单");
  const result = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "intake-form", novalidate: true },
    h("div", { class: "form-grid" },
      fields.category.wrap, fields.priority.wrap,
      fields.contact_phone.wrap, fields.contact_name.wrap,
      fields.city.wrap, fields.employer.wrap),
    fields.description.wrap,
    formError,
    h("div", { class: "form-actions" }, saveBtn),
    result);

  replace(root,
    h("div", { class: "page-head" },
      h("h1", null, "电话登记"),
      h("span", { class: "muted" }, "记录来电内容 → 分析 → 核对并补全 → 保存为工单")),
    h("div", { class: "intake-grid" },
      h("section", { class: "card" },
        h("h2", { class: "card-title" }, "1. 来电记录"),
        textField.wrap,
        h("div", { class: "btn-row" }, analyseBtn, clearBtn),
        analysis),
      h("section", { class: "card" },
        h("h2", { class: "card-title" }, "2. 工单信息"),
        form)));

  // ---- draft kept across navigation ----
  function saveDraft() {
    const d = { text: text.value };
    for (const [k, el] of Object.entries(inputs)) d[k] = el.value;
    sessionStorage.setItem(DRAFT, JSON.stringify(d));
  }
  try {
    const d = JSON.parse(sessionStorage.getItem(DRAFT) || "null");
    if (d) {
      text.value = d.text || "";
      for (const [k, el] of Object.entries(inputs)) if (d[k] !== undefined && d[k] !== null) el.value = d[k];
    }
  } catch (e) { /* ignore a broken draft */ }
  // `root` (the main area) outlives this view: listen through ctx so the listeners go with it
  ctx.listen(root, "input", saveDraft);
  ctx.listen(root, "change", saveDraft);
  const dirty = () => !!(text.value.trim() || inputs.description.value.trim() || inputs.contact_phone.value.trim());
  const beforeUnload = (e) => {
    if (dirty()) {
      e.preventDefault();
      e.returnValue = "";
    }
  };
  ctx.listen(window, "beforeunload", beforeUnload);

  // ---- analyse ----
  analyseBtn.addEventListener("click", () => {
    const t = text.value.trim();
    if (!t) {
      textField.setError("请先记录来电内容");
      text.focus();
      return;
    }
    textField.setError("");
    withBusy(analyseBtn, async () => {
      analyseBtn.textContent = "正在分析…";
      try {
        const res = await api.post("/api/intake/analyse", { text: t });
        showAnalysis(res || {});
        prefill((res && res.suggestion) || {}, t);
        saveDraft();
      } catch (err) {
        toastError(err, "分析失败");
      } finally {
        analyseBtn.textContent = "分析";
      }
    });
  });

  function showAnalysis(res) {
    const ranking = Array.isArray(res.ranking) ? res.ranking.slice(0, 5) : [];
    const amount = res.suggestion && res.suggestion.amount;
    replace(analysis,
      res.urgent
        ? h("div", { class: "alert alert-danger", role: "alert", "data-testid": "intake-urgent" },
          h("strong", null, `⚠ 紧急情况：${res.urgent.label || res.urgent.category || ""}`),
          h("div", null, "请优先处理：先确认来电人的人身安全，必要时提示拨打 110 / 120，并立即上报值班负责人。优先级已设为“紧急”。"))
        : null,
      h("div", { class: "analysis-main" },
        "建议类别：",
        badge(res.intent_label || res.intent || "未识别", "topic"),
        res.confidence !== null && res.confidence !== undefined ? h("span", { class: "muted" }, ` 置信度 ${fmtPercent(res.confidence)}`) : null),
      amount ? h("div", { class: "muted small" }, `识别到金额：${amount}`) : null,
      ranking.length
        ? h("ol", { class: "ranking", "aria-label": "候选类别" }, ranking.map((r) => h("li", null,
          h("span", { class: "ranking-label" }, r.label || r.name),
          h("span", { class: "meter", "aria-hidden": "true" }, h("span", { style: { width: fmtPercent(r.confidence) } })),
          h("span", { class: "ranking-val" }, fmtPercent(r.confidence)))))
        : null,
      h("p", { class: "muted small" }, "已根据分析结果预填右侧表单，请核对后保存。"));
  }

  function prefill(s, rawText) {
    const setIf = (key, value) => {
      if (value !== null && value !== undefined && String(value).trim() !== "") inputs[key].value = String(value);
    };
    if (s.category && topics.some((t) => t.name === s.category)) inputs.category.value = s.category;
    if (s.priority && priorities.some((p) => p.name === s.priority)) inputs.priority.value = s.priority;
    setIf("contact_phone", s.contact_phone);
    setIf("contact_name", s.contact_name);
    setIf("city", s.city);
    setIf("employer", s.employer);
    if (s.description) inputs.description.value = s.description;
    else if (!inputs.description.value.trim()) inputs.description.value = rawText;
    Object.values(fields).forEach((f) => f.setError(""));
  }

  // ---- validate + save ----
  function validate() {
    let ok = true;
    const first = [];
    const err = (key, msg) => {
      fields[key].setError(msg);
      if (msg) {
        ok = false;
        first.push(inputs[key]);
      }
    };
    err("category", inputs.category.value ? "" : "请选择类别");
    err("priority", inputs.priority.value ? "" : "请选择优先级");
    const phone = normalisePhone(inputs.contact_phone.value);
    if (!phone) err("contact_phone", "请填写联系电话");
    else if (!MOBILE.test(phone) && !LANDLINE.test(phone)) err("contact_phone", "电话号码格式不正确：手机为 11 位数字，座机需带区号");
    else err("contact_phone", "");
    const desc = inputs.description.value.trim();
    if (!desc) err("description", "请填写情况描述");
    else if (desc.length < 5) err("description", "情况描述太短，请写清楚来电人反映的问题");
    else err("description", "");
    if (first.length) first[0].focus();
    return ok;
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    formError.hidden = true;
    if (!validate()) {
      formError.textContent = "请按提示修改后再保存";
      formError.hidden = false;
      return;
    }
    const body = {
      category: inputs.category.value,
      priority: inputs.priority.value,
      contact_phone: normalisePhone(inputs.contact_phone.value),
      description: inputs.description.value.trim(),
    };
    for (const k of ["contact_name", "city", "employer"]) {
      const v = inputs[k].value.trim();
      if (v) body[k] = v;
    }
    await withBusy(saveBtn, async () => {
      saveBtn.textContent = "正在保存…";
      try {
        const res = await api.post("/api/intake/tickets", body);
        const ref = res && res.reference;
        toast(`已登记工单 ${ref}`, "success");
        replace(result,
          h("div", { class: "alert alert-success", role: "status" },
            h("div", null, "已保存为工单，请把编号告诉来电人：",
              h("a", { href: `#/tickets/${enc(ref)}`, class: "mono big-ref", "data-testid": "intake-reference" }, ref)),
            h("div", { class: "btn-row" },
              h("a", { href: `#/tickets/${enc(ref)}`, class: "btn btn-small" }, "打开工单"),
              h("button", { type: "button", class: "btn btn-small", onclick: resetAll }, "登记下一通电话"))));
        sessionStorage.removeItem(DRAFT);
        saveBtn.disabled = true; // saved: the next call starts with 登记下一通电话
        form.dataset.saved = "1";
      } catch (err) {
        const fe = fieldErrors(err);
        for (const [k, msg] of Object.entries(fe)) if (fields[k]) fields[k].setError(msg);
        formError.textContent = err.message || "保存失败";
        formError.hidden = false;
        toastError(err, "保存失败");
      } finally {
        saveBtn.textContent = "保存为工单";
      }
    });
    if (form.dataset.saved === "1") saveBtn.disabled = true;
  });

  function resetAll() {
    text.value = "";
    for (const [k, el] of Object.entries(inputs)) el.value = k === "priority" ? "normal" : "";
    Object.values(fields).forEach((f) => f.setError(""));
    textField.setError("");
    replace(analysis);
    replace(result);
    formError.hidden = true;
    delete form.dataset.saved;
    saveBtn.disabled = false;
    sessionStorage.removeItem(DRAFT);
    text.focus();
  }
  clearBtn.addEventListener("click", resetAll);
  text.focus();
}
