"""What an employer often tells a worker that the law does not bear out (data/applied/claims.yml).

A worker who reports such a claim ("HR说不签就按自动离职处理", "老板说超过60岁不算工伤") is told
first what the law says about it, then what to do, with the basis: the answer a hotline operator
gives to "公司说…", rather than the general rule of the matter again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

import yaml

from bot.cases.profile import PREGNANCY, RELATIONSHIPS, Profile
from bot.common.text import standard
from bot.config import DATA_DIR
from bot.knowledge import laws

CLAIMS = DATA_DIR / "applied" / "claims.yml"
REPLY_MAX, STEP_MAX = 160, 60
_KEYS = {"id", "said", "reply", "steps", "basis", "only", "unless", "pregnancy", "profile", "case_topic"}


class ClaimError(ValueError):
    """The claims file is not valid: the message says where."""


@dataclass(frozen=True)
class Claim:
    id: str
    said: re.Pattern
    reply: str
    steps: tuple[str, ...]
    basis: tuple[str, ...]  # "《劳动合同法》第三十六条"
    only: frozenset | None  # relationships it is said to (None in it: also when not known)
    unless: frozenset  # relationships it is never said to
    pregnancy: frozenset | None  # said only to a worker in one of these states (profile.PREGNANCY)
    profile: tuple[tuple[str, object], ...]  # said only when each of these facts has this value
    case_topic: str | None

    def fits(self, told: Profile) -> bool:
        """Whether the claim's answer is right for the worker the conversation told of."""
        if told.relationship in self.unless or (self.pregnancy is not None and told.pregnancy not in self.pregnancy):
            return False
        if any(getattr(told, name) != value for name, value in self.profile):
            return False
        return self.only is None or told.relationship in self.only


def _relationships(raw, where: str) -> frozenset:
    values = frozenset(raw or ())
    unknown = {v for v in values if v is not None and v not in RELATIONSHIPS}
    if unknown:
        raise ClaimError(f"{where}: unknown relationship(s) {sorted(unknown)}")
    return values


def _claim(raw: dict, n: int, cat: laws.Catalogue) -> Claim:
    where = f"{CLAIMS.name} claim {raw.get('id') or n}"
    extra = set(raw) - _KEYS
    if extra:
        raise ClaimError(f"{where}: unknown key(s) {sorted(extra)}")
    for key in ("id", "said", "reply", "steps", "basis"):
        if not raw.get(key):
            raise ClaimError(f"{where}: needs {key}")
    try:
        said = re.compile(str(raw["said"]))
    except re.error as e:
        raise ClaimError(f"{where}: bad pattern: {e}") from None
    if len(raw["reply"]) > REPLY_MAX:
        raise ClaimError(f"{where}: reply longer than {REPLY_MAX} characters")
    if any(len(s) > STEP_MAX for s in raw["steps"]):
        raise ClaimError(f"{where}: a step longer than {STEP_MAX} characters")
    try:
        basis = tuple(laws.citation(b, where, cat) for b in raw["basis"])
    except laws.LawError as e:
        raise ClaimError(str(e)) from None
    only = _relationships(raw["only"], where) if raw.get("only") is not None else None
    pregnancy = frozenset(raw["pregnancy"]) if raw.get("pregnancy") is not None else None
    if pregnancy is not None and not pregnancy <= set(PREGNANCY):
        raise ClaimError(f"{where}: unknown pregnancy state(s) {sorted(pregnancy - set(PREGNANCY))}")
    facts = raw.get("profile") or {}
    unknown = set(facts) - {f.name for f in fields(Profile)}
    if not isinstance(facts, dict) or unknown:
        raise ClaimError(f"{where}: profile must map facts of the case profile to values; unknown {sorted(unknown)}")
    return Claim(str(raw["id"]), said, str(raw["reply"]), tuple(map(str, raw["steps"])), basis, only,
                 _relationships(raw.get("unless"), where), pregnancy, tuple(facts.items()), raw.get("case_topic"))


def load(path: Path = CLAIMS, cat: laws.Catalogue | None = None) -> tuple[Claim, ...]:
    """The claims of ``path``, checked, in file order. Raises ClaimError."""
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise ClaimError(f"{Path(path).name}: not valid YAML: {e}") from None
    extra = set(doc) - {"shared", "claims"}
    if extra:
        raise ClaimError(f"{Path(path).name}: unknown top-level key(s) {sorted(extra)}")
    cat = cat or laws.catalogue()
    out, seen = [], set()
    for n, raw in enumerate(doc.get("claims") or []):
        claim = _claim(raw if isinstance(raw, dict) else {}, n, cat)
        if claim.id in seen:
            raise ClaimError(f"{Path(path).name}: claim id {claim.id!r} appears twice")
        seen.add(claim.id)
        out.append(claim)
    return tuple(out)


@lru_cache(maxsize=1)
def claims() -> tuple[Claim, ...]:
    return load()


def found_in(text: str, told: Profile, book: tuple[Claim, ...] | None = None) -> Claim | None:
    """The first claim the message reports that is answered rightly for this worker (``told``:
    what the conversation told of them), or None."""
    t = standard(text or "")
    return next((c for c in (book if book is not None else claims()) if c.fits(told) and c.said.search(t)), None)
