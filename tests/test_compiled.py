"""The compiled per-letter path (mypyc, ``hatch_build.py``) behaves as its Python sources do.

mypyc enforces annotations at run time and compiles some operations differently, so the
installed, compiled package and the checkout's sources build the same letters side by
side (in two processes) and must give the same bytes and the same errors: on the
project's letters and on damaged copies of them (lines dropped, repeated, swapped, cut,
shuffled, punctuation and numbers thrown in), which take the rules down unusual paths.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import graph_builder

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    not graph_builder.is_compiled(), reason="the installed package is pure Python (editable, or no C compiler)"
)

_BUILD_ALL = """
import hashlib, sys
from pathlib import Path
import graph_builder
from graph_builder.errors import InputError
from graph_builder.pipeline import build_letter, entities_line, facts_line
print(graph_builder.is_compiled())
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    try:
        built = build_letter(path)
    except InputError as exc:
        print(path.name, "InputError", exc.problem)
        continue
    print(path.name, hashlib.sha256(facts_line(built) + entities_line(built) + built.nquads_bytes).hexdigest())
"""

_INSERTS = ["：", "，", "。", "（", "）", "第", "一、", "2019年", "13", "号", "委员", "%", "亿元", "“", "《", "》"]
_INSERTS += ["\\", '"', "\t", "深圳市", "有限公司", "法院"]


def _damaged(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 12)):
        at = rng.randrange(len(lines))
        line = lines[at]
        match rng.randrange(6):
            case 0 if len(lines) > 2:
                del lines[at]
            case 1:
                lines.insert(at, lines[rng.randrange(len(lines))])
            case 2:
                other = rng.randrange(len(lines))
                lines[at], lines[other] = lines[other], line
            case 3 if line:
                cut = rng.randrange(len(line))
                lines[at] = line[:cut] + line[cut + rng.randint(1, 8):]
            case 4:
                cut = rng.randrange(len(line) + 1)
                lines[at] = line[:cut] + rng.choice(_INSERTS) + line[cut:]
            case _:
                lines[at] = "".join(rng.sample(line, len(line)))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's UTF-8 letters and 300 damaged copies of them (a fixed seed)."""
    folder = tmp_path_factory.mktemp("letters")
    texts = []
    for source in ("graph_builder/data/letters", "tests/data/letters", "tests/data/heldout/letters"):
        for path in sorted((ROOT / source).glob("*.txt")):
            try:
                texts.append(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                continue  # the GBK and broken files of the decoding tests
    rng = random.Random(20261126)
    for number, text in enumerate(texts):
        (folder / f"a{number:03d}.txt").write_text(text, encoding="utf-8")
    for number in range(300):
        (folder / f"d{number:03d}.txt").write_text(_damaged(rng.choice(texts), rng), encoding="utf-8")
    return folder


def _build(letters: Path, sources: bool) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)} if sources else dict(os.environ)
    done = subprocess.run(
        [sys.executable, "-P", "-c", _BUILD_ALL, str(letters)], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.splitlines()


@pytest.mark.slow
def test_compiled_and_source_give_the_same_bytes_and_errors(letters: Path) -> None:
    compiled, source = _build(letters, sources=False), _build(letters, sources=True)
    assert (compiled[0], source[0]) == ("True", "False")  # the two really differ
    assert len(compiled) == len(list(letters.glob("*.txt"))) + 1
    built = sum(" InputError " not in line for line in compiled[1:])
    assert built > 200  # most damaged letters still build; the rest are refused as the sources refuse them
    assert compiled[1:] == source[1:]
