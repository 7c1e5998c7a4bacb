// The logged-in staff member and what their role may use.
import { setCsrf } from "./api.js";

export const ROLE_LABELS = { hotline: "热线坐席", officer: "法律援助工作人员", admin: "管理员" };

const FEATURES = {
  queue: ["hotline", "officer", "admin"],
  tickets: ["hotline", "officer", "admin"],
  review: ["hotline", "officer", "admin"],
  intake: ["hotline", "officer", "admin"],
  followups: ["hotline", "officer", "admin"],
  handoffs: ["officer", "admin"],
  analytics: ["admin"],
  accounts: ["admin"],
  canned: ["admin"],
  audit: ["admin"],
  privacy: ["admin"],
};

export const session = { user: null, csrf: null };

export function setSession(data) {
  session.user = (data && data.user) || null;
  session.csrf = (data && data.csrf_token) || null;
  setCsrf(session.csrf);
}

export function clearSession() {
  session.user = null;
  session.csrf = null;
  setCsrf(null);
}

export function can(feature) {
  const roles = FEATURES[feature];
  return !!(session.user && roles && roles.includes(session.user.role));
}

export function me() {
  return session.user ? session.user.username : null;
}

export function roleLabel(user) {
  return (user && (user.role_label || ROLE_LABELS[user.role])) || "";
}
