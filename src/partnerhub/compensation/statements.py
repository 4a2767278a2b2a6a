"""A partner's quarterly referral-fee statement, as JSON or CSV (`GET /api/v1/referral-fees/statement/`,
`…/statement.csv`): answered at once up to INLINE_FEES decisions, written by a job (`core.background`) beyond,
or whenever the client asks with `Prefer: respond-async`. The job reads the statement again as the user who
started it, through the same tenancy-scoped selector; the JSON statement's decisions are its result rows
(`GET /api/v1/jobs/{id}/results/`), the CSV its file (`GET /api/v1/jobs/{id}/file/`, for that user alone)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse

from partnerhub.compensation import selectors
from partnerhub.compensation.serializers import ReferralFeeSerializer, ReferralFeeStatementTotalsSerializer
from partnerhub.core.background import ProgressReport, start_job, write_csv_file, write_result_rows
from partnerhub.core.errors import Conflict
from partnerhub.core.models import Job
from partnerhub.partners.models import Partner
from partnerhub.partners.selectors import visible_partners

# At most this many decisions are answered inside the request (docs/deals.md); more are a job.
INLINE_FEES = 1000
HEADER = [
    "fee",
    "order",
    "ordered_on",
    "end_customer",
    "opportunity",
    "first_year_net_revenue",
    "percent",
    "eligible",
    "amount",
    "currency",
    "status",
    "approved_on",
    "paid_on",
    "payment_reference",
    "policy_version",
    "unmet_conditions",
]


def is_large(partner: Partner, year: int, quarter: int) -> bool:
    return selectors.statement_fees(partner, year, quarter)[: INLINE_FEES + 1].count() > INLINE_FEES


def filename(statement: selectors.Statement) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", statement.partner.name.lower()).strip("-") or str(statement.partner.pk)
    return f"referral-fees-{slug}-{statement.period}.csv"


def heading(statement: selectors.Statement) -> dict[str, Any]:
    """The statement's fields other than its decisions, as the JSON statement answers them."""
    return {
        "partner": statement.partner.pk,
        "partner_name": statement.partner.name,
        "period": statement.period,
        "starts_on": statement.starts_on.isoformat(),
        "ends_on": statement.ends_on.isoformat(),
        "totals": [ReferralFeeStatementTotalsSerializer(line.as_dict()).data for line in statement.totals],
    }


def csv_rows(statement: selectors.Statement) -> list[list[Any]]:
    """One row per decision, then four total rows (earned, accrued, approved, paid) per currency."""
    rows: list[list[Any]] = [
        [
            fee.pk,
            fee.order_id,
            fee.order.ordered_on,
            fee.order.end_customer,
            fee.order.title,
            fee.first_year_net_revenue,
            fee.percent,
            "yes" if fee.eligible else "no",
            fee.amount,
            fee.currency,
            fee.status,
            fee.approved_on or "",
            fee.paid_on or "",
            fee.payment_reference,
            fee.policy_version,
            "; ".join(f"{r['message']} (§{r['section']})" for r in fee.reasons if not r["met"]),
        ]
        for fee in statement.fees
    ]
    for totals in statement.totals:
        for name in ("earned", "accrued", "approved", "paid"):
            rows.append(["total", "", "", "", "", "", "", "", getattr(totals, name), totals.currency, name])
    return rows


def start_statement(*, partner: Partner, year: int, quarter: int, as_csv: bool, user: User) -> Job:
    """Enqueue the statement of `partner` (one `user` may see) for the quarter, as CSV or as JSON rows."""
    return start_job(
        kind="partnerhub.compensation.statements.statement_job",
        title=f"Referral-fee statement of {partner.name} for {year}Q{quarter}" + (" as CSV" if as_csv else ""),
        arguments={"partner": partner.pk, "year": year, "quarter": quarter, "csv": as_csv},
        user=user,
    )


def statement_job(job: Job, progress: ProgressReport) -> dict[str, Any]:
    user = job.created_by
    if user is None:
        raise Conflict("the user who started this statement no longer exists")
    partner = visible_partners(user).filter(pk=job.arguments["partner"]).first()
    if partner is None:
        raise Conflict("the partner of this statement no longer exists or is no longer yours to see")
    statement = selectors.referral_fee_statement(partner, job.arguments["year"], job.arguments["quarter"])
    count = len(statement.fees)
    summary = f"{count} referral-fee decision(s) of {partner.name} for {statement.period}"
    if job.arguments["csv"]:
        written = write_csv_file(job, filename(statement), HEADER, csv_rows(statement), total=count, progress=progress)
        return {"summary": f"{summary} exported.", "url": reverse("api-v1:job-file", args=[job.pk]), **written}
    rows = write_result_rows(job, (ReferralFeeSerializer(fee).data for fee in statement.fees))
    progress(rows, rows)
    return {"summary": f"{summary}; the decisions are the result rows.", **heading(statement), "rows": rows}
