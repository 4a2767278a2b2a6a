"""Give every existing partner its history of periods (docs/history.md), from what the rows already say.

Status: replayed from the lifecycle entries of the timeline (applied, approved, registered, rejoined …, by
effective date), or, for a partner without them, from its own dates (applied_on, approved_on,
registered_on, status_since). Classification: from the classification history (from, to, changed_on).
The terms, regions, territories and products were never kept by date: every period carries today's. A
partner with no known date at all gets one period "since always" (0001-01-01). The last period always
equals the row, so nothing about today changes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import migrations
from django.db.models import OuterRef, Subquery

SINCE_ALWAYS = dt.date(1, 1, 1)
STATUS_OF_EVENT = {
    "applied": "applied",
    "approved": "approved",
    "rejected": "rejected",
    "registered": "registered",
    "deactivated": "deactivated",
    "terminated": "terminated",
    "rejoined": "approved",
    "membership_ended": "deactivated",
}
TERMS = (
    "regions",
    "territories",
    "products",
    "solution_name",
    "rank",
    "referral_fee_program",
    "referral_fee_percent",
    "resale_discount_percent",
    "reseller_agreement_signed",
    "qualification_deadline",
    "policy_version",
)


def _status_points(partner: Any, events: list[tuple[dt.date, str]]) -> list[tuple[dt.date, str]]:
    if events:
        return [(day, STATUS_OF_EVENT[kind]) for day, kind in events]
    points = []
    if partner.applied_on:
        points.append((partner.applied_on, "applied"))
    if partner.approved_on and partner.status not in ("applied", "rejected"):
        points.append((partner.approved_on, "approved"))
    if partner.registered_on:
        points.append((partner.registered_on, "registered"))
    if partner.status_since:
        points.append((partner.status_since, partner.status))
    return points


def forwards(apps: Any, schema_editor: Any) -> None:
    Partner = apps.get_model("partners", "Partner")
    PartnerPeriod = apps.get_model("partners", "PartnerPeriod")
    PartnerEvent = apps.get_model("partners", "PartnerEvent")
    ClassificationChange = apps.get_model("partners", "ClassificationChange")

    events: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for partner_id, kind, effective_on in (
        PartnerEvent.objects.filter(kind__in=STATUS_OF_EVENT, effective_on__isnull=False)
        .order_by("partner_id", "effective_on", "created_at", "id")
        .values_list("partner_id", "kind", "effective_on")
    ):
        events[partner_id].append((effective_on, kind))
    changes: dict[int, list[tuple[dt.date, str, str]]] = defaultdict(list)
    for partner_id, changed_on, before, after in ClassificationChange.objects.order_by(
        "partner_id", "changed_on", "created_at", "id"
    ).values_list("partner_id", "changed_on", "from_classification", "to_classification"):
        changes[partner_id].append((changed_on, before, after))

    batch = []
    for partner in Partner.objects.order_by("pk").iterator(chunk_size=2000):
        status_points = _status_points(partner, events.get(partner.pk, []))
        history = changes.get(partner.pk, [])
        starts = sorted({day for day, _ in status_points} | {day for day, _, _ in history}) or [SINCE_ALWAYS]
        first_class = (history[0][1] or history[0][2]) if history else partner.classification
        rows: list[dict[str, Any]] = []
        for start in starts:
            fallback = status_points[0][1] if status_points else partner.status
            status = next((s for day, s in reversed(status_points) if day <= start), fallback)
            classification = next((to for day, _, to in reversed(history) if day <= start), first_class)
            since = next((day for day, s in reversed(status_points) if day <= start and s == status), start)
            state = {"status": status, "classification": classification, "status_since": since}
            if rows and all(rows[-1][key] == value for key, value in state.items()):
                continue
            rows.append({"valid_from": start, **state})
        last = rows[-1]
        last["status"], last["classification"] = partner.status, partner.classification
        last["status_since"] = partner.status_since or last["status_since"]
        for index, row in enumerate(rows):
            valid_to = rows[index + 1]["valid_from"] if index + 1 < len(rows) else None
            approved = partner.approved_on if partner.approved_on and partner.approved_on <= row["valid_from"] else None
            registered = (
                partner.registered_on if partner.registered_on and partner.registered_on <= row["valid_from"] else None
            )
            batch.append(
                PartnerPeriod(
                    partner_id=partner.pk,
                    valid_to=valid_to,
                    approved_on=approved,
                    registered_on=registered,
                    **row,
                    **{field: getattr(partner, field) for field in TERMS},
                )
            )
        if len(batch) >= 2000:
            PartnerPeriod.objects.bulk_create(batch)
            batch = []
    PartnerPeriod.objects.bulk_create(batch)
    # The rows equal their last period: that is the state they cache, in force from its first day.
    Partner.objects.update(
        state_on=Subquery(
            PartnerPeriod.objects.filter(partner_id=OuterRef("pk"), valid_to__isnull=True).values("valid_from")[:1]
        )
    )


def backwards(apps: Any, schema_editor: Any) -> None:
    apps.get_model("partners", "PartnerPeriod").objects.all().delete()
    apps.get_model("partners", "Partner").objects.update(state_on=None)


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_partner_periods")]

    operations = [migrations.RunPython(forwards, backwards)]
