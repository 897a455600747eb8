"""What a corrections entry is: the checked entry, the vocabulary it is written in, its errors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

FILE_NAME = "corrections.yaml"
KINDS = ("org", "person", "group", "place", "policy", "platform", "event")
ROLES = ("proposer", "co_handler", "responding_agency", "main_handler")
DEFAULT_CLASS = {
    "org": "Organization", "person": "Person", "group": "PersonGroup", "place": "Place",
    "policy": "Policy", "platform": "Platform", "event": "Event",
}
ORG_CLASSES = ("Organization", "GovernmentAgency", "Court", "Legislature", "PartyBody", "Company", "University",
               "Association", "Media", "InternationalOrganization")
CLASS_KIND = {
    **{cls: "org" for cls in ORG_CLASSES}, **{cls: kind for kind, cls in DEFAULT_CLASS.items() if kind != "org"},
}
# Relations a ``drop: relation`` entry may name (ipgov: local names of Relation.predicate).
PREDICATES = ("coHandler", "cites", "plaintiff", "defendant", "court", "recognition", "locatedIn", "approvedBy",
              "hostedBy", "startDate")
ACTIONS = ("drop", "add", "change", "merge", "split", "rename")


class CorrectionsError(Exception):
    """Problems of corrections files, each ``file:line: problem``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Entry:
    """One entry of a corrections file, checked."""

    source: str  # the file as given (for messages)
    line: int  # where the entry starts, from 1
    label: str  # the file's name and the entry's reference (its ``id``, else its number): "corrections.yaml#3"
    action: str  # drop-role, drop-entity, drop-relation, add, change-role, change-class, merge, split, rename
    letters: tuple[str, ...]  # letter keys
    text: str
    occurrence: int | None = None
    kind: str | None = None
    role: str | None = None  # drop-role: the role dropped; add: the role given (None: none)
    from_role: str | None = None  # change-role
    to_role: str | None = None  # change-role ("none": no role)
    cls: str | None = None  # add, change-class
    canonical: str | None = None  # add, merge (the canonical kept), rename
    name_en: str | None = None  # add, rename
    predicate: str | None = None  # drop-relation
    targets: tuple[tuple[str, str], ...] = ()  # split: (letter key, its new canonical)
    digests: tuple[tuple[str, str], ...] = field(default=(), compare=False)  # (letter key, digest)

    @property
    def where(self) -> str:
        """``file:line`` of the entry."""
        return f"{self.source}:{self.line}"

    def digest(self, key: str) -> str:
        """The entry's digest as it applies to the letter ``key``."""
        return dict(self.digests)[key]

    def target(self, key: str) -> str | None:
        """The canonical the entry gives the thing in letter ``key`` (merge, rename, split)."""
        if self.action == "split":
            return dict(self.targets).get(key)
        return self.canonical

    def _content(self, key: str) -> str:
        target = dict(self.targets).get(key) if self.action == "split" else None
        fields = [self.label, self.action, self.text, self.occurrence, self.kind, self.role, self.from_role,
                  self.to_role, self.cls, self.canonical, self.name_en, self.predicate, target]
        return json.dumps(fields, ensure_ascii=False)

