"""Anchored and quick-start scans give exactly the matches of the plain regex scans they stand in for."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from graph_builder.extract.actors import CUSTOMS
from graph_builder.extract.cases import CASE
from graph_builder.extract.events import ENDING, EVENT_ENDING
from graph_builder.extract.measures import ACHIEVEMENT, ACHIEVEMENT_WORDS
from graph_builder.extract.patterns import SESSION_CORE
from graph_builder.extract.persons import PERSON_WITH_POST
from graph_builder.extract.scan import Anchored, first_char_class
from graph_builder.text.parse import parse_letter

ROOT = Path(__file__).resolve().parents[1]
SCANS = {"CASE": CASE, "CUSTOMS": CUSTOMS, "PERSON_WITH_POST": PERSON_WITH_POST, "SESSION_CORE": SESSION_CORE}


def _spans(matches) -> list[tuple[tuple[int, int], ...]]:  # type: ignore[no-untyped-def]
    return [tuple(m.span(g) for g in range(m.re.groups + 1)) for m in matches]


def _texts(shared_dir: Path) -> list[str]:
    folders = [ROOT / "graph_builder" / "data" / "letters", ROOT / "tests" / "data" / "letters",
               ROOT / "tests" / "data" / "heldout" / "letters", shared_dir / "eval" / "dev" / "letters"]
    return [parse_letter(path).norm for folder in folders for path in sorted(folder.glob("*.txt"))]


@pytest.mark.parametrize("name", sorted(SCANS))
def test_anchored_scan_equals_the_plain_scan_on_letters(name: str, shared_dir: Path) -> None:
    scan = SCANS[name]
    for text in _texts(shared_dir):
        for pos, endpos in ((0, len(text)), (len(text) // 3, 2 * len(text) // 3)):
            assert _spans(scan.finditer(text, pos, endpos)) == _spans(scan.pattern.finditer(text, pos, endpos))


@pytest.mark.parametrize("name", sorted(SCANS))
def test_anchored_scan_equals_the_plain_scan_on_made_up_text(name: str) -> None:
    """Dense text made of the characters the patterns care about, where matches crowd and overlap."""
    scan = SCANS[name]
    alphabet = [*"华为诉三星案一件例海关、,和与副主任局长书记总理委员张王李市省区A。“”第二十届次", "公司", "中兴",
                "全国", "政协", "人大", "委员会", "会议", "全体"]
    rng = random.Random(11)
    for _ in range(400):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 80)))
        assert _spans(scan.finditer(text)) == _spans(scan.pattern.finditer(text)), text
        first, plain = scan.search(text), scan.pattern.search(text)
        assert (first and first.span()) == (plain and plain.span())


def test_a_match_is_found_where_anchors_crowd() -> None:
    pattern = Anchored(re.compile(r"[a-z]{1,4}X"), re.compile("X"), 1, 4)
    text = "abXcdefgXXhX"
    assert _spans(pattern.finditer(text)) == _spans(pattern.pattern.finditer(text))


@pytest.mark.parametrize(
    ("source", "first"),
    [("a?b", "[ab]"), ("(?:x|)y", "[xy]"), (r"\d+件", r"[\d]"), ("(?<!a)b", "[b]"), (".a", None), ("a?", None),
     ("[^a]b", None)],
)
def test_first_char_class(source: str, first: str | None) -> None:
    assert first_char_class(source) == first


@pytest.mark.parametrize(("quick", "source"), [(ENDING, EVENT_ENDING), (ACHIEVEMENT, ACHIEVEMENT_WORDS)])
def test_quick_start_gives_the_plain_matches(quick: re.Pattern[str], source: str, shared_dir: Path) -> None:
    plain = re.compile(source)
    assert quick.pattern != plain.pattern  # the lookahead is there
    for text in _texts(shared_dir):
        assert _spans(quick.finditer(text)) == _spans(plain.finditer(text))


def test_gazetteer_stem_scan_gives_the_plain_matches(shared_dir: Path) -> None:
    from graph_builder.extract.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    for text in _texts(shared_dir):
        assert _spans(gazetteer._stem_matches(text)) == _spans(gazetteer._stem.finditer(text))
