"""Chinese text helpers shared by the FAQ ranking, the form validators and the profile reader."""
from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import yaml

try:  # the pattern parser quick_pattern reads (named re._parser from Python 3.11)
    import re._constants as _sre
    import re._parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

from bot.config import DATA_DIR

USER_DICT = DATA_DIR / "dict" / "userdict.txt"
DIALECT_FILE = DATA_DIR / "normalise" / "dialect.yml"
_jieba_lock = threading.Lock()
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
# Function words and fillers that carry no topic; everything else is kept.
STOPWORDS = frozenset(
    "的 了 吗 呢 吧 啊 呀 嘛 哦 哈 啦 咯 么 嗯 我 你 他 她 我们 你们 他们 是 在 有 和 跟 与 就 都 也 还 又 "
    "这 那 这个 那个 一个 个 请问 请 问 一下 下 想 要 能 会 可以 怎么 怎么办 怎样 如何 什么 啥 咋 咋办 "
    "怎么样 咋样 咋弄 咋整 怎么弄 怎么搞 为什么 吗 哪 哪里 哪儿 多少 几 能不能 可不可以 是不是 有没有 呗 俺 咱 人家 给 被 把 让 对 到 从 去 "
    "说 看 知道 问问 帮 帮忙 一 不 没 没有".split()
)


def normalize(text: str) -> str:
    """NFKC (full-width digits/letters to ASCII), lower-case, collapse whitespace."""
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", " ", text).strip().lower()


def load_dialect_map(path=DIALECT_FILE) -> dict[str, str]:
    """Regional and chat words -> the standard word (``data/normalise/dialect.yml``)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {str(k): str(v) for k, v in ((data or {}).get("replace") or {}).items()}


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters as simplified; nothing else changed (punctuation and digits kept)."""
    return _t2s().convert(text or "")


def dialect_pattern(replacements: dict[str, str]):
    """One pattern for all the regional words, longest first (None when there are none)."""
    if not replacements:
        return None
    keys = sorted(replacements, key=len, reverse=True)
    # an English word only as a whole word ("ot" not in "robot", "ok" not in "book")
    return re.compile("|".join(rf"(?<![a-z]){re.escape(k)}(?![a-z])" if k.isascii() else re.escape(k) for k in keys))


@lru_cache(maxsize=1)
def _dialect() -> tuple[dict[str, str], re.Pattern | None]:
    replacements = load_dialect_map()
    return replacements, dialect_pattern(replacements)


def standard(text: str) -> str:
    """``normalize``, then simplified characters and regional words in their standard form
    ("俺咋辦" -> "我怎么办"); punctuation is kept, so clauses can still be told apart."""
    replacements, pattern = _dialect()
    t = simplified(normalize(text))
    return pattern.sub(lambda m: replacements[m.group(0)], t) if pattern else t


def quick_pattern(pattern: str) -> re.Pattern:
    """``pattern`` compiled with a look-ahead for the characters a match can start with: the same
    matches, found several times faster in long text (Python's engine otherwise tries every
    alternative of a long word list at every position). A pattern whose first characters cannot
    be listed (one that may start with any character, or match nothing) is compiled as it is."""
    first = _first_chars(_sre_parse.parse(pattern))
    if not first:
        return re.compile(pattern)
    return re.compile("(?=[" + "".join(re.escape(c) for c in sorted(first)) + "])(?:" + pattern + ")")


def _first_chars(items) -> set[str] | None:
    """The characters a parsed pattern's match can start with; None when any could (or none)."""
    chars: set[str] = set()
    for op, arg in items:
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero-width: the next item decides
        if op is _sre.LITERAL:
            return chars | {chr(arg)}
        if op is _sre.IN:
            found = _class_chars(arg)
            return None if found is None else chars | found
        if op is _sre.SUBPATTERN and not arg[1]:
            branches, nullable = [arg[3]], False
        elif op is _sre.BRANCH:
            branches, nullable = arg[1], False
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            branches, nullable = [arg[2]], arg[0] == 0
        else:
            return None  # any character, a back-reference, flags...
        for branch in branches:
            found = _first_chars(branch)
            if found is None:
                if not _can_be_empty(branch):
                    return None
                nullable = True
            else:
                chars |= found
        if not nullable:
            return chars
    return None  # the whole pattern can match the empty string


def _can_be_empty(items) -> bool:
    return all(op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT) for op, _ in items)


def _class_chars(items) -> set[str] | None:
    out: set[str] = set()
    for op, arg in items:
        if op is _sre.LITERAL:
            out.add(chr(arg))
        elif op is _sre.RANGE and arg[1] - arg[0] < 512:
            out.update(chr(c) for c in range(arg[0], arg[1] + 1))
        else:
            return None  # a negated class, \s, \w...
    return out


@lru_cache(maxsize=1)
def _jieba():
    import jieba  # imported lazily: loading its dictionary takes about a second

    with _jieba_lock:
        jieba.setLogLevel(60)
        jieba.initialize()
        if USER_DICT.exists():
            jieba.load_userdict(str(USER_DICT))
    return jieba


def words(text: str) -> list[str]:
    """Jieba tokens of the normalised text, without punctuation and stopwords."""
    tokens = []
    for tok in _jieba().lcut(normalize(text)):
        tok = tok.strip()
        if not tok or _PUNCT.fullmatch(tok) or tok in STOPWORDS:
            continue
        tokens.append(tok)
    return tokens


def _content_runs(text: str) -> list[str]:
    """Runs of adjacent content words: punctuation and stopwords split the text."""
    runs, current = [], []
    for tok in _jieba().lcut(normalize(text)):
        if not tok.strip() or _PUNCT.fullmatch(tok) or tok in STOPWORDS:
            if current:
                runs.append("".join(current))
            current = []
        else:
            current.append(tok)
    if current:
        runs.append("".join(current))
    return runs


def char_ngrams(text: str, n: int = 2) -> list[str]:
    """Character n-grams within runs of content words (robust to typos and unknown words;
    question words like 怎么 never form a gram)."""
    grams: list[str] = []
    for run in _content_runs(text):
        if len(run) < n:
            if run:
                grams.append(run)
            continue
        grams.extend(run[i : i + n] for i in range(len(run) - n + 1))
    return grams

