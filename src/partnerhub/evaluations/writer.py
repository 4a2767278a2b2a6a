"""Scorecards written in bulk (docs/architecture.md#rule-5): COPY on PostgreSQL, bulk_create in large batches elsewhere.

The lines and reasons of a run repeat across partners (the requirement engine builds each distinct line
once and shares it), so each distinct line and reason is numbered once per run and a scorecard stores the
numbers of its own. A shared line is recognized by identity first (cheap), by content second.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from typing import Any

from django.db import connection, models

from partnerhub.evaluations.models import EvaluationRun, Scorecard, ScorecardLine, ScorecardReason
from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.facts import PartnerFacts
from partnerhub.policy.requirements import RequirementLine
from partnerhub.policy.scoring import Recommendation

BATCH = 5_000
"""Rows per bulk_create batch, or per chunk sent to COPY."""

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: object) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value).translate(_ESCAPES)


class ScorecardWriter:
    """Writes the scorecards of one run as they are scored, then the run's distinct lines and reasons.

    Use it as a context manager. On PostgreSQL the scorecards stream into one COPY while the next partners
    are scored, so the server stores them as Python works; elsewhere they are kept and bulk-created at the
    end. The lines and reasons (a few thousand) are written when the context closes.
    """

    def __init__(self, run: EvaluationRun) -> None:
        self.run = run
        self.policy_version = run.policy_version.isoformat()
        self._line_by_id: dict[int, int] = {}
        self._line_by_content: dict[tuple[RequirementLine, Reason], int] = {}
        self.lines: list[tuple[RequirementLine, Reason]] = []
        self._unmet: set[int] = set()
        self._reason_by_id: dict[int, int] = {}
        self._reason_by_content: dict[Reason, int] = {}
        self.reasons: list[Reason] = []
        self._texts: dict[Any, str] = {}
        self._alive: list[Reason] = []
        self.count = 0
        self.outcomes: Counter[str] = Counter()
        self._stack = ExitStack()
        self._copy: Any = None
        self._chunk: list[str] = []
        self._rows: list[tuple[Any, ...]] = []

    def __enter__(self) -> ScorecardWriter:
        if connection.vendor == "postgresql":
            cursor = self._stack.enter_context(connection.cursor())
            self._copy = self._stack.enter_context(cursor.cursor.copy(_copy_statement(Scorecard, _SCORECARD_FIELDS)))
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            if error is None and self._copy is not None and self._chunk:
                self._copy.write("".join(self._chunk))
                self._chunk = []
        finally:
            self._stack.close()
        if error is None:
            if self._copy is None:
                write_rows(Scorecard, _SCORECARD_FIELDS, self._rows)
                self._rows = []
            self._write_lines_and_reasons()

    def _sections(self, sections: tuple[str, ...]) -> str:
        key = ("sections", sections)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = _copy_text(", ".join(sections))
        return text

    def _text(self, value: Any) -> str:
        """The COPY text of a repeated value (a message, a section list, a set of regions), made once."""
        text = self._texts.get(value)
        if text is None:
            shown = json.dumps(list(value)) if isinstance(value, tuple) else value
            text = self._texts[value] = _copy_text(shown)
        return text

    def add(self, facts: PartnerFacts, decision: Decision[Recommendation]) -> None:
        lines: Sequence[RequirementLine] = decision.facts["lines"]
        reasons = decision.reasons
        count = len(lines)
        ids = list(map(id, reasons))
        numbers = list(map(self._line_by_id.get, ids[:count]))
        if None in numbers:
            for index, number in enumerate(numbers):
                if number is None:
                    numbers[index] = self._new_line(lines[index], reasons[index])
        reason_numbers = list(map(self._reason_by_id.get, ids[count:]))
        if None in reason_numbers:
            for index, number in enumerate(reason_numbers):
                if number is None:
                    reason_numbers[index] = self._new_reason(reasons[count + index])
        met = self._unmet.isdisjoint(numbers)
        recommendation = decision.outcome
        self.outcomes[recommendation.outcome] += 1
        self.count += 1
        line_list = "[" + ",".join(map(str, numbers)) + "]"
        reason_list = "[" + ",".join(map(str, reason_numbers)) + "]"
        if self._copy is not None:
            text = self._text
            self._chunk.append(
                f"{self.run.pk}\t{facts.partner_id}\t{text(facts.classification)}\t{text(facts.status)}\t"
                f"{text(facts.regions)}\t{recommendation.outcome}\t{text(recommendation.target or '')}\t"
                f"{text(recommendation.message)}\t{self._sections(recommendation.sections)}\t{'t' if met else 'f'}\t"
                f"{line_list}\t{reason_list}\t{self.policy_version}\n"
            )
            if len(self._chunk) >= BATCH:
                self._copy.write("".join(self._chunk))
                self._chunk = []
            return
        self._rows.append(
            (
                self.run.pk,
                facts.partner_id,
                facts.classification,
                facts.status,
                json.dumps(list(facts.regions)),
                recommendation.outcome,
                recommendation.target or "",
                recommendation.message,
                ", ".join(recommendation.sections),
                met,
                line_list,
                reason_list,
                self.policy_version,
            )
        )

    def _new_line(self, line: RequirementLine, reason: Reason) -> int:
        key = (line, reason)
        number = self._line_by_content.get(key)
        if number is None:
            self.lines.append(key)
            number = self._line_by_content[key] = len(self.lines)
            if not line.met:
                self._unmet.add(number)
        else:
            self._alive.append(reason)
        # The reason stays alive (in self.lines or self._alive), so its id is never reused by another object.
        self._line_by_id[id(reason)] = number
        return number

    def _new_reason(self, reason: Reason) -> int:
        number = self._reason_by_content.get(reason)
        if number is None:
            self.reasons.append(reason)
            number = self._reason_by_content[reason] = len(self.reasons)
        else:
            self._alive.append(reason)
        self._reason_by_id[id(reason)] = number
        return number

    def _write_lines_and_reasons(self) -> None:
        run_id = self.run.pk
        line_rows = (
            (
                run_id,
                number,
                line.requirement,
                line.label,
                line.section,
                line.group,
                line.region or "",
                line.product or "",
                "" if line.value is None else str(line.value),
                str(line.threshold),
                line.comparison,
                line.unit,
                line.met,
                line.applicable,
                line.missing or "",
                line.exception or "",
                reason.message,
            )
            for number, (line, reason) in enumerate(self.lines, start=1)
        )
        reason_rows = (
            (run_id, number, reason.code, reason.section, reason.message, reason.met)
            for number, reason in enumerate(self.reasons, start=1)
        )
        write_rows(ScorecardLine, _LINE_FIELDS, line_rows)
        write_rows(ScorecardReason, _REASON_FIELDS, reason_rows)


_LINE_FIELDS = (
    "run",
    "number",
    "requirement",
    "label",
    "section",
    "group",
    "region",
    "product",
    "value",
    "threshold",
    "comparison",
    "unit",
    "met",
    "applicable",
    "missing",
    "exception",
    "message",
)
_REASON_FIELDS = ("run", "number", "code", "section", "message", "met")
_SCORECARD_FIELDS = (
    "run",
    "partner",
    "classification",
    "status",
    "regions",
    "outcome",
    "target",
    "message",
    "sections",
    "met",
    "line_numbers",
    "reason_numbers",
    "policy_version",
)
_JSON_FIELDS = frozenset({"regions", "line_numbers", "reason_numbers"})


def _concrete(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def write_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert `rows` (values in the order of `fields`; JSON fields as JSON text) into `model`'s table."""
    if connection.vendor == "postgresql":
        return _copy_rows(model, fields, rows)
    return _bulk_create(model, fields, rows)


def _copy_statement(model: type[models.Model], fields: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(_concrete(model, name).column)) for name in fields)
    return f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"


def _copy_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(_copy_statement(model, fields)) as copy:
        chunk: list[str] = []
        for row in rows:
            chunk.append("\t".join([_copy_text(value) for value in row]))
            if len(chunk) >= BATCH:
                copy.write("\n".join(chunk) + "\n")
                written += len(chunk)
                chunk = []
        if chunk:
            copy.write("\n".join(chunk) + "\n")
            written += len(chunk)
    return written


def _bulk_create(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    attnames = [_concrete(model, name).attname for name in fields]
    decode = [name in _JSON_FIELDS for name in fields]
    written = 0
    batch: list[models.Model] = []
    for row in rows:
        values = {
            attname: json.loads(value) if is_json else value
            for attname, value, is_json in zip(attnames, row, decode, strict=True)
        }
        batch.append(model(**values))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)  # type: ignore[attr-defined]
            written += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)  # type: ignore[attr-defined]
        written += len(batch)
    return written
