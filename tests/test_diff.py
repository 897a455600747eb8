"""``ipgov diff``: letters added, removed and changed, facts added and removed, IRI merges and
splits, exit codes and JSON output; unchanged letters are not opened."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from graph_builder.cli import main
from graph_builder.corpus import manifest as mf
from graph_builder.diff import compare, facts_of, open_build

LETTER = (
    "某市知识产权局关于市政协七届一次会议第{n}号提案答复的函\n"
    "{who}委员：\n"
    "您提出的《关于加强商标保护的提案》收悉。我局会同市司法局进行了认真研究，现答复如下。\n"
    "一、我局已建立商标保护工作站。{extra}\n"
    "某市知识产权局\n"
    "2021年3月4日\n"
)


def _letter(folder: Path, name: str, n: str, who: str, extra: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(LETTER.format(n=n, who=who, extra=extra), encoding="utf-8")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two real builds: ``b`` is edited in the new one, ``c`` removed, ``d`` added, ``a`` kept."""
    root = tmp_path_factory.mktemp("diff")
    old, new = root / "old-letters", root / "new-letters"
    _letter(old, "a", "0101", "张三")
    _letter(old, "b", "0102", "李四")
    _letter(old, "c", "0103", "王五")
    _letter(new, "a", "0101", "张三")
    _letter(new, "b", "0102", "李四", "我局依据《中华人民共和国反不正当竞争法》开展执法，会同市商务局开展专项行动。")
    _letter(new, "d", "0104", "赵六")
    for letters, out in ((old, root / "old"), (new, root / "new")):
        assert main(["build", str(letters), "-o", str(out), "--no-validate"]) == 0
    return root / "old", root / "new"


def test_diff_reports_letters_added_removed_and_changed(
    builds: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = builds
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "+ letter d" in out and "- letter c" in out and "~ letter b" in out
    assert "letter a" not in out
    assert "  + policies: 中华人民共和国反不正当竞争法 (Policy)" in out
    assert "1 letter(s) added, 1 removed, 1 changed" in out


def test_diff_json_output(builds: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = builds
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["letters"]["added"] == ["d"] and data["letters"]["removed"] == ["c"]
    [changed] = data["letters"]["changed"]
    assert changed["key"] == "b" and changed["removed"] == []
    policy = [f for f in changed["added"] if f["role"] == "policies"]
    assert policy[0]["label"] == "中华人民共和国反不正当竞争法" and policy[0]["class"] == "Policy"
    assert policy[0]["iri"].startswith("https://w3id.org/ipgov/id/policy/")
    assert data["summary"]["unchanged"] == 1 and data["summary"]["changed"] == 1
    assert data["entities"] == {"merged": [], "split": [], "moved": []}


def test_diff_markdown_and_letter_filter(builds: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = builds
    assert main(["diff", str(old), str(new), "--format", "md", "--letter", "b"]) == 1
    out = capsys.readouterr().out
    assert "## Letters changed" in out and "### `b`" in out and "Letters added" not in out
    assert main(["diff", str(old), str(new), "--letter", "a"]) == 0


def test_diff_equal_builds_exit_0(builds: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, _ = builds
    assert main(["diff", str(old), str(old)]) == 0
    assert "0 letter(s) added, 0 removed, 0 changed" in capsys.readouterr().out


def test_diff_bad_input_exit_2(builds: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = builds
    assert main(["diff", str(old), str(tmp_path / "missing")]) == 2
    assert main(["diff", str(tmp_path), str(new)]) == 2  # a folder without a build
    assert main(["diff", str(old), str(new), "--letter", "nope"]) == 2
    err = capsys.readouterr().err
    assert "no such folder" in err and "not a build output folder" in err and "'nope'" in err


def test_diff_changed_facts_file_is_bad_input(builds: tuple[Path, Path], tmp_path: Path) -> None:
    import shutil

    old, _ = builds
    copy = tmp_path / "copy"
    shutil.copytree(old, copy)
    with (copy / "facts.jsonl").open("a", encoding="utf-8") as stream:
        stream.write("\n")
    assert main(["diff", str(old), str(copy)]) == 2


# Synthetic builds: what a gazetteer change does to IRIs, without changing the gazetteer.

X, Y, Z = (f"https://w3id.org/ipgov/id/org/{c * 16}" for c in "abc")


Letters = dict[str, tuple[dict[str, Any] | bytes, list[list[Any]]]]


def write_build(out: Path, letters: Letters, gazetteer: str = "g1") -> Path:
    """A build folder with the given facts and entity rows per letter (bytes: an unchanged letter)."""
    out.mkdir(parents=True)
    manifest = mf.Manifest("tool-1", gazetteer)
    facts, entities = bytearray(), bytearray()
    for key, (data, rows) in sorted(letters.items()):
        line = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode() + b"\n"
        things = json.dumps({"letter": key, "entities": rows}, ensure_ascii=False).encode() + b"\n"
        sha = "unchanged" if isinstance(data, bytes) else hashlib.sha256(line).hexdigest()
        entry = mf.Entry(f"{key}.txt", sha, 1, facts=(len(facts), len(line)), entities=(len(entities), len(things)))
        facts += line
        entities += things
        manifest.letters[key] = entry
    (out / "facts.jsonl").write_bytes(bytes(facts))
    (out / "entities.jsonl").write_bytes(bytes(entities))
    (out / "dataset.nq").write_bytes(b"")
    manifest.sizes = {"nq": 0, "facts": len(facts), "entities": len(entities)}
    mf.save(out, manifest)
    return out


def _facts(key: str, *items: tuple[str, str, str]) -> dict[str, Any]:
    return {"id": key, "responding_agency": "某市知识产权局",
            "organizations": [{"name": name, "type": "GovernmentAgency", "iri": iri,
                               "evidence": [{"start": 1, "end": 3}]} for name, iri, _ in items]}


def _rows(*items: tuple[str, str, str]) -> list[list[Any]]:
    return [[iri, "org", "GovernmentAgency", canonical, [name, canonical]] for name, iri, canonical in items]


def test_diff_entity_merge_two_names_one_iri(tmp_path: Path) -> None:
    """A gazetteer alias makes 市经信委 (one letter) and 深圳市经济贸易和信息化委员会 (another) one body."""
    short, full = "市经信委", "深圳市经济贸易和信息化委员会"
    old = write_build(tmp_path / "old", {
        "p": (_facts("p", (short, X, short)), _rows((short, X, short))),
        "q": (_facts("q", (full, Y, full)), _rows((full, Y, full))),
    })
    new = write_build(tmp_path / "new", {
        "p": (_facts("p", (short, Z, full)), _rows((short, Z, full))),
        "q": (_facts("q", (full, Z, full)), _rows((full, Z, full))),
    }, gazetteer="g2")
    report = compare(open_build(old), open_build(new))
    groups = report.groups()
    assert len(groups["merged"]) == 1 and groups["split"] == [] and groups["moved"] == []
    merged = groups["merged"][0]
    assert merged["into"] == {"iri": Z, "label": full}
    assert [t["iri"] for t in merged["from"]] == [X, Y]
    assert merged["letters"] == ["p", "q"] and short in merged["names"]
    # per letter: the same fact, another IRI (not an added and a removed fact)
    assert [(c.key, len(c.added), len(c.removed), [(f.label, old_iri, f.iri) for f, old_iri in c.moved])
            for c in report.changed] == [("p", 0, 0, [(short, X, Z)]), ("q", 0, 0, [(full, Y, Z)])]
    assert report.differs


def test_diff_entity_split_one_iri_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One IRI for 深圳法院 and 深圳市中级人民法院 becomes two."""
    a, b = "深圳法院", "深圳市中级人民法院"
    old = write_build(tmp_path / "old", {"p": (_facts("p", (a, X, a), (b, X, a)), _rows((a, X, a), (b, X, a)))})
    new = write_build(tmp_path / "new", {"p": (_facts("p", (a, X, a), (b, Y, b)), _rows((a, X, a), (b, Y, b)))},
                      gazetteer="g2")
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    [split] = data["entities"]["split"]
    assert split["from"]["iri"] == X and [t["iri"] for t in split["into"]] == [X, Y]
    assert data["summary"]["split"] == 1 and data["summary"]["moved"] == 0 and split["names"] == [b]
    [changed] = data["letters"]["changed"]
    assert changed["iri_changed"] == [{"role": "organizations", "label": b, "class": "GovernmentAgency",
                                       "iri": Y, "old_iri": X, "new_iri": Y}]
    assert main(["diff", str(old), str(new)]) == 1
    assert f"~ organizations: {b} (GovernmentAgency): IRI org/{'a' * 16} → org/{'b' * 16}" in capsys.readouterr().out


def test_unchanged_letters_are_not_opened(tmp_path: Path) -> None:
    """Same source digest, tool and gazetteer: the letter's facts line is not read (here: not JSON)."""
    old = write_build(tmp_path / "old", {"p": (b"not json\n", []), "q": (_facts("q"), [])})
    new = write_build(tmp_path / "new", {"p": (b"not json either\n", []), "q": (_facts("q", ("甲局", X, "甲局")), [])})
    report = compare(open_build(old), open_build(new))
    assert report.unchanged == 1 and [c.key for c in report.changed] == ["q"]


def test_facts_of_renders_unknown_keys_generically() -> None:
    addressee = {"name": "张三", "type": "Person", "iri": "x", "rule": "r1", "confidence": 0.5}
    facts = facts_of({"id": "k", "addressee": addressee,
                      "new_list": ["甲", {"foo": 1}], "flag": True, "nothing": None})
    assert sorted(f.text() for f in facts) == sorted(
        ["addressee: 张三 (Person)", "new_list: 甲", "new_list: {foo: 1}", "flag: true"])
