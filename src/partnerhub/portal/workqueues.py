"""The managers' work queues: what waits for a manager's decision, and the deadlines of the month.

Each queue asks the app that owns its rows (partners for applications and work items, billing for
invoices …) and shows at most a few entries with a link to the whole list. Apps that land later add
their queue here (deal registrations, evaluation decisions, benefit and trademark requests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Exists, IntegerField, Model, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerhub.benefits.models import BenefitRequestStatus, TrademarkUsageStatus
from partnerhub.benefits.selectors import visible_benefit_requests, visible_trademark_usages
from partnerhub.billing.models import InvoiceStatus
from partnerhub.billing.selectors import overdue_on, visible_invoices
from partnerhub.deals.models import RegistrationConflict, RegistrationStatus
from partnerhub.deals.selectors import visible_registrations
from partnerhub.evaluations.selectors import runs
from partnerhub.evaluations.services.notices import undecided
from partnerhub.partners.models import MEMBER_STATUSES, PartnerStatus, WorkItem
from partnerhub.partners.selectors import visible_partners
from partnerhub.people.models import CertificationStatus
from partnerhub.people.selectors import recertifications_due, visible_certifications
from partnerhub.policy import calendar as policy_calendar
from partnerhub.policy.standing import certification_name
from partnerhub.portal.panels import UserLike, policy_or_none
from partnerhub.portal.templatetags.portal import money

SHOWN = 5
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Entry:
    title: str
    detail: str
    url: str
    on: dt.date | None = None
    status: str = ""
    status_label: str = ""


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    description: str
    count: int
    """Exact up to `COUNTED_UP_TO`; above, `COUNTED_UP_TO + 1` (`more` is true)."""
    url: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def more(self) -> bool:
        return self.count > COUNTED_UP_TO

    @property
    def shown_count(self) -> str:
        return more_than_counted() if self.more else str(self.count)


COUNTED_UP_TO = 1_000


def more_than_counted() -> str:
    return gettext("more than %(n)s") % {"n": number_format(COUNTED_UP_TO, force_grouping=True)}


"""A queue's count is exact up to this many rows and shown as "more than" beyond: counting 200,000 pending
registrations on every visit of the console cost more than the rest of the page (docs/performance.md)."""


def _first_and_count(rows: QuerySet[M]) -> tuple[list[M], int]:
    """The first `SHOWN` rows and how many there are in all (up to `COUNTED_UP_TO` + 1), in one query: the
    count is an uncorrelated subquery over at most that many rows of the filter's index, computed once."""
    sql, params = rows.order_by().values("pk")[: COUNTED_UP_TO + 1].query.sql_with_params()
    in_all = RawSQL(f"SELECT COUNT(*) FROM ({sql}) AS counted", params, output_field=IntegerField())
    first = list(rows.annotate(in_all=in_all)[:SHOWN])
    return first, (first[0].in_all if first else 0)  # type: ignore[attr-defined]


def applications_queue(user: UserLike) -> Queue:
    rows, count = _first_and_count(
        visible_partners(user).filter(status=PartnerStatus.APPLIED).order_by("applied_on", "id")
    )
    return Queue(
        key="applications",
        title=gettext("Applications"),
        description=gettext("Prospective partners waiting for approval or rejection (§2.0)."),
        count=count,
        url=reverse("portal:console-applications"),
        entries=[
            Entry(
                p.name,
                f"{p.get_classification_display()} · {', '.join(p.regions or [])}",
                reverse("portal:console-application", args=[p.pk]),
                p.applied_on,
            )
            for p in rows
        ],
    )


def work_items_queue() -> Queue:
    rows, count = _first_and_count(
        WorkItem.objects.filter(resolved_on__isnull=True).select_related("partner").order_by("opened_on", "id")
    )
    return Queue(
        key="work",
        title=gettext("Decisions due"),
        description="OEM applications and partners whose qualification window ended (§2.0, §3.0).",
        count=count,
        url=reverse("portal:console-work"),
        entries=[
            Entry(
                item.partner.name,
                item.message,
                reverse("portal:console-work-item", args=[item.pk]),
                item.opened_on,
                item.kind,
                item.kind.replace("_", " ").capitalize(),
            )
            for item in rows
        ],
    )


# The kinds of deadline, as the deadlines page filters them.
DEADLINE_KINDS = [
    ("qualification", _("Qualification windows")),
    ("invoice", _("Invoices")),
    ("certification", _("Certifications")),
    ("trademark", _("Trademark withdrawals")),
    ("evaluation", _("Evaluation notifications")),
    ("renewal", _("Renewals and notices of non-renewal")),
]


@dataclass(frozen=True)
class Deadline:
    on: dt.date
    what: str
    partner: str
    url: str
    section: str
    kind: str


def deadlines_between(user: UserLike, first: dt.date, last: dt.date, as_of: dt.date) -> list[Deadline]:
    """Every dated obligation from `first` through `last`, soonest first: a horizon may reach into the next
    year, whose renewals on 1 January and notification dates are listed as well. Each cites its section in
    the policy in force on `as_of`; before the first version nothing is due."""
    items: list[Deadline] = []
    policy = policy_or_none(as_of)
    if policy is None:
        return items
    years = range(first.year - 1, last.year + 1)
    for partner in visible_partners(user).filter(
        status=PartnerStatus.APPROVED, qualification_deadline__range=(first, last)
    ):
        assert partner.qualification_deadline is not None
        items.append(
            Deadline(
                partner.qualification_deadline,
                gettext("End of the qualification window: minimum criteria due"),
                partner.name,
                reverse("portal:partner", args=[partner.pk]),
                policy.windows.qualification_section,
                "qualification",
            )
        )
    for invoice in visible_invoices(user).filter(status=InvoiceStatus.OPEN, due_on__range=(first, last)):
        assert invoice.due_on is not None
        items.append(
            Deadline(
                invoice.due_on,
                gettext("Program fee %(year)s due (%(amount)s)")
                % {"year": invoice.program_year, "amount": money(invoice.amount, invoice.currency)},
                invoice.partner.name,
                reverse("portal:invoice", args=[invoice.pk]),
                policy.fees.section,
                "invoice",
            )
        )
    member_partners = visible_partners(user).filter(status__in=MEMBER_STATUSES)
    for certification in recertifications_due(member_partners, first, last, as_of):
        person = certification.person
        what = certification_name(policy, certification.kind, certification.product or None)
        items.append(
            Deadline(
                certification.expires_on,
                gettext("%(name)s: recertification: %(what)s") % {"name": person.name, "what": what},
                person.partner.name,
                reverse("portal:person", args=[person.pk]),
                policy.windows.recertification_section,
                "certification",
            )
        )
    withdrawn = visible_trademark_usages(user).filter(withdrawal__effective_on__range=(first, last))
    for usage in withdrawn.select_related("withdrawal", "partner"):
        items.append(
            Deadline(
                usage.withdrawal.effective_on,
                gettext("Withdrawal of the approval to use %(mark)s takes effect") % {"mark": usage.mark},
                usage.partner.name,
                reverse("portal:partner-benefits", args=[usage.partner_id]),
                policy.windows.trademark_section,
                "trademark",
            )
        )
    for year in years:
        for quarter in range(1, 5):
            schedule = policy_calendar.evaluation_schedule(policy, year, quarter).outcome
            if first <= schedule.notification_due <= last:
                items.append(
                    Deadline(
                        schedule.notification_due,
                        gettext("%(name)s %(period)s: changes must be notified")
                        % {"name": schedule.name, "period": schedule.period},
                        gettext("All partners"),
                        reverse("portal:console"),
                        policy.calendar.section,
                        "evaluation",
                    )
                )
    members: int | None = None
    for year in years:
        deadline = policy_calendar.non_renewal_deadline(policy, year).outcome
        renews_on = policy_calendar.renewal_date(policy, year)
        for day, what in (
            (deadline, gettext("Last day for written notice of non-renewal (%(members)s members renew on %(renews)s)")),
            (
                renews_on,
                gettext("Memberships renew for Program Year %(next_year)s: renewal invoices (%(members)s members)"),
            ),
        ):
            if first <= day <= last:
                if members is None:
                    members = visible_partners(user).filter(status__in=MEMBER_STATUSES).count()
                items.append(
                    Deadline(
                        day,
                        what
                        % {
                            "members": members,
                            "renews": date_format(renews_on, "MONTH_DAY_FORMAT"),
                            "next_year": year + 1,
                        },
                        gettext("All members"),
                        reverse("portal:console-partners"),
                        policy.windows.renewal_section,
                        "renewal",
                    )
                )
    items.sort(key=lambda item: (item.on, item.partner))
    return items


# How far ahead the deadlines look by default: in late November, far enough for the 2 December notice
# deadline, the certifications lapsing over the turn of the year and the 1 January renewals.
DEADLINE_HORIZON_DAYS = 90


def deadlines_queue(user: UserLike, as_of: dt.date) -> Queue:
    items = deadlines_between(user, as_of, as_of + dt.timedelta(days=DEADLINE_HORIZON_DAYS), as_of)
    return Queue(
        key="deadlines",
        title=gettext("Deadlines in the next %(days)s days") % {"days": DEADLINE_HORIZON_DAYS},
        description=gettext("Qualification windows, certifications, invoices, notifications and renewals coming up."),
        count=len(items),
        url=reverse("portal:console-deadlines"),
        entries=[
            Entry(
                d.what,
                d.partner,
                d.url,
                d.on,
                "overdue" if d.on < as_of else "",
                gettext("Past") if d.on < as_of else "",
            )
            for d in items[:SHOWN]
        ],
    )


def overdue_invoices_queue(user: UserLike, as_of: dt.date) -> Queue:
    rows, count = _first_and_count(
        visible_invoices(user).filter(overdue_on(as_of)).prefetch_related(None).order_by("due_on", "id")
    )
    return Queue(
        key="overdue",
        title=gettext("Overdue invoices"),
        description=gettext("Program fees not paid by their due date: they break good standing (§2.0)."),
        count=count,
        url=reverse("portal:console-invoices") + "?status=open",
        entries=[
            Entry(
                invoice.partner.name,
                gettext("%(amount)s, program year %(year)s")
                % {"amount": money(invoice.amount, invoice.currency), "year": invoice.program_year},
                reverse("portal:invoice", args=[invoice.pk]),
                invoice.due_on,
                "overdue",
                gettext("Overdue"),
            )
            for invoice in rows
        ],
    )


def deals_queue(user: UserLike) -> Queue:
    flagged = RegistrationConflict.objects.filter(Q(registration=OuterRef("pk")) | Q(other=OuterRef("pk")))
    # Any: the rows carry the `conflicted` annotation, which `_first_and_count`'s model type does not.
    shown: list[Any]
    shown, count = _first_and_count(
        visible_registrations(user)
        .filter(status=RegistrationStatus.PENDING)
        .order_by("submitted_on", "id")
        .prefetch_related(None)
        .annotate(conflicted=Exists(flagged))
    )
    return Queue(
        key="deals",
        title=gettext("Deal registrations"),
        description=gettext(
            "Pending registrations to qualify (§7.3); conflicts and near duplicates are compared on each."
        ),
        count=count,
        url=reverse("portal:console-deals"),
        entries=[
            Entry(
                f"{r.partner.name}: {r.end_customer}",
                r.title,
                reverse("portal:deal", args=[r.pk]),
                r.submitted_on,
                "at_risk" if r.conflicted else "",
                "Conflict" if r.conflicted else "",
            )
            for r in shown
        ],
    )


def evaluation_queue(as_of: dt.date) -> Queue:
    """Undecided scorecards of the latest run of each period whose notification date has not passed."""
    entries: list[Entry] = []
    count = 0
    seen: set[str] = set()
    for run in runs():  # newest period first; its latest run first
        if run.period in seen:
            continue
        seen.add(run.period)
        if run.notification_due < as_of and len(seen) > 1:
            continue  # an older period whose changes can no longer be notified
        waiting = undecided(run).order_by()[: COUNTED_UP_TO + 1].count()
        if waiting:
            count += waiting
            shown = more_than_counted() if waiting > COUNTED_UP_TO else str(waiting)
            entries.append(
                Entry(
                    f"{run.name} {run.year}",
                    gettext("%(shown)s of %(total)s scorecards to decide; notify changes by %(due)s (§8.0)")
                    % {
                        "shown": shown,
                        "total": run.partners_count,
                        "due": date_format(run.notification_due, "SHORT_DATE_FORMAT"),
                    },
                    reverse("portal:console-evaluation", args=[run.pk]) + "?decided=no",
                    run.notification_due,
                )
            )
    return Queue(
        key="evaluations",
        title=gettext("Evaluation decisions"),
        description=gettext("Scorecards whose proposal waits for a manager's decision before the notification date."),
        count=min(count, COUNTED_UP_TO + 1),
        url=reverse("portal:console-evaluations"),
        entries=entries[:SHOWN],
    )


def requests_queue(user: UserLike) -> Queue:
    benefit_rows = (
        visible_benefit_requests(user).filter(status=BenefitRequestStatus.REQUESTED).order_by("requested_on", "id")
    )
    mark_rows = (
        visible_trademark_usages(user).filter(status=TrademarkUsageStatus.REQUESTED).order_by("requested_on", "id")
    )
    entries = [
        Entry(f"{r.partner.name}: {r.benefit_label}", r.details, reverse("portal:console-requests"), r.requested_on)
        for r in benefit_rows.select_related("partner")[:SHOWN]
    ] + [
        Entry(
            f"{t.partner.name}: {t.mark}",
            gettext("on %(medium)s in %(territory)s (§10.3)") % {"medium": t.medium, "territory": t.territory},
            reverse("portal:console-requests"),
            t.requested_on,
        )
        for t in mark_rows.select_related("partner")[:SHOWN]
    ]
    entries.sort(key=lambda entry: entry.on or dt.date.min)
    return Queue(
        key="requests",
        title=gettext("Benefit and trademark requests"),
        description=gettext(
            "Benefits provided on request (§5.1) and uses of the marks awaiting written approval (§10.3)."
        ),
        count=benefit_rows.order_by().values("pk").union(mark_rows.order_by().values("pk"), all=True).count(),
        url=reverse("portal:console-requests"),
        entries=entries[:SHOWN],
    )


def certifications_queue(user: UserLike) -> Queue:
    rows, count = _first_and_count(
        visible_certifications(user)
        .filter(status=CertificationStatus.CLAIMED)
        .select_related("person", "person__partner")
        .order_by("created_at", "id")
    )
    return Queue(
        key="certifications",
        title=gettext("Certifications to verify"),
        description=gettext("Certifications partners entered: they count only once verified (§5.0)."),
        count=count,
        url=reverse("portal:console-certifications"),
        entries=[
            Entry(
                f"{c.person.partner.name}: {c.person.name}",
                gettext("%(kind)s, earned %(earned_on)s")
                % {
                    "kind": f"{c.get_kind_display()} ({c.product})" if c.product else c.get_kind_display(),
                    "earned_on": date_format(c.earned_on, "SHORT_DATE_FORMAT"),
                },
                reverse("portal:console-certifications"),
                c.earned_on,
            )
            for c in rows
        ],
    )


def all_queues(user: UserLike, as_of: dt.date) -> list[Queue]:
    return [
        applications_queue(user),
        deals_queue(user),
        evaluation_queue(as_of),
        requests_queue(user),
        certifications_queue(user),
        deadlines_queue(user, as_of),
        work_items_queue(),
        overdue_invoices_queue(user, as_of),
    ]
