"""The colours of node classes: Paul Tol's colour-blind-safe "muted" scheme, one hue per group."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    """A colour group: some ipgov: classes drawn in one colour."""

    key: str
    label_zh: str
    label_en: str
    hex: str
    classes: tuple[str, ...]

    def label(self, lang: str) -> str:
        """The group's name in ``lang`` (``zh`` or ``en``)."""
        return self.label_zh if lang == "zh" else self.label_en


# Paul Tol, "Colour schemes and templates" (SRON/EPS/TN/09-002), scheme "muted": nine hues
# told apart under deuteranopia, protanopia and tritanopia, plus pale grey. No such palette
# separates more than about ten hues, so classes share a colour by group; the exact class
# stays in the `class` attribute for Gephi's Partition colouring.
GROUPS: tuple[Group, ...] = (
    Group("person", "人员", "people", "#CC6677", ("Person", "PersonGroup")),
    Group("government", "政府机关", "government agencies", "#332288", ("GovernmentAgency",)),
    Group("court", "法院", "courts", "#882255", ("Court",)),
    Group("political", "人大政协与党派", "legislatures and party bodies", "#AA4499",
          ("Legislature", "PartyBody")),
    Group("company", "企业", "companies", "#DDCC77", ("Company",)),
    Group("society", "其他机构", "other organisations", "#999933",
          ("University", "Association", "Media", "InternationalOrganization", "Organization")),
    Group("policy", "政策法规与案件", "policies and court cases", "#44AA99", ("Policy", "CourtCase")),
    Group("platform", "平台", "platforms", "#117733", ("Platform",)),
    Group("context", "事件与地点", "events and places", "#88CCEE", ("Event", "Place")),
    Group("document", "答复函与提案建议", "letters and motions", "#DDDDDD",
          ("ReplyLetter", "Proposal", "Suggestion", "Motion")),
)

_BY_CLASS = {cls: group for group in GROUPS for cls in group.classes}
FALLBACK = GROUPS[-1]


def group_of(cls: str) -> Group:
    """The colour group of an ipgov: class local name.

    >>> group_of("Court").hex
    '#882255'
    """
    return _BY_CLASS.get(cls, FALLBACK)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``#RRGGBB`` as three 0–255 integers.

    >>> rgb("#332288")
    (51, 34, 136)
    """
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
