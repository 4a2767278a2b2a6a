"""The portal's lists as CSV files, written by a job (`core.background`): an export of tens of thousands of rows
(every partner judged for its good standing, every deal registration) must not hold a web request. The job page
shows its progress, then a link to the file; the file is kept in the private storage (MEDIA_ROOT, never served
as media) and only its author may download it (docs/security.md#csv-exports).

An export holds the rows its list shows under the same filters, through the same function (`portal.listing`), read
again by the job as the user who started it: tenancy is the selectors', at the time the file is written. Every
file is written by `core.background.write_csv_file`, as every job's CSV file is: every cell through `core.downloads`,
which writes a formula-leading text as text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse

from partnerhub.core.background import ProgressReport, start_job, write_csv_file
from partnerhub.core.errors import Conflict, InvalidInput
from partnerhub.core.models import Job
from partnerhub.evaluations.models import EvaluationRun
from partnerhub.evaluations.selectors import runs
from partnerhub.partners.models import Partner
from partnerhub.partners.selectors import visible_partners
from partnerhub.portal import exportcells, listing, partnerlist

PARTNER_HEADER = [
    "id",
    "name",
    "kind",
    "classification",
    "status",
    "status since",
    "regions",
    "territories",
    "products",
    "contact email",
    "in good standing",
    "not met",
]
# Progress of a partner export is reported once per this many partners judged (a list's rows written are counted by
# `write_csv_file`).
PROGRESS_EVERY = 500
# Rows read from the database at a time.
CHUNK = 2000
LIST_EXPORT_KIND = "partnerhub.portal.exports.export_list"


def start_partner_export(*, filters: dict[str, str], as_of: dt.date, user: User) -> Job:
    """Enqueue the export of the partners `user` sees under `filters` (the filter form's cleaned data)."""
    return start_job(
        kind="partnerhub.portal.exports.export_partners",
        title=f"Partners as CSV ({as_of.isoformat()})",
        arguments={"filters": filters, "as_of": as_of.isoformat()},
        user=user,
    )


def export_partners(job: Job, progress: ProgressReport) -> dict[str, Any]:
    if job.created_by is None:
        raise Conflict("the manager who started this export no longer exists")
    as_of = dt.date.fromisoformat(job.arguments["as_of"])
    filters = job.arguments["filters"]
    wanted = {"yes": True, "no": False}.get(filters.get("good_standing", ""))
    partners = partnerlist.matching(job.created_by, filters)
    total = partners.count()

    def judged() -> Iterator[list[Any]]:
        # Every partner is judged, only those wanted are written: the progress is the judging's.
        for done, row in enumerate(partnerlist.every_row(partners, as_of, None), start=1):
            if wanted is None or row.in_good_standing == wanted:
                yield _cells(row)
            if done % PROGRESS_EVERY == 0:
                progress(done, total)

    filename = f"partners-{as_of.isoformat()}.csv"
    written = write_csv_file(job, filename, PARTNER_HEADER, judged(), total=total, progress=None)
    progress(total, total)
    return {
        "summary": f"{written['rows']} partner(s) exported.",
        "url": reverse("portal:console-job-file", args=[job.pk]),
        **written,
    }


def _cells(row: partnerlist.Row) -> list[Any]:
    partner = row.partner
    return [
        partner.pk,
        partner.name,
        partner.get_kind_display(),
        partner.get_classification_display(),
        partner.get_status_display(),
        partner.status_since,
        " ".join(partner.regions),
        " ".join(partner.territories),
        " ".join(partner.products),
        partner.contact_email,
        {True: "yes", False: "no", None: ""}[row.in_good_standing],
        row.unmet,
    ]


# Every other list ---------------------------------------------------------------------------------------------

Scope = Partner | EvaluationRun | None


@dataclass(frozen=True)
class ListExport:
    """One exportable list: what its rows are (the page's own function), what it is called and how a row is written."""

    noun: str
    """What the rows are, as the job's summary and the file's name say it."""
    one: str
    """What one row is."""
    scope: str
    """"partner" (a partner's own list), "run" (an evaluation run's scorecards) or "" (a console-wide list)."""
    rows: Callable[[User, Any, QueryDict, dt.date], tuple[Any, Iterable[Any] | QuerySet[Any]]]
    header: Sequence[str]
    cells: Callable[[Any, exportcells.Context], list[Any]]
    tab: str
    """The tab (the console's, or the partner's) the list is on, which its export's page is shown under."""


LISTS: dict[str, ListExport] = {
    "console-deals": ListExport(
        "deal registrations", "deal registration", "", listing.deals, exportcells.DEAL_HEADER, exportcells.deal, "deals"
    ),
    "partner-deals": ListExport(
        "deal registrations",
        "deal registration",
        "partner",
        listing.deals,
        exportcells.DEAL_HEADER,
        exportcells.deal,
        "deals",
    ),
    "console-invoices": ListExport(
        "invoices", "invoice", "", listing.invoices, exportcells.INVOICE_HEADER, exportcells.invoice, "invoices"
    ),
    "partner-invoices": ListExport(
        "invoices", "invoice", "partner", listing.invoices, exportcells.INVOICE_HEADER, exportcells.invoice, "invoices"
    ),
    "partner-people": ListExport(
        "people", "person", "partner", listing.people, exportcells.PERSON_HEADER, exportcells.person, "people"
    ),
    "console-certifications": ListExport(
        "certifications",
        "certification",
        "",
        listing.certifications,
        exportcells.CERTIFICATION_HEADER,
        exportcells.certification,
        "certifications",
    ),
    "partner-certifications": ListExport(
        "certifications",
        "certification",
        "partner",
        listing.certifications,
        exportcells.CERTIFICATION_HEADER,
        exportcells.certification,
        "people",
    ),
    "run-scorecards": ListExport(
        "scorecards",
        "scorecard",
        "run",
        listing.scorecards,
        exportcells.RUN_SCORECARD_HEADER,
        exportcells.run_scorecard,
        "evaluations",
    ),
    "partner-scorecards": ListExport(
        "scorecards",
        "scorecard",
        "partner",
        listing.scorecards,
        exportcells.PARTNER_SCORECARD_HEADER,
        exportcells.own_scorecard,
        "scorecards",
    ),
    "console-referral-fees": ListExport(
        "referral fees",
        "referral fee",
        "",
        listing.referral_fees,
        exportcells.REFERRAL_FEE_HEADER,
        exportcells.referral_fee,
        "referral-fees",
    ),
    "partner-referral-fees": ListExport(
        "referral fees",
        "referral fee",
        "partner",
        listing.referral_fees,
        exportcells.REFERRAL_FEE_HEADER,
        exportcells.referral_fee,
        "statements",
    ),
}


def scope_of(key: str, user: User, pk: int | None) -> Scope:
    """The partner or the run a list of kind `key` belongs to, as `user` may see it (None: not found, or a
    console-wide list)."""
    kind = LISTS[key].scope
    if pk is None:
        return None
    if kind == "partner":
        return visible_partners(user).filter(pk=pk).first()
    if kind == "run":
        return runs().filter(pk=pk).first()
    return None


def start_list_export(*, key: str, scope: Scope, query: QueryDict, as_of: dt.date, user: User) -> Job:
    """Enqueue the export of list `key` of `scope` under the filters of `query` (already checked by the caller:
    the job reads them again, as the page does, and fails on filters that could not be read)."""
    spec = LISTS[key]
    of = f" of {scope.name}" if isinstance(scope, Partner) else f" of {scope}" if scope is not None else ""
    return start_job(
        kind=LIST_EXPORT_KIND,
        title=f"{spec.noun.capitalize()}{of} as CSV ({as_of.isoformat()})",
        arguments={
            "list": key,
            "scope": scope.pk if scope is not None else None,
            "query": query.urlencode(),
            "as_of": as_of.isoformat(),
        },
        user=user,
    )


def export_list(job: Job, progress: ProgressReport) -> dict[str, Any]:
    user = job.created_by
    if user is None:
        raise Conflict("the user who started this export no longer exists")
    key = job.arguments["list"]
    spec = LISTS[key]
    scope = scope_of(key, user, job.arguments["scope"])
    if spec.scope and scope is None:
        raise Conflict("the list exported is no longer one you may see")
    as_of = dt.date.fromisoformat(job.arguments["as_of"])
    form, rows = spec.rows(user, scope, QueryDict(job.arguments["query"]), as_of)
    if form is not None and form.is_bound and not form.is_valid():
        raise InvalidInput("filters", f"These filters could not be read: {filter_errors(form)}")
    each: Iterable[Any]
    if isinstance(rows, QuerySet):
        total, each = rows.count(), rows.iterator(chunk_size=CHUNK)
    else:
        each = list(rows)
        total = len(each)
    context = exportcells.Context.on(as_of)
    filename = f"{spec.noun.replace(' ', '-')}-{as_of.isoformat()}.csv"
    written = write_csv_file(
        job, filename, spec.header, (spec.cells(row, context) for row in each), total=total, progress=progress
    )
    if spec.scope == "partner":
        url = reverse("portal:partner-export-file", args=[job.arguments["scope"], job.pk])
    else:
        url = reverse("portal:console-job-file", args=[job.pk])
    count = written["rows"]
    return {"summary": f"{count} {spec.noun if count != 1 else spec.one} exported.", "url": url, **written}


def filter_errors(form: Any) -> str:
    """The form's errors in words, each after its field's label: "Status: Select a valid choice. …"."""
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else 'Filters'}: {' '.join(messages)}"
        for name, messages in form.errors.items()
    )
