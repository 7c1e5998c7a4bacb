// Turns message text into DOM nodes: http(s) URLs become links, hotline / emergency / mobile / landline
// numbers become tel: links, everything else stays text (no innerHTML anywhere).

// A URL ends at white space, quotes, CJK characters or full-width punctuation.
const URL_RE = /https?:\/\/[^\s<>"'`\u2018\u2019\u201c\u201d\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+/g;
const TRAILING_PUNCT_RE = /^[.,;:!?)\]}'"]$/;

// Service numbers recognised on their own (12351 union hotline, 12333 HR & social security,
// 12348 legal aid, 12345 city hotline, 12320 health, 12315 consumer, 110/119/120/122 emergency).
const SERVICE_NUMBERS = /^(?:12351|12333|12348|12345|12320|12315|110|119|120|122)$/;
// A short number followed by one of these is an amount, a count, an article … not a phone number.
const UNIT_AFTER_RE = /^(?:[元块角分万千百亿天日号条款项页次名个位人岁年月周时秒%％倍度米斤吨公里平户家台件]|小时|\s*(?:元|块))/;
const BAD_BEFORE_RE = /[.．\-第约共¥￥$#№A-Za-z_]/;
const BAD_AFTER_RE = /^(?:[.．]\d|[A-Za-z_])/;

/** What a run of digits (maybe with single hyphens) is, as a tel: number, or null. */
export function phoneHref(run, before, after) {
  const digits = run.replace(/-/g, "");
  if (before && BAD_BEFORE_RE.test(before)) return null;
  if (after && BAD_AFTER_RE.test(after)) return null;
  if (/^1[3-9]\d{9}$/.test(digits) && /^\d{11}$|^\d{3}-\d{4}-\d{4}$/.test(run)) return "tel:" + digits;
  if (/^0\d{2,3}-?\d{7,8}$/.test(run)) return "tel:" + digits;
  if (/^[48]00-?\d{3}-?\d{4}$/.test(run)) return "tel:" + digits;
  if (SERVICE_NUMBERS.test(run)) {
    if (after && UNIT_AFTER_RE.test(after)) return null;
    return "tel:" + run;
  }
  return null;
}

/** Drops trailing punctuation, but keeps a ")" that closes a "(" inside the URL. */
function trimUrl(raw) {
  let url = raw;
  const count = (ch) => url.split(ch).length - 1;
  while (TRAILING_PUNCT_RE.test(url.slice(-1))) {
    if (url.slice(-1) === ")" && count("(") >= count(")")) break;
    url = url.slice(0, -1);
  }
  return url;
}

/** Splits text into [{type: "text"|"url"|"tel", text, href?}]. Pure: unit-testable without a DOM. */
export function tokenize(text) {
  const tokens = [];
  const pushText = (s) => {
    if (!s) return;
    const last = tokens[tokens.length - 1];
    if (last && last.type === "text") last.text += s;
    else tokens.push({ type: "text", text: s });
  };
  const scanPhones = (segment) => {
    const re = /\d+(?:-\d+)*/g;
    let pos = 0;
    let m;
    while ((m = re.exec(segment))) {
      const before = segment.charAt(m.index - 1);
      const after = segment.slice(m.index + m[0].length, m.index + m[0].length + 3);
      const href = phoneHref(m[0], before, after);
      if (!href) continue;
      pushText(segment.slice(pos, m.index));
      tokens.push({ type: "tel", text: m[0], href });
      pos = m.index + m[0].length;
    }
    pushText(segment.slice(pos));
  };

  const source = String(text == null ? "" : text);
  URL_RE.lastIndex = 0;
  let pos = 0;
  let m;
  while ((m = URL_RE.exec(source))) {
    const url = trimUrl(m[0]);
    if (url.length <= "https://".length) continue;
    scanPhones(source.slice(pos, m.index));
    tokens.push({ type: "url", text: url, href: url });
    pos = m.index + url.length;
    URL_RE.lastIndex = pos;
  }
  scanPhones(source.slice(pos));
  return tokens;
}

/** A DocumentFragment of text nodes and <a> elements. */
export function linkify(text) {
  const frag = document.createDocumentFragment();
  for (const token of tokenize(text)) {
    if (token.type === "text") {
      frag.appendChild(document.createTextNode(token.text));
      continue;
    }
    const a = document.createElement("a");
    a.textContent = token.text;
    a.setAttribute("href", token.href);
    if (token.type === "url") {
      a.setAttribute("target", "_blank");
      a.setAttribute("rel", "noopener noreferrer");
    } else {
      a.setAttribute("aria-label", "拨打 " + token.text);
    }
    frag.appendChild(a);
  }
  return frag;
}
