"""A partner's state by date (docs/history.md): the periods, the one write and the two reads.

    period_change(partner=p, prior=before, effective_on=D, event=e, recorded_on=today)   # the write
    partner_state_on(p, D)                   # one partner on one date
    partner_states_on(D, partners)           # many partners on one date, one query

A lifecycle service locks the partner, takes `prior = PartnerState.of(partner)`, changes the row as it
always did, and records its timeline event with `state_change=StateChange(prior)`: `record_event` calls
`period_change` before the other apps' reactions run. The fields that differ from `prior` change from
`effective_on` on, until the next period that changed the same field (a change dated before a later one does
not undo it). The row's state columns are then a cache of the period in force on `partner.state_on`, the
latest day the program reached for this partner (a change's recording day, or a tick's date): a change dated
after its recording day is a future period, which leaves the cache alone until the tick of its first day
(`periods_started`).

A partner without periods (rows written outside the lifecycle services, e.g. bulk loads) has had its
row's state since always; its first change gives it one period "since always" holding that prior state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet

from partnerhub.partners.models import Partner, PartnerEvent, PartnerPeriod
from partnerhub.policy.facts import NOT_YET_APPLIED

SINCE_ALWAYS = dt.date(1, 1, 1)
"""The first day of a period whose start is unknown: the partner had that state since always."""

STATE_FIELDS = (
    "status",
    "status_since",
    "classification",
    "regions",
    "territories",
    "products",
    "solution_name",
    "rank",
    "referral_fee_program",
    "referral_fee_percent",
    "resale_discount_percent",
    "reseller_agreement_signed",
    "approved_on",
    "qualification_deadline",
    "registered_on",
    "policy_version",
)
"""What a period holds, with the meaning of the same columns of `Partner`."""


@dataclass(frozen=True)
class PartnerState:
    """The state of one partner in force on a date: what `Partner` says of it, as it was then."""

    partner_id: int
    valid_from: dt.date
    valid_to: dt.date | None
    status: str
    status_since: dt.date | None
    classification: str
    regions: tuple[str, ...]
    territories: tuple[str, ...]
    products: tuple[str, ...]
    solution_name: str
    rank: str
    referral_fee_program: bool
    referral_fee_percent: Decimal | None
    resale_discount_percent: Decimal | None
    reseller_agreement_signed: bool
    approved_on: dt.date | None
    qualification_deadline: dt.date | None
    registered_on: dt.date | None
    policy_version: dt.date | None

    @classmethod
    def of(cls, partner: Partner | PartnerPeriod, *, partner_id: int | None = None) -> PartnerState:
        """The state a row holds (a partner's cached columns, or a period's)."""
        values = {name: getattr(partner, name) for name in STATE_FIELDS}
        return cls._build(
            partner_id if partner_id is not None else partner.pk,
            getattr(partner, "valid_from", SINCE_ALWAYS),
            getattr(partner, "valid_to", None),
            values,
        )

    @classmethod
    def _build(
        cls, partner_id: int, valid_from: dt.date, valid_to: dt.date | None, values: dict[str, Any]
    ) -> PartnerState:
        for name in ("regions", "territories", "products"):
            values[name] = tuple(values[name] or ())
        return cls(partner_id=partner_id, valid_from=valid_from, valid_to=valid_to, **values)

    @property
    def in_program(self) -> bool:
        """Whether the partner had applied by then (its history had begun)."""
        return self.status != NOT_YET_APPLIED

    def not_yet(self) -> PartnerState:
        """The state on a day before this partner applied: not in the program, no window, no terms."""
        return replace(
            self,
            valid_from=SINCE_ALWAYS,
            valid_to=None,
            status=NOT_YET_APPLIED,
            status_since=None,
            regions=(),
            territories=(),
            products=(),
            referral_fee_program=False,
            referral_fee_percent=None,
            resale_discount_percent=None,
            reseller_agreement_signed=False,
            approved_on=None,
            qualification_deadline=None,
            registered_on=None,
        )

    def values(self) -> dict[str, Any]:
        """The state fields as the model columns take them (lists for the JSON columns)."""
        values = {name: getattr(self, name) for name in STATE_FIELDS}
        for name in ("regions", "territories", "products"):
            values[name] = list(values[name])
        return values


# --- the write ------------------------------------------------------------------------------------------


def period_change(
    *,
    partner: Partner,
    prior: PartnerState | None,
    effective_on: dt.date,
    event: PartnerEvent | None,
    recorded_on: dt.date | None = None,
) -> None:
    """Make the state fields of `partner` that differ from `prior` take effect on `effective_on`.

    `partner` is the row (locked by the caller) already carrying the new values; `prior` is its state
    before the change, None for a new partner. `recorded_on` is the day the change is recorded (default:
    the effective day). Must run inside the transaction of the change; writes the periods and brings the
    row's cached state to the period in force on `partner.state_on` (never moved backwards).
    """
    new = PartnerState.of(partner)
    periods = list(PartnerPeriod.objects.select_for_update().filter(partner=partner).order_by("valid_from"))
    if prior is None:
        changed = list(STATE_FIELDS)
        prior = new
    else:
        changed = [name for name in STATE_FIELDS if getattr(prior, name) != getattr(new, name)]
        if not periods and effective_on > SINCE_ALWAYS:
            base = PartnerPeriod.objects.create(partner=partner, valid_from=SINCE_ALWAYS, **prior.values())
            periods = [base]
    opened = _split_at(partner, periods, effective_on, prior, event)
    later = [period for period in periods if period.valid_from > effective_on]
    for name in changed:
        before = getattr(opened, name)
        value = getattr(new, name)
        if isinstance(value, tuple):
            value = list(value)
        setattr(opened, name, value)
        for period in later:
            if getattr(period, name) != before:
                break
            setattr(period, name, value)
    opened.save()
    for period in later:
        period.save()
    day = max(recorded_on or effective_on, partner.state_on or effective_on)
    _cache(partner, day)


def _split_at(
    partner: Partner, periods: list[PartnerPeriod], day: dt.date, prior: PartnerState, event: PartnerEvent | None
) -> PartnerPeriod:
    """The period starting on `day`: the one already starting then, or the part from `day` of the one in
    force then (cut in two), or a new first one."""
    for period in periods:
        if period.valid_from == day:
            return period
    current = next((p for p in periods if p.valid_from < day and (p.valid_to is None or p.valid_to > day)), None)
    if current is not None:
        opened = PartnerPeriod(
            partner=partner,
            valid_from=day,
            valid_to=current.valid_to,
            event=event,
            **{name: getattr(current, name) for name in STATE_FIELDS},
        )
        current.valid_to = day
        current.save(update_fields=("valid_to",))
        return opened
    following = next((p.valid_from for p in periods if p.valid_from > day), None)
    return PartnerPeriod(partner=partner, valid_from=day, valid_to=following, event=event, **prior.values())


def _cache(partner: Partner, day: dt.date) -> None:
    """Copy the period in force on `day` into the row's state columns, and remember `day`."""
    period = PartnerPeriod.objects.filter(partner=partner).filter(_in_force("", day)).first()
    if period is not None:
        for name in STATE_FIELDS:
            setattr(partner, name, getattr(period, name))
    partner.state_on = day
    partner.save(update_fields=(*STATE_FIELDS, "state_on"))


def periods_started(as_of: dt.date) -> list[str]:
    """The tick: partners whose period starting after their cached day has begun by `as_of` get their
    cache brought to the state in force on `as_of` (one query to find them)."""
    due = Partner.objects.filter(
        Exists(
            PartnerPeriod.objects.filter(
                partner=OuterRef("pk"), valid_from__lte=as_of, valid_from__gt=OuterRef("state_on")
            )
        )
    )
    lines = []
    for partner in due.order_by("pk"):
        before = PartnerState.of(partner)
        _cache(partner, as_of)
        after = PartnerState.of(partner)
        what = ", ".join(
            f"{name} {getattr(before, name)} -> {getattr(after, name)}"
            for name in ("status", "classification")
            if getattr(before, name) != getattr(after, name)
        )
        lines.append(f"{partner.name}: a period dated {as_of.isoformat()} or earlier began ({what or 'terms'})")
    return lines


# --- the reads ------------------------------------------------------------------------------------------


def _in_force(prefix: str, day: dt.date) -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


def partner_states_on(day: dt.date, partners: QuerySet[Partner] | None = None) -> dict[int, PartnerState]:
    """The state in force on `day` of each partner of `partners` (default: all), by id, in ONE query.

    A partner whose history starts after `day` answers its `not_yet()` state (status NOT_YET_APPLIED).
    """
    scope = Partner.objects.all() if partners is None else Partner.objects.filter(pk__in=partners.values("pk"))
    rows = scope.annotate(
        in_force=FilteredRelation("periods", condition=_in_force("periods__", day)),
        has_history=Exists(PartnerPeriod.objects.filter(partner=OuterRef("pk"))),
    ).values(
        "pk",
        "has_history",
        "in_force__valid_from",
        "in_force__valid_to",
        *STATE_FIELDS,
        *(f"in_force__{name}" for name in STATE_FIELDS),
    )
    states: dict[int, PartnerState] = {}
    for row in rows:
        if row["in_force__valid_from"] is not None:
            values = {name: row[f"in_force__{name}"] for name in STATE_FIELDS}
            states[row["pk"]] = PartnerState._build(
                row["pk"], row["in_force__valid_from"], row["in_force__valid_to"], values
            )
        else:
            cached = PartnerState._build(row["pk"], SINCE_ALWAYS, None, {name: row[name] for name in STATE_FIELDS})
            states[row["pk"]] = cached if not row["has_history"] else cached.not_yet()
    return states


def in_state_on(day: dt.date, condition: Q) -> Q:
    """A filter on `Partner`: partners whose state in force on `day` meets `condition`, written with the
    state field names (`Q(status__in=…) & ~Q(classification="oem")`). Two correlated EXISTS, so a
    selection of all partners by their state on a date stays one set-based query."""
    in_force = PartnerPeriod.objects.filter(_in_force("", day), partner=OuterRef("pk"))
    without_history = ~Exists(PartnerPeriod.objects.filter(partner=OuterRef("pk")))
    return Q(Exists(in_force.filter(condition))) | (Q(without_history) & condition)


def partner_state_on(partner: Partner, day: dt.date) -> PartnerState:
    """The state of `partner` in force on `day` (its `not_yet()` state before its history begins)."""
    return partner_states_on(day, Partner.objects.filter(pk=partner.pk))[partner.pk]
