"""The managers' evaluation pages (§8.0): the runs with the outcomes over the quarters, one run's
scorecards with their proposals, one scorecard's lines and the decision on it. Writes are the evaluations
services (a run, a decision, accepting the proposals in bulk)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from partnerhub.core.permissions import manager_required
from partnerhub.evaluations import selectors
from partnerhub.evaluations.background import start_evaluation
from partnerhub.evaluations.models import EvaluationRun, Notice, Outcome, Scorecard
from partnerhub.evaluations.services.decisions import recommendations_accept, scorecard_decide
from partnerhub.evaluations.services.notices import undecided
from partnerhub.evaluations.services.runs import latest_run
from partnerhub.policy.calendar import quarter_of
from partnerhub.portal import listing, panels, reports
from partnerhub.portal.common import REFUSALS, is_htmx, paginate, refuse, today, visible_object
from partnerhub.portal.forms import AcceptAllForm, DecideScorecardForm, RunForm
from partnerhub.portal.views.console import console_page


def ended_quarters(as_of: dt.date, count: int = 6) -> list[str]:
    policy = panels.policy_or_none(as_of)
    if policy is None:
        return []
    quarter = quarter_of(policy, as_of).outcome
    year, number, periods = quarter.year, quarter.number, []
    for _step in range(count):
        number -= 1
        if number == 0:
            year, number = year - 1, 4
        periods.append(f"{year}Q{number}")
    return periods


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@manager_required
def runs(request: HttpRequest) -> HttpResponseBase:
    as_of = today()
    form = RunForm(request.POST or None, periods=ended_quarters(as_of))
    rerun_question = None
    if request.method == "POST" and form.is_valid():
        period, rerun = form.cleaned_data["period"], form.cleaned_data["rerun"]
        latest = latest_run(period)
        if latest is not None and not rerun:
            form.add_error(
                "rerun",
                f"{period} was evaluated on {latest.as_of:%-d %B %Y} (run {latest.sequence}): tick this box to "
                "evaluate it again, or open that run to decide on it.",
            )
        elif latest is not None and not request.POST.get("confirmed"):
            rerun_question = _rerun_question(latest)
        if not form.errors and rerun_question is None:
            # A quarter of the whole programme takes minutes at full size: a job does it, its page shows how far.
            job = start_evaluation(period=period, as_of=as_of, rerun=rerun, user=_user(request))
            return redirect("portal:console-job", pk=job.pk)
    return console_page(
        request,
        "portal/evaluations/runs.html",
        "evaluations",
        {
            "page_obj": paginate(request, selectors.runs()),
            "form": form,
            "outcomes": reports.outcomes_over_quarters(),
            "trend": reports.at_risk_trend(),
            "rerun_question": rerun_question,
        },
    )


def _rerun_question(latest: EvaluationRun) -> dict[str, object] | None:
    """What a re-run would leave behind, asked before it starts (None: no decision was recorded, nothing to
    ask). The decisions recorded on the latest run stay on that run with the notices they created, but the
    new run's scorecards start undecided, and from then on only the new run can be decided."""
    decided = latest.partners_count - undecided(latest).count()
    if decided == 0:
        return None
    notices = Notice.objects.filter(decision__scorecard__run=latest).count()
    return {"run": latest, "decided": decided, "notices": notices}


@manager_required
def run(request: HttpRequest, pk: int) -> HttpResponseBase:
    found = visible_object(selectors.runs(), pk)
    as_of = today()
    form, cards = listing.scorecards(request.user, found, request.GET, as_of)
    accept = AcceptAllForm(
        request.POST or None,
        outcomes=[(o.value, o.label) for o in Outcome if found.outcome_counts.get(o.value)],
        initial={"outcomes": [Outcome.KEEP.value]},
    )
    if request.method == "POST" and accept.is_valid():
        try:
            count = recommendations_accept(
                run=found,
                outcomes=accept.cleaned_data["outcomes"],
                reason=accept.cleaned_data["reason"],
                decided_on=as_of,
                acting_user=_user(request),
            )
        except REFUSALS as error:
            refuse(accept, error)
        else:
            messages.success(
                request,
                ngettext("%(count)s proposal accepted.", "%(count)s proposals accepted.", count) % {"count": count},
            )
            return redirect("portal:console-evaluation", pk=found.pk)
    page = paginate(request, cards)
    template = "portal/evaluations/_cards.html" if is_htmx(request) else "portal/evaluations/run.html"
    latest = latest_run(found.period)
    return console_page(
        request,
        template,
        "evaluations",
        {
            "run": found,
            "form": form,
            "accept": accept,
            "page_obj": page,
            "counts": sorted(found.outcome_counts.items(), key=lambda item: list(Outcome.values).index(item[0])),
            "undecided": undecided(found).count(),
            "superseded": latest is not None and latest.pk != found.pk,
            "notification_passed": as_of > found.notification_due,
        },
    )


@manager_required
def scorecard(request: HttpRequest, pk: int, card_pk: int) -> HttpResponseBase:
    found_run = visible_object(selectors.runs(), pk)
    card: Scorecard = visible_object(selectors.visible_scorecards(request.user, found_run), card_pk)
    as_of = today()
    policy = panels.policy_or_none(as_of)
    classifications = [(c.key, c.name) for c in policy.classifications if c.self_service] if policy else []
    decision = getattr(card, "decision", None)
    form = DecideScorecardForm(
        request.POST or None,
        outcomes=Outcome.choices,
        classifications=classifications,
        initial={"decided_on": as_of, "choice": "accept"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        accept = data["choice"] == "accept"
        if not accept and not data["outcome"]:
            form.add_error("outcome", _("Choose the outcome you decide instead."))
        else:
            try:
                scorecard_decide(
                    scorecard_obj=card,
                    accept=accept,
                    outcome=None if accept else data["outcome"],
                    target=None if accept else (data["target"] or None),
                    reason=data["reason"],
                    decided_on=data["decided_on"],
                    acting_user=_user(request),
                )
            except REFUSALS as error:
                refuse(form, error, fields={"reason": "reason", "target": "target", "unknown": "outcome"})
            else:
                messages.success(
                    request, gettext("The decision on %(name)s is recorded.") % {"name": card.partner.name}
                )
                return redirect("portal:console-evaluation", pk=found_run.pk)
    lines = selectors.lines_of([card])
    reasons = selectors.reasons_of([card])
    card_lines = [lines[(card.run_id, n)] for n in card.line_numbers if (card.run_id, n) in lines]
    card_reasons = [reasons[(card.run_id, n)] for n in card.reason_numbers if (card.run_id, n) in reasons]
    notice = card.partner.evaluation_notices.filter(period=found_run.period).first()
    latest = latest_run(found_run.period)
    latest_card = (
        None
        if latest is None or latest.pk == found_run.pk
        else Scorecard.objects.filter(run=latest, partner_id=card.partner_id).first()
    )
    return console_page(
        request,
        "portal/evaluations/scorecard.html",
        "evaluations",
        {
            "run": found_run,
            "card": card,
            "decision": decision,
            "lines": card_lines,
            "reasons": card_reasons,
            "form": form,
            "notice": notice,
            "region_names": panels.region_names(policy),
            "latest": latest,
            "latest_card": latest_card,
            "notification_passed": as_of > found_run.notification_due,
        },
    )
