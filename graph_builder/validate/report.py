"""The report of a validation: its results with the labels and sentences beside them, and its verdict.

Its own module so that both ways of validating (``run``: files read whole, ``folder``: a build
folder letter by letter) and the renderers (``report_text``, ``report_html``, ``report_rdf``)
import it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib.namespace import SH

from graph_builder.validate.letters import Outcome
from graph_builder.validate.results import SEVERITY_ORDER, Result, conforms


@dataclass
class Report:
    """Everything a report shows: the results, and the labels and sentences beside them."""

    scope: str
    letters: list[str]
    triples: int
    results: list[Result]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    sentences: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)  # focus → class CURIE (grouping.py)
    folder: str = ""  # the build folder validated, when one was (the HTML report links its review pages)

    @property
    def conforms(self) -> bool:
        """True when no result is a violation."""
        return conforms(self.results)

    def counts(self) -> dict[str, int]:
        """How many results of each severity, by short name: ``Violation``, ``Warning``, ``Info``."""
        out = {"Violation": 0, "Warning": 0, "Info": 0}
        for result in self.results:
            name = result.severity.removeprefix(str(SH))
            out[name] = out.get(name, 0) + 1
        return out


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def tally(report: Report) -> str:
    """``3 violations, 278 warnings`` (infos only when there are some).

    >>> tally(Report("both", [], 0, []))
    '0 violations, 0 warnings'
    """
    counts = report.counts()
    parts = [_plural(counts["Violation"], "violation"), _plural(counts["Warning"], "warning")]
    if counts["Info"]:
        parts.append(_plural(counts["Info"], "info"))
    return ", ".join(parts)


def verdict(report: Report) -> str:
    """The one line ``ipgov build`` ends with and ``ipgov validate -o`` prints.

    >>> verdict(Report("both", [], 0, []))
    'conforms: yes (0 violations, 0 warnings)'
    """
    return f"conforms: {'yes' if report.conforms else 'no'} ({tally(report)})"


def finish_report(scope: str, letters: list[str], triples: int, outcomes: list[Outcome]) -> Report:
    """One report from the outcomes of letters and of the union, results in report order."""
    report = Report(scope, letters, triples, [])
    for outcome in outcomes:
        report.results += outcome.results
        report.labels.update(outcome.labels)
        report.sentences.update(outcome.sentences)
        report.classes.update(outcome.classes)
    report.results.sort(key=_order)
    return report


def _order(result: Result) -> tuple[int, str, str, str, str, str]:
    severity = SEVERITY_ORDER.get(result.severity, 9)
    return (severity, result.letter, result.shape, result.focus, result.path, result.value)
