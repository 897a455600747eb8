"""``ipgov review``: the seed's page as a person sees it in headless Chromium (highlighted
spans, the fact list, clicking a fact), escaping of hostile text, unknown keys, the index."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from graph_builder.cli import main
from graph_builder.review import Graph, Validation, index_row, make_page, render_index, render_page

SEED_KEY = "000_cf6b83477be807db"
VOID = frozenset({"meta", "br", "img", "input", "link", "hr", "wbr", "col", "area", "base", "source"})


class Node:
    """An element of a parsed page: tag, attributes, children (nodes and strings)."""

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag, self.attrs, self.children = tag, attrs, []  # type: ignore[var-annotated]

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def walk(self) -> list[Node]:
        found = [self]
        for child in self.children:
            if isinstance(child, Node):
                found += child.walk()
        return found

    def find(self, tag: str | None = None, cls: str | None = None, id: str | None = None) -> list[Node]:
        return [n for n in self.walk() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
                and (id is None or n.attrs.get("id") == id)]


class Tree(HTMLParser):
    """A small DOM from HTML text (standard library only)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def chromium() -> str | None:
    """The Chromium program, if installed."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def dump_dom(page: Path, script: str = "") -> Tree:
    """The DOM of ``page`` after its scripts and ``script`` (appended to a copy) ran, in headless Chromium."""
    browser = chromium()
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/install-servers.sh does it as root)")
    copy = page.with_name(page.stem + ".test.html")
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", f"<script>{script}</script></body>"),
                    encoding="utf-8")
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={page.parent / '.chromium'}", "--virtual-time-budget=3000", "--dump-dom",
         copy.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return Tree(done.stdout)


@pytest.fixture(scope="module")
def seed_review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed built (and validated) and reviewed: the review folder."""
    root = tmp_path_factory.mktemp("review")
    out = root / "ipgov-out"
    assert main(["build", "-o", str(out)]) == 0
    assert main(["review", str(out)]) == 0
    return out / "review"


def _fact(tree: Tree, name: str) -> Node:
    found = [f for f in tree.root.find("li", "fact") if f.find("span", "nm")[0].text == name]
    assert found, name
    return found[0]


def _marked(tree: Tree, fact_id: str) -> list[Node]:
    return [s for s in tree.root.find("span", "ev") if fact_id in s.attrs.get("data-f", "").split()]


def test_seed_page_in_chromium(seed_review: Path) -> None:
    """What a person sees: spans highlighted with the right text, the facts listed, a click marks."""
    page = seed_review / f"{SEED_KEY}.html"
    click = ("var f=[].slice.call(document.querySelectorAll('.fact')).filter(function(x){"
             "return x.querySelector('.nm').textContent==='杨浩勃'})[0]; f.click();"
             # then hover the proposer's span, as a mouse would
             "var s=document.querySelector('#text .ev[data-f~=\"'+f.id+'\"]');"
             "s.dispatchEvent(new MouseEvent('mouseover',{bubbles:true}));")
    tree = dump_dom(page, click)
    facts_panel = tree.root.find(id="facts")[0]
    sections = {h.text.split()[0]: h for h in facts_panel.find("h2")}
    for role in ("答复函与提案", "提案人", "主办单位", "会办单位", "收件人", "建议与答复措施", "案例",
                 "政策法规", "平台", "地点", "事件", "数据"):
        assert role in sections, role
    agency = _fact(tree, "深圳市市场和质量监督管理委员会")
    assert "GovernmentAgency" in agency.text and "https://w3id.org/ipgov/id/org/" in agency.text
    assert "Shenzhen Market and Quality Supervision Commission" in agency.text
    proposer = _fact(tree, "杨浩勃")
    assert "Person" in proposer.text
    # the click marked the proposer and its span, and nothing else
    assert "sel" in proposer.classes
    marked = [s for s in tree.root.find("span", "ev") if "sel" in s.classes]
    assert marked and "".join(s.text for s in marked) == "杨浩勃"
    assert marked == _marked(tree, proposer.attrs["id"])
    # hovering the span names its facts in the bar at the bottom (and in its title)
    assert "杨浩勃 — proposers (Person)" in tree.root.find(id="hover")[0].text
    assert "hot" in proposer.classes
    # every highlighted stretch names facts that are listed, and each listed span's text is there
    ids = {f.attrs["id"] for f in tree.root.find("li", "fact")}
    spans = tree.root.find("span", "ev")
    assert len(spans) > 100
    assert all(set(s.attrs["data-f"].split()) <= ids for s in spans)
    court = _fact(tree, "深圳法院")
    assert "深圳法院" in [s.text for s in _marked(tree, court.attrs["id"])]
    assert "Court" in (_marked(tree, court.attrs["id"])[0].attrs.get("title") or "")
    # the text panel shows the letter's text unchanged
    built = (seed_review.parent / "facts.jsonl").read_text(encoding="utf-8")
    assert json.loads(built)["id"] == SEED_KEY
    text = tree.root.find(id="text")[0].text
    assert text.startswith(" 深市质政案函〔2018〕44号\n") and len(text) == 5385


def test_seed_page_static(seed_review: Path) -> None:
    """Without a browser: self-contained, the legend, the validation status, the index."""
    html = (seed_review / f"{SEED_KEY}.html").read_text(encoding="utf-8")
    for outside in ("<link", "src=", "@import", "url("):  # nothing is fetched: inline CSS and script only
        assert outside not in html, outside
    tree = Tree(html)
    legend = tree.root.find("div", "legend")[0].text
    assert "政府机关 government agencies" in legend and "法院 courts" in legend
    assert "conforms" in tree.root.find("header")[0].text  # validation cached by the build
    warned = [f for f in tree.root.find("li", "fact") if f.find("ul", "fd")]
    assert warned and "No English label" in warned[0].text
    index = Tree((seed_review / "index.html").read_text(encoding="utf-8"))
    [row] = index.root.find("tbody")[0].find("tr")
    link = row.find("a")[0]
    assert link.attrs["href"] == f"{SEED_KEY}.html" and "深圳市市场和质量监督管理委员会" in row.text
    assert "杨浩勃" in row.text and "2018-08-15" in row.text and "conforms" in row.text


def test_index_sorts_in_chromium(tmp_path: Path) -> None:
    rows = []
    for key, date, agency in (("b", "2019-01-01", "乙局"), ("a", "2020-01-01", "甲局"), ("c", "2018-01-01", "丙局")):
        graph = Graph(text="x")
        rows.append(index_row(make_page(key, {"id": key, "date": date, "responding_agency": agency}, graph,
                                        Validation(None))))
    page = tmp_path / "index.html"
    page.write_text(render_index(rows, "t"), encoding="utf-8")
    tree = dump_dom(page, "document.querySelectorAll('th')[1].click();")
    assert [r.find("td")[0].text for r in tree.root.find("tbody")[0].find("tr")] == ["c", "b", "a"]


HOSTILE = '<script>alert("x")</script> & "quoted" \'single\' \u2028line <b id="pwn">bold</b> </textarea>'


def _hostile_page() -> str:
    text = "前言" + HOSTILE + "杨浩勃委员：结束"
    start = text.index("杨浩勃")
    facts = {
        "id": "k<script>", "title_of_proposal": HOSTILE, "responding_agency": HOSTILE,
        "proposers": [{"name": HOSTILE, "kind": "person", "evidence": [{"start": start, "end": start + 3}]}],
        # keys the module does not know: an addressee, rule and confidence, a letter-local IRI, a new list
        "addressee": {"name": "张三", "type": "Person", "rule": "salutation<1>", "confidence": 0.9,
                      "iri": "https://w3id.org/ipgov/id/person/local/k/0123456789abcdef",
                      "evidence": [{"start": 2, "end": 10}]},
        "new_things": [{"name": HOSTILE, "weird": {"a": [1, HOSTILE]}, "evidence": [{"start": 0, "end": 2}]}, HOSTILE],
        "organizations": [{"name": "甲", "type": "Nope\"><script>", "iri": 'https://x/"><script>', "evidence": []}],
    }
    return render_page(make_page("k<script>", facts, Graph(text=text), Validation(None)))


def test_hostile_text_is_escaped() -> None:
    html = _hostile_page()
    assert html.count("<script") == 1 and html.count("</script") == 1  # the page's own script only
    assert "\u2028" not in html and "\u2029" not in html
    tree = Tree(html)
    assert not tree.root.find(id="pwn") and not tree.root.find("textarea")
    assert tree.root.find(id="text")[0].text == "前言" + HOSTILE + "杨浩勃委员：结束"
    names = [n.text for n in tree.root.find("span", "nm")]
    assert HOSTILE in names and "张三" in names
    addressee = _fact(tree, "张三")
    assert "salutation<1>" in addressee.text and "0.9" in addressee.text and "/local/k/" in addressee.text
    assert [h.text.split(" ")[0] for h in tree.root.find("h2")][:1] == ["答复函与提案"]
    assert any("new things" in h.text for h in tree.root.find("h2"))


def test_hostile_text_in_chromium(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(_hostile_page(), encoding="utf-8")
    tree = dump_dom(page, "document.body.setAttribute('data-alive', '1');")
    assert tree.root.find("body")[0].attrs.get("data-alive") == "1"  # the page's script did not break
    assert not tree.root.find(id="pwn")
    assert HOSTILE in tree.root.find(id="text")[0].text


def test_review_letter_option_and_bad_input(
    tmp_path: Path, seed_review: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = seed_review.parent
    assert main(["review", str(out), "-o", str(tmp_path / "r"), "--letter", SEED_KEY]) == 0
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == [f"{SEED_KEY}.html", "index.html"]
    assert main(["review", str(out), "-o", str(tmp_path / "r2"), "--letter", "nope"]) == 2
    assert main(["review", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert "'nope'" in err and "no such folder" in err
