"""Policies and laws: 《…》 titles typed by their ending, article references, known
unbracketed instruments (TRIPS协议)."""

from __future__ import annotations

import re

from graph_builder.extract import patterns as P
from graph_builder.extract.gazetteer import Gazetteer, Hit
from graph_builder.extract.registry import add_entity
from graph_builder.iri import identity_text
from graph_builder.model import Letter, LetterFacts, Relation, Span

POLICY_TYPE_BY_ENDING = (
    (re.compile(r"(?:协议|协定|公约|条约|备忘录|议定书)$"), "agreement"),
    (re.compile(r"法$"), "law"),
    (re.compile(r"(?:条例|规定)$"), "regulation"),
    (re.compile(r"(?:办法|细则|规则|措施|若干措施|政策措施)$"), "rules"),
    (re.compile(r"(?:规划|方案|计划|纲要|工程|战略)$"), "plan"),
    (re.compile(r"(?:标准|规范|指引|指南|目录)$"), "standard"),
    (re.compile(r"(?:意见|通知|决定|决议|通告|公告)$"), "opinion"),
)
MEDIA_ENDING = re.compile(r"(?:报|日报|晚报|周刊|杂志|时报|网)$")
EDITION = re.compile(r"\((?:修订|修正|试行|暂行|草案|修订草案|征求意见稿)\)$")
ARTICLE = re.compile(r"第\s*(\d+|[一二三四五六七八九十百]+)\s*条")


def policy_type(title: str) -> str:
    """The policy type a title's ending suggests.

    >>> [policy_type(t) for t in ("民事诉讼法", "知识产权保护条例", "若干措施", "实施方案(2023-2027年)")]
    ['law', 'regulation', 'rules', 'plan']
    """
    bare = re.sub(r"\([^()]*\)$", "", title)
    for pattern, kind in POLICY_TYPE_BY_ENDING:
        if pattern.search(bare):
            return kind
    return "other"


def find_policies(letter: Letter, facts: LetterFacts, gazetteer: Gazetteer, hits: list[Hit]) -> None:
    """Every 《…》 title that is not the proposal itself, its short name or a newspaper."""
    norm = letter.norm
    own = {
        identity_text(v)
        for v in (facts.title_of_proposal and facts.title_of_proposal.value, facts.proposal_short_name)
        if v
    }
    opening_end = letter.text.find("\n", letter.header.body.start)
    for found in P.BOOK_TITLE.finditer(norm):
        inner = found.group(1).strip()
        if identity_text(letter.text[found.start(1) : found.end(1)]) in own or inner in {"提案", "建议", "议案"}:
            continue
        if MEDIA_ENDING.search(inner) or (found.start() < opening_end and re.search(r"(?:提案|建议)$", inner)):
            continue
        if found.start() < opening_end and norm[max(0, found.start() - 4) : found.start()].endswith("提出的"):
            continue
        known = gazetteer.lookup(inner)
        if known and known.kind != "policy":
            continue
        start, end = found.start(1), found.end(1)
        edition = EDITION.search(inner)
        canonical = known.canonical if known else re.sub(r"\s*\n\s*", "", inner)  # a title broken over two lines
        kind = known.cls if known else policy_type(inner)
        ref = add_entity(
            facts,
            "policy",
            "Policy",
            canonical,
            letter.text[start:end],
            Span(start, end),
            known.name_en if known else None,
            policyType=kind,
            edition=edition.group(0) if edition else None,
            bracketed=True,
        )
        facts.relations.append(Relation(("letter", facts.id), "cites", ref, Span(start, end)))
        article = ARTICLE.match(norm, found.end())
        if article:
            span = Span(article.start(), article.end())
            facts.provisions.append((ref, letter.text[article.start() : article.end()], span))
    for hit in hits:
        if hit.entry.kind == "policy":
            span = Span(hit.start, hit.end)
            ref = add_entity(
                facts,
                "policy",
                "Policy",
                hit.entry.canonical,
                letter.text[hit.start : hit.end],
                span,
                hit.entry.name_en,
                policyType=hit.entry.cls,
                bracketed=False,
            )
            facts.relations.append(Relation(("letter", facts.id), "cites", ref, span))
