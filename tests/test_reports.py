"""What the reports tell: the build's and validate's verdict line, groups of repeated results,
and the HTML report's summary, anchors, filters and links to the review pages."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from graph_builder.cli import main
from graph_builder.validate import render, validate_paths
from graph_builder.validate import run as run_module
from graph_builder.validate.grouping import GROUP_AT, common_message, group
from graph_builder.validate.report import Report, verdict
from graph_builder.validate.report_html import render_html
from graph_builder.validate.results import Result

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "data" / "shapes"
BROKEN = FIXTURES / "invalid" / "ReplyLetterShape-respondingAgency-none.trig"
SH = "http://www.w3.org/ns/shacl#"
SHAPE = "https://w3id.org/ipgov/shapes#"
GRAPH = "https://w3id.org/ipgov/graph/"
VERDICT = re.compile(r"^conforms: (yes|no) \((\d+) violations?, (\d+) warnings?\)$")


def _result(letter: str, thing: str, shape: str = "PersonShape-name", severity: str = "Warning") -> Result:
    return Result(
        letter=GRAPH + letter if letter else "",
        focus=f"<https://w3id.org/ipgov/id/person/{thing}>",
        path="<http://www.w3.org/2004/02/skos/core#prefLabel>",
        value=f'"{thing}"@zh',
        shape=SHAPE + shape,
        component=SH + "SPARQLConstraintComponent",
        severity=SH + severity,
        messages=(("en", f"Unlikely person name (no common Chinese surname first): {thing}"),
                  ("zh", f"人名可疑（不以常见姓氏开头）：「{thing}」")),
    )


def _report(results: list[Result], folder: str = "") -> Report:
    letters = sorted({r.letter for r in results if r.letter})
    labels = {r.focus: {"zh": r.value.split('"')[1]} for r in results}
    return Report("both", letters, 100, sorted(results), labels=labels, folder=folder)


# --- the verdict line ------------------------------------------------------------------------


def test_verdict_counts_violations_and_warnings() -> None:
    report = _report([_result("a", "甲乙"), _result("b", "丙丁", "CourtCaseShape-court", "Violation")])
    assert verdict(report) == "conforms: no (1 violation, 1 warning)"
    assert verdict(_report([_result("a", "甲乙")] * 2)) == "conforms: yes (0 violations, 2 warnings)"
    info = _report([_result("a", "甲乙", severity="Info")])
    assert verdict(info) == "conforms: yes (0 violations, 0 warnings, 1 info)"


def test_build_ends_with_the_verdict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The last line of `ipgov build` is the verdict, its counts those of the text report beside it."""
    out = tmp_path / "out"
    assert main(["build", "-o", str(out), "-j", "1"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    match = VERDICT.match(last)
    assert match and match[1] == "yes" and match[2] == "0", last
    text = (out / "validation-report.txt").read_text(encoding="utf-8")
    assert re.search(rf"^  Warning\s+{match[3]}$", text, re.M)
    assert text.splitlines()[2] == f"conforms: yes 符合 (0 violations, {match[3]} warnings)"
    # skipped: said so, with the command that checks it
    assert main(["build", "-o", str(out), "-j", "1", "--no-validate"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == f"conforms: not checked (--no-validate; run: ipgov validate {out})"


def test_build_that_does_not_conform_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit 1, a line on stderr naming the report, and the verdict with its counts last on stdout."""
    broken = _report([_result("L1", "法院", "CourtCaseShape-court", "Violation"), _result("L1", "甲乙")])
    monkeypatch.setattr(run_module, "validate_paths", lambda *args, **kwargs: broken)
    out = tmp_path / "out"
    assert main(["build", "-o", str(out), "-j", "1"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "conforms: no (1 violation, 1 warning)"
    assert f"does not conform to the shapes; see {out / 'validation-report.txt'}" in captured.err
    assert "CourtCaseShape-court" in (out / "validation-report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["html", "text", "json"])
def test_validate_to_a_file_says_where_and_the_verdict(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"report.{fmt}"
    expected = verdict(validate_paths([BROKEN], jobs=1))
    assert expected.startswith("conforms: no (") and VERDICT.match(expected)
    assert main(["validate", str(BROKEN), "-j", "1", "--format", fmt, "-o", str(target)]) == 1
    assert capsys.readouterr().out.splitlines() == [f"wrote the {fmt} report to {target}", expected]
    assert target.stat().st_size > 500


def test_validate_to_stdout_prints_the_report_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BROKEN), "-j", "1", "--format", "json"]) == 1
    assert capsys.readouterr().out.startswith("{")


# --- groups ----------------------------------------------------------------------------------


def test_a_repeated_shape_is_one_line_with_count_and_things() -> None:
    names = ["佳宁", "伟中", "晓明", "佳宁"]  # two things named alike in two letters
    results = [_result(f"L{i}", f"{name}{i}") for i, name in enumerate(names)]
    results = [replace(r, focus=f"<x:{i}>") for i, r in enumerate(results)]
    report = Report("both", [GRAPH + f"L{i}" for i in range(4)], 10, results,
                    labels={f"<x:{i}>": {"zh": name} for i, name in enumerate(names)},
                    classes={"<x:0>": "ipgov:Person", "<x:1>": "ipgov:Person", "<x:2>": "ipgov:Organization"})
    text = render(report, "text")
    lines = [line for line in text.splitlines() if "PersonShape-name" in line]
    assert lines == [
        "  Warning         4  ipgov-shape:PersonShape-name",
        "  Warning ×4 ipgov-shape:PersonShape-name — Unlikely person name (no common Chinese surname first) … · "
        "人名可疑（不以常见姓氏开头） … — 4 things in 4 letters (ipgov:Person 2, ipgov:Organization 1): "
        "佳宁, 伟中, 晓明",
    ]
    assert "[1]" not in text  # warnings of a grouped shape: no entry each
    assert "Unlikely person name" in render(report, "md").split("## Results")[0]


def test_violations_of_a_grouped_shape_are_still_listed_one_by_one() -> None:
    results = [_result(f"L{i}", f"名{i}", "CourtCaseShape-court", "Violation") for i in range(GROUP_AT)]
    text = render(_report(results), "text")
    assert f"  Violation ×{GROUP_AT} ipgov-shape:CourtCaseShape-court — " in text
    assert [line for line in text.splitlines() if line.startswith("[")] == [
        f"[{i + 1}] Violation · ipgov-shape:CourtCaseShape-court" for i in range(GROUP_AT)
    ]


def test_shapes_under_the_threshold_are_not_grouped() -> None:
    results = [_result("a", "甲乙"), _result("b", "丙丁")][: GROUP_AT - 1]
    groups = group(results, {}, {})
    assert len(groups) == 1 and not groups[0].repeated
    assert "Grouped" not in render(_report(results), "text")


def test_common_message() -> None:
    assert common_message(["人名可疑：「甲」", "人名可疑：「乙」"]) == "人名可疑 …"
    assert common_message(["same", "same"]) == "same"
    assert common_message(["a", "b"]) == "2 different messages, e.g. a"
    assert common_message([]) == ""


# --- the HTML report -------------------------------------------------------------------------


def _mixed() -> list[Result]:
    warnings = [_result(f"L{i % 2}", f"名{i}") for i in range(5)]
    violation = _result("L1", "法院", "CourtCaseShape-court", "Violation")
    return [*warnings, violation, _result("", "联合", "UnionKindShape")]


def test_html_summary_has_anchors_per_severity_shape_and_letter() -> None:
    html = render_html(_report(_mixed()))
    for anchor in ("sev-Violation", "sev-Warning", "shape-PersonShape-name", "shape-CourtCaseShape-court",
                   "letter-L0", "letter-L1", "letter-(union)"):
        assert f'id="{anchor}"' in html, anchor
    assert '<a class="Violation" href="#sev-Violation">' in html
    assert '<a href="#shape-PersonShape-name"><code>ipgov-shape:PersonShape-name</code></a>' in html
    assert html.index('id="summary"') < html.index('id="sev-Violation"') < html.index('id="sev-Warning"')
    # the repeated warnings are folded, the violation is open
    assert '<details class="shape" data-sev="Warning" id="shape-PersonShape-name">' in html
    assert '<details class="shape" data-sev="Violation" id="shape-CourtCaseShape-court" open>' in html


def test_html_filters_cover_every_result() -> None:
    results = _mixed()
    html = render_html(_report(results))
    rows = re.findall(r'class="r" id="r(\d+)" data-s="(\w+)" data-h="([^"]+)" data-l="([^"]+)"', html)
    assert [int(n) for n, *_ in rows] == list(range(1, len(results) + 1))
    assert {(s, h, letter) for _, s, h, letter in rows} >= {
        ("Violation", "ipgov-shape:CourtCaseShape-court", "L1"), ("Warning", "ipgov-shape:PersonShape-name", "L0"),
        ("Warning", "ipgov-shape:UnionKindShape", "(union)"),
    }
    for ident, values in (("f-sev", ["Violation", "Warning"]), ("f-letter", ["(union)", "L0", "L1"])):
        select = re.search(rf'<select id="{ident}">(.*?)</select>', html)
        assert select and re.findall(r'<option value="([^"]*)">', select[1]) == ["", *values]
    assert '<form id="filters" hidden>' in html  # shown by the script: without it, no dead controls


def test_html_links_letters_to_their_review_pages(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    report = _report(_mixed(), folder=str(folder))
    beside = render_html(report)  # in the build folder, as ipgov build writes it
    assert '<a href="review/L0.html" title="review page 审阅页">L0</a>' in beside
    elsewhere = render_html(report, tmp_path / "reports" / "r.html")
    assert '<a href="../out/review/L1.html" title="review page 审阅页">L1</a>' in elsewhere
    assert "review/(union)" not in elsewhere
    assert "review/" not in render_html(_report(_mixed()))  # no build folder: no links
    assert render_html(report) == beside  # deterministic


def test_review_page_names_match_ipgov_review() -> None:
    from graph_builder.review import page_file

    assert page_file("L0") == "L0.html"


def test_build_report_links_the_pages_ipgov_review_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["build", "-o", str(out), "-j", "1"]) == 0
    assert main(["review", str(out)]) == 0
    html = (out / "validation-report.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="(review/[^"]+)"', html))
    assert links and all((out / link).is_file() for link in links)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="no chromium to run the filter script")
def test_html_filter_script_hides_what_does_not_match(tmp_path: Path) -> None:
    """In a browser: choosing a letter hides the other letters' results and the empty shapes."""
    html = render_html(_report(_mixed()))
    pick = ('<script>var l=document.getElementById("f-letter");l.value="L1";'
            'l.dispatchEvent(new Event("change"));</script></body>')
    page = tmp_path / "r.html"
    page.write_text(html.replace("</body>", pick), encoding="utf-8")
    try:
        dom = subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=60, check=True,
        ).stdout
    except (subprocess.SubprocessError, OSError) as error:
        pytest.skip(f"chromium did not run: {error}")
    shown = re.findall(r'<(?:tr|article) class="r" id="r\d+"[^>]*data-l="([^"]+)"(?! hidden)[^>]*>', dom)
    hidden = re.findall(r'<(?:tr|article) class="r" id="r\d+"[^>]*data-l="([^"]+)"[^>]* hidden', dom)
    assert set(shown) == {"L1"} and set(hidden) == {"L0", "(union)"}
    assert re.search(r'<section class="sev" id="sev-Violation"(?! hidden)>', dom)
    assert re.search(r'<details class="shape" data-sev="Warning" id="shape-UnionKindShape"[^>]* hidden', dom)
    assert "3 / 7 shown" in dom  # the violation and two of the five warnings


# --- the cycle -------------------------------------------------------------------------------


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_import_cycle_in_validate() -> None:
    """Modules of graph_builder.validate import each other (at any depth, lazily too) without a cycle."""
    folder = ROOT / "graph_builder" / "validate"
    modules = {f"graph_builder.validate.{p.stem}": p for p in folder.glob("*.py") if p.stem != "__init__"}
    edges = {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for other in sorted(edges[name]):
            assert state.get(other) != 1, " → ".join([*trail, name, other])
            if other not in state:
                visit(other, [*trail, name])
        state[name] = 2

    for name in sorted(modules):
        if name not in state:
            visit(name, [])
    assert "graph_builder.validate.run" not in edges["graph_builder.validate.folder"]


def test_html_shows_at_most_so_many_results_of_a_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    """A corpus's thousands of one warning: the first SHOWN in the page, and a note where the others are."""
    from graph_builder.validate import report_html

    monkeypatch.setattr(report_html, "SHOWN", 3)
    html = render_html(_report(_mixed()))
    assert html.count('data-h="ipgov-shape:PersonShape-name"') == 3
    assert "The first 3 of 5 results, in letter order" in html
    assert '<td class="n">5</td>' in html  # the summary still counts them all
