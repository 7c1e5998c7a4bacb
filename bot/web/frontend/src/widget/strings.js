// What the widget says to the worker, and the limits it keeps.
export const MAX_CHARS = 1000;
export const HINT_FROM = 800;
export const HOTLINE = "12351";
export const PRIVACY_LINE = "对话内容仅用于为您办事，留电话等信息前会先征得您同意；要查看或删除您的信息，请说「删除我的信息」。";
export const DEFAULT_OFFICER_ROLE = "法律援助工作人员";
export const GREETING = "你好！我是工会职工服务助手，可以咨询入会、欠薪、法律援助、技能培训、工伤、劳动合同、社保、困难帮扶等问题。";
export const STARTERS = ["怎么加入工会", "老板拖欠工资怎么办", "申请法律援助", "有什么技能培训"];
export const TEXT = {
  launcher: "在线咨询",
  placeholder: "请输入您的问题…",
  send: "发送",
  bot: "智能助手",
  waiting: "等待人工接入…",
  live: (name) => "人工服务中：" + (name || "工作人员"),
  offline: "连接中断，正在重连…着急请拨打" + HOTLINE + "职工服务热线",
  connecting: "正在连接…",
  failed: "发送失败，请重试",
  retry: "重试",
  loading: "正在加载聊天记录…",
  typing: "助手正在输入",
  newMessages: "有新消息 ↓",
  unsupported: "［收到一条暂不支持显示的消息］",
};
