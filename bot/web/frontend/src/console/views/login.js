import { h, field } from "../dom.js";
import { request } from "../api.js";
import { setTitle } from "../title.js";

/** Renders the login form into `root`; calls onLogin(data) with {user, csrf_token}. */
export function renderLogin(root, { onLogin, notice } = {}) {
  setTitle("登录");
  const username = h("input", { type: "text", name: "username", autocomplete: "username", required: true,
    "data-testid": "login-username", autocapitalize: "off", spellcheck: "false" });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true,
    "data-testid": "login-password" });
  const fUser = field("用户名", username);
  const fPass = field("密码", password);
  const submit = h("button", { type: "submit", class: "btn btn-primary btn-block", "data-testid": "login-submit" }, "登录");
  const error = h("div", { class: "login-error", role: "alert", "data-testid": "login-error", hidden: !notice }, notice || "");

  const form = h("form", { class: "login-form", novalidate: true, "aria-labelledby": "login-title" },
    fUser.wrap, fPass.wrap, error, submit);

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.hidden = true;
    fUser.setError("");
    fPass.setError("");
    const u = username.value.trim();
    const p = password.value;
    if (!u) {
      fUser.setError("请输入用户名");
      username.focus();
      return;
    }
    if (!p) {
      fPass.setError("请输入密码");
      password.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = "正在登录…";
    try {
      const data = await request("POST", "/api/auth/login", { username: u, password: p }, { skipAuthRedirect: true });
      onLogin(data);
    } catch (err) {
      error.textContent = err.message || "登录失败";
      error.hidden = false;
      password.value = "";
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = "登录";
    }
  });

  root.replaceChildren(
    h("div", { class: "login-page" },
      h("div", { class: "login-card" },
        h("div", { class: "login-brand" },
          h("div", { class: "brand-mark", "aria-hidden": "true" }, "工"),
          h("div", null,
            h("h1", { id: "login-title" }, "职工服务坐席工作台"),
            h("p", { class: "muted" }, "12351 热线 · 法律援助 · 工会服务"))),
        form,
        h("p", { class: "login-foot muted" }, "仅限工会工作人员使用。所有查看个人信息的操作都会被记录。"))));
  (username.value ? password : username).focus();
}
