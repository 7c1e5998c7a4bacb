let base = "坐席工作台";
let waiting = 0;

function apply() {
  document.title = `${waiting > 0 ? `(${waiting}) ` : ""}${base} · 工会职工服务`;
}

export function setTitle(text) {
  base = text || "坐席工作台";
  apply();
}

export function setWaitingCount(n) {
  waiting = n || 0;
  apply();
}
