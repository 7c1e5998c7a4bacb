"""Local unions (分级办理): the region of a case, from the place the worker gave.

The regions are data (``data/console/regions.yml``): a code, the union's Chinese name and the
city/district names that belong to it. ``match(text)`` finds the region in a free-text place
("广州市天河区", "深圳南山区科技园", "東莞長安"); a case whose place matches nothing goes to the
central queue (``CENTRAL``). Staff accounts carry a list of region codes (admins see all).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from bot.common import datafile
from bot.config import DATA_DIR

REGIONS_FILE = DATA_DIR / "console" / "regions.yml"
CENTRAL = "central"
# Form fields that hold the worker's place, in order of preference (bot/cases/intake.py).
PLACE_FIELDS = ("city", "wa_city", "la_city", "ju_city", "hd_city", "wi_place")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class RegionTable:
    regions: tuple[Region, ...]

    def get(self, code: str | None) -> Region:
        by_code = {r.code: r for r in self.regions}
        return by_code.get(code or CENTRAL) or by_code[CENTRAL]

    def codes(self) -> list[str]:
        return [r.code for r in self.regions]

    def name(self, code: str | None) -> str:
        return self.get(code).name

    def match(self, text: str | None) -> str:
        """The region of a place: the longest alias found in it (the earliest on a tie), else CENTRAL."""
        place = _normal(text)
        best: tuple[int, int, str] | None = None  # (-length, position, code)
        for region in self.regions:
            for alias in region.aliases:
                pos = place.find(alias)
                if pos >= 0 and (best is None or (-len(alias), pos) < best[:2]):
                    best = (-len(alias), pos, region.code)
        return best[2] if best else CENTRAL

    def of_fields(self, fields: Mapping[str, Any] | None) -> str:
        """The region of a case from its form answers (the first place field that matches)."""
        for key in PLACE_FIELDS:
            value = (fields or {}).get(key)
            if value and (code := self.match(str(value))) != CENTRAL:
                return code
        return CENTRAL

    def options(self) -> list[dict]:
        return [{"name": r.code, "label": r.name} for r in self.regions]

    def clean(self, codes: Iterable[str] | None) -> list[str]:
        """Known codes only, in the file's order; ValueError naming an unknown one."""
        wanted = set(codes or ())
        unknown = wanted - set(self.codes())
        if unknown:
            raise ValueError("没有这个地区")
        return [c for c in self.codes() if c in wanted]


def _t2s(text: str) -> str:
    try:
        from bot.nlu.features import _t2s as converter
    except Exception:  # pragma: no cover - OpenCC missing: simplified text still matches
        return text
    return converter().convert(text)


def _normal(text: str | None) -> str:
    t = unicodedata.normalize("NFKC", text or "")
    return _t2s("".join(t.split()))


def parse_regions(data: Mapping[str, Any]) -> RegionTable:
    regions = []
    for code, spec in (data or {}).items():
        spec = spec or {}
        name = str(spec.get("name") or "").strip()
        if not name:
            raise ValueError(f"regions: {code} has no name")
        aliases = tuple(sorted({_normal(str(a)) for a in spec.get("aliases") or () if str(a).strip()}))
        regions.append(Region(str(code), name, aliases))
    if CENTRAL not in {r.code for r in regions}:
        raise ValueError(f"regions: the central queue ({CENTRAL}) is missing")
    return RegionTable(tuple(regions))


def load(path: Path | None = None) -> RegionTable:
    """The table in ``path`` (default ``data/console/regions.yml``), parsed once per file version."""
    return datafile.load(Path(path) if path else REGIONS_FILE, _table_of_file)


def _table_of_file(data: Any, path: str) -> RegionTable:
    return parse_regions(data or {})
