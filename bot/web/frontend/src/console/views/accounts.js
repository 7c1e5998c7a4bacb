// 账号 (admin): staff accounts, roles, enable/disable, password reset.
import { h, options, field, replace } from "../dom.js";
import { api, enc, fieldErrors } from "../api.js";
import { fmtDateTime } from "../format.js";
import { ROLE_LABELS, me } from "../session.js";
import { badge, loadingBlock, errorBlock, emptyBlock, toast, toastError, dialog, confirmDialog, withBusy } from "../ui.js";
import { setTitle } from "../title.js";
import { editAccountRegions } from "../regions.js";

const ROLES = Object.entries(ROLE_LABELS).map(([value, label]) => [value, label]);
const MIN_PASSWORD = 10;
const PW_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";

export function randomPassword(n = 14) {
  const buf = new Uint32Array(n);
  crypto.getRandomValues(buf);
  return Array.from(buf, (x) => PW_ALPHABET[x % PW_ALPHABET.length]).join("");
}

/** A password input with "生成" and "显示" buttons; returns {wrap, input, setError}. */
function passwordField(label) {
  const input = h("input", { type: "password", autocomplete: "new-password", minlength: MIN_PASSWORD });
  const gen = h("button", { type: "button", class: "btn btn-small" }, "生成随机密码");
  const show = h("button", { type: "button", class: "btn btn-small btn-ghost", "aria-pressed": "false" }, "显示");
  gen.addEventListener("click", () => {
    input.value = randomPassword();
    input.type = "text";
    show.setAttribute("aria-pressed", "true");
    show.textContent = "隐藏";
    input.select();
  });
  show.addEventListener("click", () => {
    const visible = input.type === "text";
    input.type = visible ? "password" : "text";
    show.setAttribute("aria-pressed", String(!visible));
    show.textContent = visible ? "显示" : "隐藏";
  });
  const f = field(label, input, { required: true, hint: `至少 ${MIN_PASSWORD} 个字符。请通过安全的方式告知本人，并提醒其登录后修改。` });
  f.wrap.insertBefore(h("div", { class: "btn-row" }, gen, show), f.wrap.querySelector(".field-hint"));
  return f;
}

function checkPassword(f) {
  const v = f.input.value;
  if (!v) {
    f.setError("请填写密码");
    return false;
  }
  if (v.length < MIN_PASSWORD) {
    f.setError(`密码至少需要 ${MIN_PASSWORD} 个字符`);
    return false;
  }
  f.setError("");
  return true;
}

export async function accountsView(root, params, ctx) {
  setTitle("账号管理");
  const list = h("div", { class: "table-wrap" }, loadingBlock());
  const addBtn = h("button", { type: "button", class: "btn btn-primary", "data-testid": "user-create" }, "新建账号");
  replace(root, h("div", { class: "page-head" }, h("h1", null, "账号管理"), addBtn), list);

  async function load() {
    try {
      const users = await api.get("/api/users", null, { signal: ctx.signal });
      if (!ctx.alive) return;
      render(Array.isArray(users) ? users : []);
    } catch (err) {
      if (!ctx.alive || err.name === "AbortError") return;
      replace(list, errorBlock(err, load));
    }
  }

  function render(users) {
    if (!users.length) {
      replace(list, emptyBlock("还没有账号"));
      return;
    }
    replace(list, h("table", { class: "table" },
      h("thead", null, h("tr", null, ["用户名", "姓名", "角色", "所属地区", "状态", "最后登录", "操作"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", null, users.map((u) => {
        const self = u.username === me();
        const edit = h("button", { type: "button", class: "btn btn-small" }, "编辑");
        const toggle = h("button", { type: "button", class: ["btn", "btn-small", u.active ? "btn-danger-ghost" : ""], disabled: self && u.active,
          title: self && u.active ? "不能停用自己的账号" : "" }, u.active ? "停用" : "启用");
        const reset = h("button", { type: "button", class: "btn btn-small" }, "重置密码");
        const area = h("button", { type: "button", class: "btn btn-small", "data-testid": "edit-regions" }, "地区");
        area.addEventListener("click", () => editAccountRegions(u, (patch) => api.patch(`/api/users/${enc(u.id)}`, patch))
          .then((res) => { if (res) { toast("所属地区已更新", "success"); load(); } })
          .catch((err) => toast(`地区列表加载失败：${err.message}`, "error")));
        edit.addEventListener("click", () => editUser(u));
        toggle.addEventListener("click", () => toggleUser(u, toggle));
        reset.addEventListener("click", () => resetPassword(u));
        return h("tr", { "data-testid": "user-row", "data-username": u.username, class: u.active ? "" : "is-inactive" },
          h("td", { class: "mono" }, u.username, self ? h("span", { class: "muted small" }, "（我）") : null),
          h("td", null, u.display_name),
          h("td", null, u.role_label || ROLE_LABELS[u.role] || u.role),
          h("td", { "data-testid": "user-regions" }, u.role === "admin" ? "全部地区" : ((u.region_labels || []).join("、") || h("span", { class: "muted" }, "未设置（全部）"))),
          h("td", null, u.active ? badge("启用", "ok") : badge("已停用", "muted")),
          h("td", { class: "nowrap" }, u.last_login_at ? fmtDateTime(u.last_login_at) : h("span", { class: "muted" }, "从未登录")),
          h("td", { class: "nowrap" }, h("div", { class: "btn-row" }, edit, area, reset, toggle)));
      }))));
  }

  async function createUser() {
    const username = h("input", { type: "text", autocomplete: "off", autocapitalize: "off", spellcheck: "false" });
    const name = h("input", { type: "text", autocomplete: "off" });
    const role = h("select", null, options(ROLES, "hotline"));
    const fu = field("用户名", username, { required: true, hint: "用于登录，建议用拼音或工号" });
    const fn = field("姓名", name, { required: true, hint: "显示给其他工作人员" });
    const fr = field("角色", role, { required: true });
    const fp = passwordField("初始密码");
    const user = await dialog({
      title: "新建账号",
      submitText: "创建",
      body: [fu.wrap, fn.wrap, fr.wrap, fp.wrap],
      onSubmit: async () => {
        let ok = true;
        if (!username.value.trim()) { fu.setError("请填写用户名"); ok = false; } else fu.setError("");
        if (!name.value.trim()) { fn.setError("请填写姓名"); ok = false; } else fn.setError("");
        if (!checkPassword(fp)) ok = false;
        if (!ok) return false;
        try {
          return await api.post("/api/users", { username: username.value.trim(), display_name: name.value.trim(), role: role.value, password: fp.input.value });
        } catch (err) {
          const fe = fieldErrors(err);
          if (fe.username) fu.setError(fe.username);
          if (fe.display_name) fn.setError(fe.display_name);
          if (fe.password) fp.setError(fe.password);
          throw err;
        }
      },
    });
    if (user) {
      toast(`已创建账号 ${user.username || username.value.trim()}`, "success");
      load();
    }
  }

  async function editUser(u) {
    const name = h("input", { type: "text", value: u.display_name || "" });
    const role = h("select", { disabled: u.username === me() }, options(ROLES, u.role));
    const fn = field("姓名", name, { required: true });
    const fr = field("角色", role, { hint: u.username === me() ? "不能修改自己的角色" : "" });
    const res = await dialog({
      title: `编辑账号 ${u.username}`,
      submitText: "保存",
      body: [fn.wrap, fr.wrap],
      onSubmit: () => {
        if (!name.value.trim()) {
          fn.setError("请填写姓名");
          return false;
        }
        const patch = {};
        if (name.value.trim() !== u.display_name) patch.display_name = name.value.trim();
        if (role.value !== u.role) patch.role = role.value;
        if (!Object.keys(patch).length) return "unchanged";
        return api.patch(`/api/users/${enc(u.id)}`, patch);
      },
    });
    if (res && res !== "unchanged") {
      toast("账号已更新", "success");
      load();
    }
  }

  async function toggleUser(u, btn) {
    const ok = await confirmDialog({
      title: u.active ? "停用账号" : "启用账号",
      message: u.active ? `停用后 ${u.display_name}（${u.username}）将不能登录，已分配的工单不会自动转交。确定停用？` : `重新启用 ${u.display_name}（${u.username}）？`,
      okText: u.active ? "停用" : "启用",
      danger: u.active,
    });
    if (!ok) return;
    await withBusy(btn, async () => {
      try {
        await api.patch(`/api/users/${enc(u.id)}`, { active: !u.active });
        toast(u.active ? "账号已停用" : "账号已启用", "success");
        load();
      } catch (err) {
        toastError(err, "操作失败");
      }
    });
  }

  async function resetPassword(u) {
    const fp = passwordField("新密码");
    const res = await dialog({
      title: `重置 ${u.display_name}（${u.username}）的密码`,
      submitText: "重置密码",
      danger: true,
      body: [fp.wrap],
      onSubmit: () => (checkPassword(fp) ? api.patch(`/api/users/${enc(u.id)}`, { password: fp.input.value }) : false),
    });
    if (res) toast("密码已重置", "success");
  }

  addBtn.addEventListener("click", createUser);
  load();
}
