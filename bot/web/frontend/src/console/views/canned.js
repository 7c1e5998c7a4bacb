// 快捷回复 (admin): canned replies staff insert into notes and live chat.
import { h, options, field, replace } from "../dom.js";
import { api, enc } from "../api.js";
import { meta } from "../meta.js";
import { badge, loadingBlock, errorBlock, emptyBlock, toast, toastError, dialog, confirmDialog } from "../ui.js";
import { setTitle } from "../title.js";

export async function cannedView(root, params, ctx) {
  setTitle("快捷回复");
  const list = h("div", { class: "canned-list" }, loadingBlock());
  const topicFilter = h("select", null, options([["", "全部主题"], ...meta.topics.map((t) => [t.name, t.label])], ""));
  const addBtn = h("button", { type: "button", class: "btn btn-primary", "data-testid": "canned-create" }, "新建快捷回复");
  replace(root,
    h("div", { class: "page-head" }, h("h1", null, "快捷回复"),
      h("span", { class: "muted" }, "工作人员在备注、回复和在线会话中可一键插入。"), addBtn),
    h("div", { class: "filters" }, field("按主题筛选", topicFilter).wrap),
    list);

  const topicName = (name) => (name ? (meta.topics.find((t) => t.name === name) || {}).label || name : "通用");

  async function load() {
    try {
      const items = await api.get("/api/canned", topicFilter.value ? { topic: topicFilter.value } : null, { signal: ctx.signal });
      if (!ctx.alive) return;
      const arr = Array.isArray(items) ? items : [];
      replace(list, arr.length ? arr.map((c) => {
        const edit = h("button", { type: "button", class: "btn btn-small" }, "编辑");
        const del = h("button", { type: "button", class: "btn btn-small btn-danger-ghost" }, "删除");
        edit.addEventListener("click", () => editReply(c));
        del.addEventListener("click", () => deleteReply(c));
        return h("article", { class: "card canned-item", "data-testid": "canned-row", "data-id": String(c.id) },
          h("div", { class: "canned-head" }, h("strong", null, c.title), badge(topicName(c.topic), c.topic ? "topic" : "neutral"),
            h("div", { class: "btn-row push-right" }, edit, del)),
          h("div", { class: "prewrap canned-body" }, c.body));
      }) : emptyBlock("还没有快捷回复"));
    } catch (err) {
      if (!ctx.alive || err.name === "AbortError") return;
      replace(list, errorBlock(err, load));
    }
  }

  async function editReply(c) {
    const title = h("input", { type: "text", value: c ? c.title : "", maxlength: 60 });
    const body = h("textarea", { rows: 7, value: c ? c.body : "" });
    const topic = h("select", null, options([["", "通用（所有主题）"], ...meta.topics.map((t) => [t.name, t.label])], c ? c.topic || "" : ""));
    const ft = field("标题", title, { required: true, hint: "在选择列表中显示，例如：欠薪-所需材料" });
    const fb = field("内容", body, { required: true });
    const fp = field("主题", topic);
    const res = await dialog({
      title: c ? "编辑快捷回复" : "新建快捷回复",
      submitText: "保存",
      wide: true,
      body: [ft.wrap, fp.wrap, fb.wrap],
      onSubmit: () => {
        let ok = true;
        if (!title.value.trim()) { ft.setError("请填写标题"); ok = false; } else ft.setError("");
        if (!body.value.trim()) { fb.setError("请填写内容"); ok = false; } else fb.setError("");
        if (!ok) return false;
        const payload = { title: title.value.trim(), body: body.value.trim(), topic: topic.value || null };
        return c ? api.put(`/api/canned/${enc(c.id)}`, payload) : api.post("/api/canned", payload);
      },
    });
    if (res) {
      toast("快捷回复已保存", "success");
      load();
    }
  }

  async function deleteReply(c) {
    const ok = await confirmDialog({ title: "删除快捷回复", message: `确定删除「${c.title}」？`, okText: "删除", danger: true });
    if (!ok) return;
    try {
      await api.del(`/api/canned/${enc(c.id)}`);
      toast("已删除", "success");
      load();
    } catch (err) {
      toastError(err, "删除失败");
    }
  }

  addBtn.addEventListener("click", () => editReply(null));
  topicFilter.addEventListener("change", load);
  load();
}
