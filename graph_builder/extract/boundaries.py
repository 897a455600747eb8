"""Where a name may begin: not on a function word or a verb that stands before names.

A rule that extends a name leftwards from its ending (…委, …中心, …公司) can run past the
name's first character into the clause before it: 了省发展改革委, 提升人民法院, 下简称某某分中心.
``data/names/function_words.tsv`` lists the words that cannot begin a name (general
knowledge, shared with the validation lint), each with the names that do begin with its
characters (对外…, 和平区 …); the verbs among them are rows of ``data/names/verbs.tsv`` with the
role ``function_word`` (``verbs.py``).
"""

from __future__ import annotations

from functools import cache

from graph_builder.extract.verbs import FUNCTION_WORD_VERBS
from graph_builder.resources import data_path


@cache
def _function_words() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """First character → its (word, exceptions) pairs, longest word first."""
    rows: list[tuple[str, tuple[str, ...]]] = []
    text = (data_path("names") / "function_words.tsv").read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        fields = line.split("\t")
        if fields and fields[0]:
            exceptions = tuple(e for e in (fields[1] if len(fields) > 1 else "").split("|") if e)
            rows.append((fields[0], exceptions))
    rows.extend(FUNCTION_WORD_VERBS)
    rows.sort(key=_word_length, reverse=True)
    by_first: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
    for row in rows:
        by_first[row[0][0]] = (*by_first.get(row[0][0], ()), row)
    return by_first


def _word_length(row: tuple[str, tuple[str, ...]]) -> int:
    return len(row[0])


def leading_function_word(name: str) -> int:
    """How many characters of ``name`` are a function word it cannot begin with (0: none).

    >>> [leading_function_word(n) for n in ("了省发展改革委", "对外经济贸易大学", "诉被告甲公司")]
    [1, 0, 3]
    """
    cut = 0
    while cut < len(name):  # 诉被告X公司: one function word after another
        step = _one_function_word(name[cut:])
        if not step:
            break
        cut += step
    return cut


def _one_function_word(name: str) -> int:
    for word, exceptions in _function_words().get(name[0], ()):
        if name.startswith(word) and not name.startswith(exceptions):
            return len(word)
    return 0
