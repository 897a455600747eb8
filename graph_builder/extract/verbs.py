"""The verbs the rules know (``data/names/verbs.tsv``), read once at import, and the patterns built from them.

A name read leftwards from its ending (…公司, …中心) can run past its start into the clause
before it; a verb there says where the name begins. Each verb has one row and one or more roles:

- ``leading``: never begins a name; a run of them before a name is cut off (``LEADING_VERB``);
- ``governing``: governs a body after it (``GOVERNING_VERB``);
- ``clause``: makes a run a clause, not a name (``CLAUSE_VERB``);
- ``party``: what is done to a party in a dispute (``PARTY_ACTION``);
- ``function_word``: trimmed from a name's start like the words of ``function_words.tsv``
  (``boundaries.py``), and reported by the lint (``validate/name_knowledge.py`` reads this file too).

``except`` lists words that begin with the verb and are not it (申请人 is not 申请); ``except_in``
names the roles that honour them, every role of the row when empty (处理中心 stops the function-word
trim but not ``PARTY_ACTION``: so the two lists had it before they were one).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from graph_builder.resources import data_path

ROLES = ("leading", "governing", "clause", "party", "function_word")


class Verb(NamedTuple):
    word: str
    roles: frozenset[str]
    exceptions: tuple[str, ...]  # words that begin with ``word`` and are not it
    except_in: frozenset[str]  # the roles that honour ``exceptions``


def read_verbs(text: str) -> tuple[Verb, ...]:
    """The rows of ``verbs.tsv`` (its text), in file order; a role or an exception that cannot be is an error."""
    verbs: list[Verb] = []
    for line in text.splitlines()[1:]:
        word, roles, excepted, except_in, _note = line.split("\t")
        verb = Verb(word, _split(roles), tuple(filter(None, excepted.split("|"))), _split(except_in) or _split(roles))
        if not verb.roles or not verb.roles <= set(ROLES) or not verb.except_in <= verb.roles:
            raise ValueError(f"verbs.tsv: {word}: unknown roles {roles!r} / {except_in!r}")
        if any(len(e) <= len(word) or not e.startswith(word) for e in verb.exceptions):
            raise ValueError(f"verbs.tsv: {word}: an exception must be a longer word beginning with it")
        verbs.append(verb)
    return tuple(verbs)


def _split(cell: str) -> frozenset[str]:
    return frozenset(filter(None, cell.split("|")))


VERBS = read_verbs((data_path("names") / "verbs.tsv").read_text(encoding="utf-8"))


def exceptions(verb: Verb, role: str) -> tuple[str, ...]:
    """The words ``verb`` is not, in ``role``."""
    return verb.exceptions if role in verb.except_in else ()


def alternation(role: str) -> str:
    """A group matching one verb of ``role``, not where an exception begins; longest first, so that
    a verb with its particle (开展了) wins over the bare verb (开展)."""
    alternatives = []
    for verb in sorted((v for v in VERBS if role in v.roles), key=lambda v: len(v.word), reverse=True):
        tails = [re.escape(e[len(verb.word) :]) for e in exceptions(verb, role)]
        alternatives.append(re.escape(verb.word) + (f"(?!{'|'.join(tails)})" if tails else ""))
    return f"(?:{'|'.join(alternatives)})"


# Inside a name they may stand (应对指导中心, 转化引导基金); before one they never begin it.
LEADING_VERB = re.compile(f"{alternation('leading')}+")
# The three below want a character before the verb, (?<=.): not at the text's start or after a line
# break. A search from a position still sees the character before it.
# Inside a run, the name begins after a governing verb when what follows is a name of four
# characters at least (actors.py checks the length: 应对指导中心 keeps its 指导).
GOVERNING_VERB = re.compile(f"(?<=.){alternation('governing')}")
# Inside a run read leftwards from a name's ending, after its first word (电商平台开设老字号专区,
# 会办单位赴郑州大学): the run ran past the name's start, which is after the verb.
CLAUSE_VERB = re.compile(f"(?<=.){alternation('clause')}")
# What is done to a party (请求处理X公司…, 受理X公司的起诉, 申请法院…): a body is named after it.
PARTY_ACTION = re.compile(f"(?<=.){alternation('party')}")
# (word, the words that begin with it and are not it) of the verbs that are also function words.
FUNCTION_WORD_VERBS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (v.word, exceptions(v, "function_word")) for v in VERBS if "function_word" in v.roles
)
