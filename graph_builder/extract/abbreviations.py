"""A body or an event named in full once and later by its usual abbreviation, in one letter.

Letters cite a court in full and then as 苏州中院 or 广东高院, and a company in full and then by
its trade name alone (鼎和公司, 蓝湾诉海途案). Each short form is the body named in full, when
exactly one body of the letter fits it; otherwise it stays a thing of its own.
"""

from __future__ import annotations

import re

from graph_builder.extract.registry import recanonical
from graph_builder.model import Entity, LetterFacts

# 中院, 高院 stand for the city's intermediate and the province's high court (苏州中院 = 苏州市中级人民法院).
_COURT_SHORT = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,4}?)(?P<level>中院|高院)$")
_COURT_FULL = {"中院": ("中级人民法院",), "高院": ("高级人民法院",)}
_PLACE_LEVELS = ("", "市", "省", "自治区")
# A company's trade name with 公司 or alone (鼎和公司, 蓝湾): two to six characters.
_TRADE_NAME = re.compile(r"^(?P<core>[\u4e00-\u9fff]{2,6}?)(?:公司)?$")
_COMPANY_END = re.compile(r"(?:有限公司|有限责任公司|股份有限公司|集团|公司)$")


def resolve_abbreviations(facts: LetterFacts) -> None:
    """Merge each court or company abbreviation into the one body of the letter it abbreviates, and
    an event named by the end of its name (牡丹文化节 for 第41届中国洛阳牡丹文化节) into that event."""
    events = [e for e in facts.entities.values() if e.kind == "event"]
    for event in events:
        longer = [o for o in events if o is not event and o.canonical.endswith(event.canonical)]
        if len(event.canonical) >= 4 and len(longer) == 1 and longer[0].ref in facts.entities:
            recanonical(facts, event, longer[0].canonical)
    orgs = [e for e in facts.entities.values() if e.kind == "org"]
    for entity in orgs:
        if entity.ref not in facts.entities:
            continue
        target = _court_for(entity, orgs) or _company_for(entity, orgs)
        if target is not None and target.ref in facts.entities:
            recanonical(facts, entity, target.canonical)


def _court_for(entity: Entity, orgs: list[Entity]) -> Entity | None:
    found = _COURT_SHORT.match(entity.canonical)
    if not found:
        return None
    place, level = found.group("place"), found.group("level")
    fulls = {place + suffix + court for suffix in _PLACE_LEVELS for court in _COURT_FULL[level]}
    matches = [o for o in orgs if o is not entity and ({o.canonical, o.name, *o.aliases} & fulls)]
    return matches[0] if len(matches) == 1 else None


def _company_for(entity: Entity, orgs: list[Entity]) -> Entity | None:
    """鼎和公司 → 西安鼎和餐饮管理有限公司: the trade name inside exactly one longer company name."""
    if _COMPANY_END.search(entity.canonical) and len(entity.canonical) > 8:
        return None  # a full company name of its own
    found = _TRADE_NAME.match(entity.canonical)
    if not found or entity.cls not in ("Company", "GovernmentAgency", "Organization"):
        return None
    core = found.group("core")
    matches = [
        o
        for o in orgs
        if o is not entity and o.cls == "Company" and len(o.canonical) > len(entity.canonical)
        and _COMPANY_END.search(o.canonical) and core in o.canonical
    ]
    return matches[0] if len(matches) == 1 else None


__all__ = ["resolve_abbreviations"]
