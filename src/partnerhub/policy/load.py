"""Read and validate a policy file (docs/policy.md#r1-2): every problem names the file, the path inside it and why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import TypeAdapter, ValidationError

from partnerhub.policy.model import CERTIFICATION_KINDS, ROLES, Policy

SHIPPED_POLICY = Path(__file__).parent / "data" / "2019.yaml"

# libyaml's loader is many times faster than the pure-Python one; both parse the same documents.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PolicyError(ValueError):
    """A policy document that cannot be used; `problems` holds one (path, reason) pair per fault."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        lines = [f"{source}: {path or '(document)'}: {reason}" for path, reason in problems]
        super().__init__("invalid policy file\n" + "\n".join(lines))


def load_policy_file(path: Path | str) -> Policy:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(str(path), [("", f"cannot be read: {error.strerror or error}")]) from error
    return load_policy_text(text, source=str(path))


def load_policy_text(text: str, *, source: str) -> Policy:
    try:
        document = yaml.load(text, Loader=_YamlLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise PolicyError(source, [(where, f"not valid YAML: {getattr(error, 'problem', error)}")]) from error
    return load_policy_document(document, source=source)


def load_policy_document(document: Any, *, source: str) -> Policy:
    if not isinstance(document, Mapping):
        raise PolicyError(source, [("", "the document must be a mapping of policy parts")])
    try:
        policy = Policy.model_validate(document)
    except ValidationError as error:
        problems = [(_dotted(item["loc"]), item["msg"]) for item in error.errors()]
        # Every stage reports: the cross-references among the parts that are well-formed are checked too,
        # so that one run lists every fault of the file.
        partial, valid = _valid_parts(document)
        problems += list(check_consistency(partial, valid=valid))
        raise PolicyError(source, problems) from error
    problems = list(check_consistency(policy))
    if problems:
        raise PolicyError(source, problems)
    return policy


def _valid_parts(document: Mapping[str, Any]) -> tuple[Policy, frozenset[str]]:
    """A policy built from the top-level parts of `document` that validate on their own, and their names."""
    values: dict[str, Any] = {}
    for name, field in Policy.model_fields.items():
        if name not in document:
            continue
        annotation: Any = Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
        try:
            values[name] = TypeAdapter(annotation).validate_python(document[name])
        except ValidationError:
            continue
    return Policy.model_construct(**values), frozenset(values)


def _dotted(location: tuple[int | str, ...]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


ALL_PARTS = frozenset(Policy.model_fields)


def check_consistency(policy: Policy, *, valid: frozenset[str] = ALL_PARTS) -> Iterator[tuple[str, str]]:
    """Cross-references the schema alone cannot see, among the parts named in `valid` (all by default)."""
    for part in ("products", "regions", "classifications", "requirements", "benefits"):
        if part in valid:
            yield from _unique_keys(part, [item.key for item in getattr(policy, part)])
    if "classifications" not in valid:
        return
    known = {c.key for c in policy.classifications}
    yield from _classification_links(policy, known)
    if "requirements" in valid:
        yield from _requirement_rows(policy, known)
    if "benefits" in valid:
        yield from _benefit_rows(policy, known)
    if "fees" in valid:
        yield from _fee_classes(policy, known)
    if {"calendar", "program_year"} <= valid:
        yield from _calendar_problems(policy)
    if {"compensation", "benefits"} <= valid:
        yield from _compensation_problems(policy)
    if {"joint_marketing", "benefits"} <= valid and policy.joint_marketing.benefit not in {
        b.key for b in policy.benefits
    }:
        yield "joint_marketing.benefit", f"unknown benefit {policy.joint_marketing.benefit!r}"
    featured = policy.directory.featured_benefit
    if {"directory", "benefits"} <= valid and featured is not None and featured not in {b.key for b in policy.benefits}:
        yield "directory.featured_benefit", f"unknown benefit {featured!r}"


def _classification_links(policy: Policy, known: set[str]) -> Iterator[tuple[str, str]]:
    for index, klass in enumerate(policy.classifications):
        for field in ("upgrade_to", "downgrade_to"):
            target = getattr(klass, field)
            if target is not None and target not in known:
                yield f"classifications[{index}].{field}", f"unknown classification {target!r}"
        upgrade = klass.upgrade_to
        if upgrade in known and policy.classification(upgrade).level <= klass.level:
            yield f"classifications[{index}].upgrade_to", f"{upgrade!r} is not above {klass.key!r}"


def _requirement_rows(policy: Policy, known: set[str]) -> Iterator[tuple[str, str]]:
    for index, row in enumerate(policy.requirements):
        where = f"requirements[{index}]"
        for key, threshold in row.thresholds.items():
            if key not in known:
                yield f"{where}.thresholds.{key}", f"unknown classification {key!r}"
            if row.is_ratio and threshold > 1:
                yield f"{where}.thresholds.{key}", f"a ratio cannot exceed 1 ({threshold})"
        for key in row.only_if_reseller:
            if key not in row.thresholds:
                yield f"{where}.only_if_reseller", f"{key!r} has no threshold in this row"
        if row.measure == "people_with_role" and row.role not in ROLES:
            yield f"{where}.role", f"must be one of {', '.join(ROLES)} for measure people_with_role"
        if row.measure == "certified_people" and row.certification not in CERTIFICATION_KINDS:
            yield f"{where}.certification", f"must be one of {', '.join(CERTIFICATION_KINDS)}"
        if row.measure in ("record_on_file", "months_with_record", "records_in_quarter") and not row.record:
            yield f"{where}.record", f"measure {row.measure} needs the name of the record"
        if row.scope == "region_product" and row.measure != "certified_people":
            yield f"{where}.scope", "only certification rows can count per product line"


def _benefit_rows(policy: Policy, known: set[str]) -> Iterator[tuple[str, str]]:
    for index, benefit in enumerate(policy.benefits):
        for key in benefit.classifications:
            if key not in known:
                yield f"benefits[{index}].classifications", f"unknown classification {key!r}"
        for key in benefit.notes:
            if key not in benefit.classifications:
                yield f"benefits[{index}].notes.{key}", "a note for a classification without it"


def _fee_classes(policy: Policy, known: set[str]) -> Iterator[tuple[str, str]]:
    missing_fees = known - set(policy.fees.annual)
    if missing_fees:
        yield "fees.annual", f"no fee for {', '.join(sorted(missing_fees))}"
    for key in set(policy.fees.annual) - known:
        yield f"fees.annual.{key}", f"unknown classification {key!r}"


def _compensation_problems(policy: Policy) -> Iterator[tuple[str, str]]:
    registration_benefit = policy.compensation.deal_registration.benefit
    if registration_benefit not in {benefit.key for benefit in policy.benefits}:
        yield "compensation.deal_registration.benefit", f"unknown benefit {registration_benefit!r}"

    for index, status in enumerate(policy.compensation.deal_registration.registering_statuses):
        if status not in ("approved", "registered"):
            yield (
                f"compensation.deal_registration.registering_statuses[{index}]",
                f"{status!r}: only approved or registered partners can register deals",
            )


def _unique_keys(part: str, keys: list[str]) -> Iterator[tuple[str, str]]:
    for key, count in Counter(keys).items():
        if count > 1:
            yield part, f"key {key!r} appears {count} times"


def _calendar_problems(policy: Policy) -> Iterator[tuple[str, str]]:
    periods = policy.calendar.evaluations
    quarters = [period.quarter for period in periods]
    if sorted(quarters) != [1, 2, 3, 4]:
        yield "calendar.evaluations", f"needs exactly one evaluation per quarter 1-4, has {quarters}"
        return
    if [period.quarter for period in periods] != [1, 2, 3, 4]:
        yield "calendar.evaluations", "evaluations must be listed in quarter order"
        return
    year = policy.program_year
    previous_end = None
    for index, period in enumerate(periods):
        end = period.quarter_ends.in_year(year)
        if previous_end is not None and end <= previous_end:
            yield f"calendar.evaluations[{index}].quarter_ends", f"overlaps the quarter before (ends {end})"
        previous_end = end
        notify = period.notify_by.in_year(year + period.notify_year_offset)
        if notify <= end:
            yield (
                f"calendar.evaluations[{index}].notify_by",
                "the notification date must follow the quarter end",
            )
    last_end = periods[-1].quarter_ends
    starts = policy.calendar.program_year_starts
    if (last_end.month, last_end.day) != (12, 31) or (starts.month, starts.day) != (1, 1):
        yield "calendar", "the Program Year runs 1 January to 31 December (§8.0)"
    annual = [period.quarter for period in periods if period.annual]
    if annual != [4]:
        yield "calendar.evaluations", f"the annual evaluation must be Q4 alone, found {annual}"
