// Staff console (坐席工作台): entry point. Session check → login or the app shell + hash router.
import css from "./console.css";
import { h, field, replace } from "./dom.js";
import { api, request, onUnauthorized } from "./api.js";
import { session, setSession, clearSession, can, roleLabel } from "./session.js";
import { createRouter, ViewContext, navigate, currentPath } from "./router.js";
import { toast, dialog, loadingBlock, errorBlock } from "./ui.js";
import { setBanner, pollFailed, pollOk } from "./connection.js";
import { setTitle, setWaitingCount } from "./title.js";
import { renderLogin } from "./views/login.js";
import { queueView } from "./views/queue.js";
import { ticketView } from "./views/ticket.js";
import { handoffsView } from "./views/handoffs.js";
import { handoffChatView } from "./views/handoffChat.js";
import { reviewView } from "./views/review.js";
import { followupsView } from "./views/followups.js";
import { intakeView } from "./views/intake.js";
import { analyticsView } from "./views/analytics.js";
import { accountsView } from "./views/accounts.js";
import { cannedView } from "./views/canned.js";
import { auditView } from "./views/audit.js";
import { privacyView } from "./views/privacy.js";
import { applicationsView, applicationView, coursesView, courseView, enrolmentView } from "./views/applications.js";
import { callbacksView } from "./views/callbacks.js";
import { startAlerts } from "./alerts.js";

// A constructed stylesheet is not an inline <style>, so a strict Content-Security-Policy
// (style-src 'self') does not block it; older browsers get the <style> element.
try {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
} catch (e) {
  const style = document.createElement("style");
  style.textContent = css;
  document.head.appendChild(style);
}

const NAV = [
  { path: "/queue", label: "队列", feature: "queue", match: /^\/(queue|tickets)/ },
  { path: "/applications", label: "入会申请", feature: "tickets", match: /^\/applications/ },
  { path: "/courses", label: "培训报名", feature: "tickets", match: /^\/(courses|enrolments)/ },
  { path: "/handoffs", label: "人工接入", feature: "handoffs", match: /^\/handoffs/, badge: true },
  { path: "/callbacks", label: "待回电", feature: "queue", match: /^\/callbacks/ },
  { path: "/review", label: "待审消息", feature: "review", match: /^\/review/ },
  { path: "/followups", label: "回访", feature: "followups", match: /^\/followups/ },
  { path: "/intake", label: "电话登记", feature: "intake", match: /^\/intake/ },
  { path: "/analytics", label: "统计", feature: "analytics", match: /^\/analytics/ },
  { path: "/accounts", label: "账号", feature: "accounts", match: /^\/accounts/ },
  { path: "/canned", label: "快捷回复", feature: "canned", match: /^\/canned/ },
  { path: "/audit", label: "审计日志", feature: "audit", match: /^\/audit/ },
  { path: "/privacy", label: "个人信息", feature: "privacy", match: /^\/privacy/ },
];

const ROUTES = [
  { pattern: /^\/queue$/, view: queueView, feature: "queue" },
  { pattern: /^\/tickets\/([^/]+)$/, view: ticketView, feature: "tickets" },
  { pattern: /^\/applications$/, view: applicationsView, feature: "tickets" },
  { pattern: /^\/applications\/([^/]+)$/, view: applicationView, feature: "tickets" },
  { pattern: /^\/courses$/, view: coursesView, feature: "tickets" },
  { pattern: /^\/courses\/([^/]+)$/, view: courseView, feature: "tickets" },
  { pattern: /^\/enrolments\/([^/]+)$/, view: enrolmentView, feature: "tickets" },
  { pattern: /^\/handoffs$/, view: handoffsView, feature: "handoffs" },
  { pattern: /^\/handoffs\/([^/]+)$/, view: handoffChatView, feature: "handoffs" },
  { pattern: /^\/callbacks$/, view: callbacksView, feature: "queue" },
  { pattern: /^\/review$/, view: reviewView, feature: "review" },
  { pattern: /^\/followups$/, view: followupsView, feature: "followups" },
  { pattern: /^\/intake$/, view: intakeView, feature: "intake" },
  { pattern: /^\/analytics$/, view: analyticsView, feature: "analytics" },
  { pattern: /^\/accounts$/, view: accountsView, feature: "accounts" },
  { pattern: /^\/canned$/, view: cannedView, feature: "canned" },
  { pattern: /^\/audit$/, view: auditView, feature: "audit" },
  { pattern: /^\/privacy$/, view: privacyView, feature: "privacy" },
];

const RETURN_KEY = "console.return";
const appRoot = document.getElementById("app") || document.body.appendChild(h("div", { id: "app" }));

let router = null;
let viewCtx = null;
let shellCtx = null; // the nav badge poll
let alertCtx = null; // the alert poll (urgent cases, waiting handoffs)
let main = null;
let navLinks = [];

// ---- session lifecycle ----

function teardown() {
  if (viewCtx) viewCtx.destroy();
  if (shellCtx) shellCtx.destroy();
  if (alertCtx) alertCtx.destroy();
  viewCtx = null;
  shellCtx = null;
  alertCtx = null;
  if (router) router.stop();
  router = null;
  document.querySelectorAll("dialog, .toast").forEach((d) => d.remove());
}

function showLogin(notice) {
  teardown();
  clearSession();
  renderLogin(appRoot, {
    notice,
    onLogin: (data) => {
      setSession(data);
      startApp();
    },
  });
}

let handling401 = false;
onUnauthorized(() => {
  if (handling401 || !session.user) return;
  handling401 = true;
  const { path } = currentPath();
  if (path && path !== "/") sessionStorage.setItem(RETURN_KEY, path);
  showLogin("登录已过期或已在别处退出，请重新登录");
  setTimeout(() => { handling401 = false; }, 500);
});

async function logout() {
  try {
    await api.post("/api/auth/logout");
  } catch (err) {
    if (err.status !== 401) {
      toast(`退出失败：${err.message}`, "error");
      return;
    }
  }
  sessionStorage.removeItem(RETURN_KEY);
  history.replaceState(null, "", "#/queue"); // the next person starts at the queue
  showLogin();
  toast("已安全退出", "info");
}

async function changePassword() {
  const oldPw = h("input", { type: "password", autocomplete: "current-password" });
  const newPw = h("input", { type: "password", autocomplete: "new-password", minlength: 10 });
  const newPw2 = h("input", { type: "password", autocomplete: "new-password" });
  const fo = field("原密码", oldPw, { required: true });
  const fn = field("新密码", newPw, { required: true, hint: "至少 10 个字符，不要与原密码相同" });
  const fn2 = field("再次输入新密码", newPw2, { required: true });
  const ok = await dialog({
    title: "修改密码",
    submitText: "修改",
    testid: "password-dialog",
    body: [fo.wrap, fn.wrap, fn2.wrap],
    onSubmit: () => {
      [fo, fn, fn2].forEach((f) => f.setError(""));
      if (!oldPw.value) { fo.setError("请输入原密码"); oldPw.focus(); return false; }
      if (newPw.value.length < 10) { fn.setError("新密码至少需要 10 个字符"); newPw.focus(); return false; }
      if (newPw.value === oldPw.value) { fn.setError("新密码不能与原密码相同"); newPw.focus(); return false; }
      if (newPw.value !== newPw2.value) { fn2.setError("两次输入的新密码不一致"); newPw2.focus(); return false; }
      return api.post("/api/auth/password", { old_password: oldPw.value, new_password: newPw.value });
    },
  });
  if (ok) toast("密码已修改", "success");
}

// ---- the shell ----

function buildShell() {
  const user = session.user;
  const banner = h("div", { class: "conn-banner", role: "alert", hidden: true }, "与服务器的连接中断，正在自动重试…");
  setBanner(banner);
  navLinks = NAV.filter((n) => can(n.feature)).map((n) => {
    const count = n.badge ? h("span", { class: "nav-badge", hidden: true, "data-testid": "nav-handoff-count" }) : null;
    const a = h("a", { href: `#${n.path}`, class: "nav-link", "data-nav": n.feature }, n.label, count);
    a._match = n.match;
    a._count = count;
    return a;
  });
  main = h("main", { id: "view", class: "view", tabindex: "-1" });
  const pwBtn = h("button", { type: "button", class: "btn btn-ghost btn-small", onclick: changePassword }, "修改密码");
  const outBtn = h("button", { type: "button", class: "btn btn-small", onclick: logout, "data-testid": "logout" }, "退出");
  replace(appRoot,
    h("a", { href: "#view", class: "skip-link", onclick: (e) => { e.preventDefault(); main.focus(); } }, "跳到主要内容"),
    h("header", { class: "topbar" },
      h("a", { href: "#/queue", class: "brand" }, h("span", { class: "brand-mark", "aria-hidden": "true" }, "工"), h("span", { class: "brand-text" }, "坐席工作台")),
      h("nav", { class: "nav", "aria-label": "主导航" }, navLinks),
      h("div", { class: "userbox" },
        h("span", { class: "user-name", "data-testid": "user-name" }, user.display_name || user.username),
        h("span", { class: "user-role" }, roleLabel(user)),
        pwBtn, outBtn)),
    banner,
    main);
}

function markNav() {
  const { path } = currentPath();
  navLinks.forEach((a) => {
    if (a._match.test(path)) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
}

function startHandoffBadge() {
  if (!can("handoffs")) return;
  shellCtx = new ViewContext();
  const link = navLinks.find((a) => a.dataset.nav === "handoffs");
  let last = null;
  shellCtx.poll(async () => {
    try {
      const data = await api.get("/api/handoffs", { status: "waiting" }, { signal: shellCtx.signal });
      const n = ((data && data.items) || []).length;
      pollOk();
      if (link && link._count) {
        link._count.textContent = String(n);
        link._count.hidden = n === 0;
        link.setAttribute("aria-label", n ? `人工接入（${n} 个等待）` : "人工接入");
      }
      setWaitingCount(n);
      if (last !== null && n > last) toast(`有新的人工接入请求（等待中 ${n} 个）`, "warn", { timeout: 6000 });
      last = n;
    } catch (err) {
      if (err.name !== "AbortError") pollFailed(err);
      throw err;
    }
  }, 5000, { hiddenInterval: 5000 });
}

function renderRoute({ route, params, query }) {
  if (viewCtx) viewCtx.destroy();
  viewCtx = new ViewContext();
  markNav();
  window.scrollTo(0, 0);
  main.replaceChildren();
  if (!can(route.feature)) {
    setTitle("没有权限");
    main.appendChild(h("div", { class: "state state-error", role: "alert" },
      h("div", null, "您的账号没有权限访问此页面。"), h("a", { href: "#/queue", class: "btn btn-small" }, "返回队列")));
    return;
  }
  const ctx = viewCtx;
  Promise.resolve(route.view(main, params, ctx, query)).catch((err) => {
    if (!ctx.alive || (err && err.name === "AbortError")) return;
    console.error(err);
    main.replaceChildren(errorBlock(err, () => router.refresh()));
  });
}

function startApp() {
  teardown();
  buildShell();
  startHandoffBadge();
  alertCtx = new ViewContext();
  startAlerts(alertCtx, document.querySelector(".conn-banner").parentNode);
  router = createRouter(ROUTES, "/queue", renderRoute);
  const back = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  const { path } = currentPath();
  if (back && (path === "/" || path === "/queue")) navigate(back);
  router.start();
}

// ---- boot ----

async function boot() {
  replace(appRoot, loadingBlock("正在打开坐席工作台…"));
  // /console/tickets/GH-… (a path link) → the same view by hash
  const m = /^\/console\/(.+)$/.exec(location.pathname);
  if (m && !location.hash) history.replaceState(null, "", `/console#/${m[1]}`);
  try {
    const data = await request("GET", "/api/auth/me", undefined, { skipAuthRedirect: true });
    setSession(data);
    startApp();
  } catch (err) {
    if (err.status === 401) {
      const { path } = currentPath();
      if (path && path !== "/") sessionStorage.setItem(RETURN_KEY, path);
      showLogin();
    } else {
      replace(appRoot, h("div", { class: "boot-error" },
        errorBlock(err, boot)));
    }
  }
}

boot();
