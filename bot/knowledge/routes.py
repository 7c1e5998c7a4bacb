"""Where this worker takes their matter (data/applied/routes.yml).

"去哪告", "能去仲裁不", "找谁要" asked after the situation was told: an operator names the office, the
deadline and what to bring for THIS worker. A nanny hired by a family goes to mediation or the
court, not to labour arbitration; an injured worker first applies for recognition at the social
insurance bureau within the year; a student intern starts with the school. The first route whose
conditions hold over the case profile (bot/cases/profile.py) answers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from bot.cases.profile import Profile
from bot.common.text import standard
from bot.config import DATA_DIR
from bot.knowledge import applied, laws

ROUTES_FILE = DATA_DIR / "applied" / "routes.yml"
STEP_MAX_CHARS = 80

# "去哪告", "能去仲裁不", "找哪个部门", "点告佢" (粤), "在哪儿起诉": asks where to take the matter.
_WHERE = re.compile(r"去哪|到哪|哪里告|哪儿告|告哪|去那告|找谁|找哪|哪个部门|什么部门|啥部门|哪个单位管|谁管|归谁管|哪里管|哪管"
                    r"|在哪.{0,3}(?:告|申请|投诉|仲裁|起诉|立案)|怎么告|咋告|点告|怎样告|怎么起诉|咋起诉|怎么投诉|咋投诉"
                    r"|(?:能|可以|可不可以|能不能|要不要|该不该|去)(?:去)?(?:劳动)?(?:仲裁|告|起诉|投诉|打官司)")


def asks_where(text: str) -> bool:
    """Whether a message asks where to take the matter."""
    return bool(_WHERE.search(standard(text or "")))  # "去边度告佢哋", "要去寻啥人" in their standard form


class RouteError(ValueError):
    pass


@dataclass(frozen=True)
class Route:
    id: str
    when: tuple[tuple[applied.Cond, ...], ...]
    topics: frozenset[str]
    lead: str
    steps: tuple[str, ...]
    bring: str
    basis: tuple[str, ...]

    def holds(self, known: dict, topic: str | None) -> bool:
        if not self.when and not self.topics:
            return True
        return (topic in self.topics) or any(all(c.holds(known[c.field]) for c in alt) for alt in self.when)

    def text(self) -> str:
        lines = [self.lead] + [f"{n}. {step}" for n, step in enumerate(self.steps, 1)]
        if self.bring:
            lines.append(f"带上：{self.bring}。")
        lines.append("依据：" + "；".join(self.basis))
        return "\n".join(lines)


def _route(raw: dict, n: int, cat: laws.Catalogue, name: str) -> Route:
    where = f"{name} route {raw.get('id') or n}"
    unknown = set(raw) - {"id", "when", "topics", "lead", "steps", "bring", "basis"}
    if unknown:
        raise RouteError(f"{where}: unknown key(s) {sorted(unknown)}")
    if not raw.get("id") or not raw.get("lead") or not raw.get("steps"):
        raise RouteError(f"{where}: needs an id, a lead and steps")
    steps = tuple(str(s).strip() for s in raw["steps"])
    if any(len(s) > STEP_MAX_CHARS for s in steps):
        raise RouteError(f"{where}: a step is longer than {STEP_MAX_CHARS} characters")
    if not raw.get("basis"):
        raise RouteError(f"{where}: a route states the law and needs its basis")
    basis = tuple(applied._cite(b, where, cat) for b in raw["basis"])
    when = raw.get("when") or []
    if not isinstance(when, list):
        raise RouteError(f"{where}: when is a list of mappings")
    try:
        conds = tuple(applied._conds(alt, where) for alt in when)
    except applied.RuleError as e:
        raise RouteError(str(e)) from None
    return Route(str(raw["id"]), conds, frozenset(raw.get("topics") or ()), str(raw["lead"]).strip(), steps,
                 str(raw.get("bring") or "").strip(), basis)


def load(path: Path = ROUTES_FILE, cat: laws.Catalogue | None = None) -> tuple[Route, ...]:
    """The routes in file order; the last must hold always (no when, no topics). Raises RouteError."""
    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    cat = cat or laws.catalogue()
    try:
        found = tuple(_route(raw if isinstance(raw, dict) else {}, n, cat, Path(path).name)
                      for n, raw in enumerate(doc.get("routes") or []))
    except applied.RuleError as e:
        raise RouteError(str(e)) from None
    if not found or found[-1].when or found[-1].topics:
        raise RouteError(f"{Path(path).name}: the last route must hold for every worker (no when, no topics)")
    if len({r.id for r in found}) != len(found):
        raise RouteError(f"{Path(path).name}: a route id appears twice")
    return found


@lru_cache(maxsize=1)
def routes() -> tuple[Route, ...]:
    return load()


def route_for(profile: Profile, topic: str | None, today: date, book: tuple[Route, ...] | None = None) -> Route:
    """The first route that holds for this worker and the conversation's topic."""
    known = applied.facts(profile, today)
    return next(r for r in (book or routes()) if r.holds(known, topic))
