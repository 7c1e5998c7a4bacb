// fetch wrapper: same-origin cookie session, CSRF header on unsafe methods, Chinese errors.

let csrfToken = null;
let unauthorizedHandler = null;

export function setCsrf(token) {
  csrfToken = token || null;
}

/** Called (once per burst) when the API answers 401: the session is gone. */
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

export class ApiError extends Error {
  constructor(status, message, detail) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.detail = detail;
  }
}

const STATUS_TEXT = {
  400: "请求有误",
  401: "登录已过期，请重新登录",
  403: "没有权限执行此操作",
  404: "找不到相关记录",
  409: "操作冲突，请刷新后重试",
  413: "内容过长",
  422: "填写的内容有误",
  429: "操作过于频繁，请稍后再试",
  500: "服务器出错，请稍后再试",
  502: "服务暂时不可用，请稍后再试",
  503: "服务暂时不可用，请稍后再试",
  504: "服务器响应超时，请稍后再试",
};

const FIELD_LABELS = {
  username: "用户名", password: "密码", old_password: "原密码", new_password: "新密码",
  display_name: "姓名", role: "角色", category: "类别", description: "情况描述",
  contact_phone: "联系电话", contact_name: "称呼", priority: "优先级", city: "城市",
  employer: "单位", text: "内容", body: "内容", title: "标题", topic: "主题", reason: "原因",
  status: "状态", note: "备注", assignee: "处理人", intent: "意图", action: "操作",
};

// pydantic v1 / v2 messages most likely to reach staff
const MSG_ZH = [
  [/^field required$/i, "此项必填"],
  [/^none is not an allowed value$/i, "不能为空"],
  [/^ensure this value has at least (\d+) characters?$/i, "至少需要 $1 个字符"],
  [/^ensure this value has at most (\d+) characters?$/i, "最多 $1 个字符"],
  [/^string should have at least (\d+) characters?$/i, "至少需要 $1 个字符"],
  [/^string should have at most (\d+) characters?$/i, "最多 $1 个字符"],
  [/^value is not a valid integer$/i, "必须是整数"],
  [/^value is not a valid enumeration member.*$/i, "不是有效的选项"],
  [/^value could not be parsed to a boolean$/i, "必须是“是”或“否”"],
  [/^str type expected$/i, "必须是文字"],
  [/^value is not a valid dict$/i, "格式不正确"],
];

function translateMsg(msg) {
  const s = String(msg || "").trim();
  for (const [re, zh] of MSG_ZH) if (re.test(s)) return s.replace(re, zh);
  return s;
}

/** FastAPI `detail` → one readable Chinese string. A 422 detail may be a list of {loc, msg}. */
export function detailText(detail, status) {
  if (typeof detail === "string" && detail.trim()) return detail;
  if (Array.isArray(detail) && detail.length) {
    return detail.map((d) => {
      if (typeof d === "string") return d;
      const loc = Array.isArray(d && d.loc) ? d.loc.filter((x) => x !== "body" && x !== "query" && x !== "path") : [];
      const name = loc.length ? String(loc[loc.length - 1]) : "";
      const label = FIELD_LABELS[name] || name;
      const msg = translateMsg(d && d.msg);
      return label ? `${label}：${msg}` : msg;
    }).join("；");
  }
  if (detail && typeof detail === "object" && detail.msg) return translateMsg(detail.msg);
  return STATUS_TEXT[status] || `请求失败（${status}）`;
}

/** The field names a 422 complains about, for inline marking: {name: message}. */
export function fieldErrors(err) {
  const out = {};
  if (err && Array.isArray(err.detail)) {
    for (const d of err.detail) {
      const loc = Array.isArray(d && d.loc) ? d.loc : [];
      const name = loc.length ? String(loc[loc.length - 1]) : "";
      if (name) out[name] = translateMsg(d.msg);
    }
  }
  return out;
}

export function qs(params) {
  const usp = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") usp.set(k, String(v));
  }
  const s = usp.toString();
  return s ? `?${s}` : "";
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export async function request(method, path, body, { signal, skipAuthRedirect = false, retried = false } = {}) {
  const headers = { Accept: "application/json" };
  const init = { method, headers, credentials: "same-origin", signal, cache: "no-store" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const sentToken = csrfToken;
  if (UNSAFE.has(method) && sentToken) headers["X-CSRF-Token"] = sentToken;

  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e && e.name === "AbortError") throw e;
    throw new ApiError(0, "网络连接失败，请检查网络后重试", null);
  }

  let data = null;
  const type = res.headers.get("Content-Type") || "";
  if (type.includes("json")) {
    try {
      data = await res.json();
    } catch (e) {
      data = null;
    }
  } else if (res.status !== 204) {
    try {
      data = await res.text();
    } catch (e) {
      data = null;
    }
  }

  // A 403 on a write may be a stale CSRF token (new session in another tab, server restart):
  // fetch the current one and retry once, only when it actually changed.
  if (res.status === 403 && UNSAFE.has(method) && !retried && path !== "/api/auth/login") {
    try {
      const me = await request("GET", "/api/auth/me", undefined, { signal, skipAuthRedirect });
      if (me && me.csrf_token && me.csrf_token !== sentToken) {
        csrfToken = me.csrf_token;
        return request(method, path, body, { signal, skipAuthRedirect, retried: true });
      }
    } catch (e) {
      if (e && e.status === 401) throw e;
    }
  }

  if (!res.ok) {
    const detail = data && typeof data === "object" ? data.detail : null;
    const err = new ApiError(res.status, detailText(detail, res.status), detail);
    if (res.status === 401 && !skipAuthRedirect && unauthorizedHandler) unauthorizedHandler(err);
    throw err;
  }
  return data;
}

export const api = {
  get: (path, params, opts) => request("GET", path + qs(params), undefined, opts),
  post: (path, body, opts) => request("POST", path, body === undefined ? {} : body, opts),
  put: (path, body, opts) => request("PUT", path, body, opts),
  patch: (path, body, opts) => request("PATCH", path, body, opts),
  del: (path, opts) => request("DELETE", path, undefined, opts),
};

export const enc = encodeURIComponent;
