"""The demo programme behind `make run`: about thirty partners across classifications and regions, alive on
the demo's "today" (`partnerhub demo --as-of DATE`, default today), so that every page of the portal and
the console shows something real.

The portal app comes last in INSTALLED_APPS, so this builder runs after the other apps' (`partners.demo`
has built its seven partners, among them Paul's Northwind Consulting). Everything is written through the
apps' services, in the order it would have happened, each call dated relative to `ctx.as_of`: partners
apply and are approved, their people earn certifications, invoices are paid (which registers the partner
when the §2.0 criteria are met), deals are registered, decided, won and lost, orders earn referral fees,
benefits and trademark uses are requested, the last quarters are evaluated and decided. Finally the tick
runs for `as_of`, as it would every night. Nothing is written directly into a model.

Idempotent: the programme is built once (the first partner of `PROGRAMME` marks it); later runs only
refresh the demo sign-ins.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from partnerhub.core.demodata import DemoContext
from partnerhub.core.tick import run_jobs
from partnerhub.partners.models import Partner, PartnerStatus
from partnerhub.policystore.selectors import policy_in_force
from partnerhub.portal.demo import newer
from partnerhub.portal.demo.builder import Builder
from partnerhub.portal.demo.programme import PROGRAMME


def build(ctx: DemoContext) -> None:
    manager = User.objects.get(username="maria")
    if Partner.objects.filter(name=PROGRAMME[0].name).exists():
        return
    builder = Builder(ctx=ctx, manager=manager, policy=policy_in_force(ctx.as_of))
    builder.enrich_existing()
    for spec in PROGRAMME:
        partner = builder.partner(spec)
        if partner.status in (PartnerStatus.REGISTERED, PartnerStatus.APPROVED):
            builder.register_deals(partner, spec.deals, None)
        if partner.status == PartnerStatus.REGISTERED:
            builder.request_benefits(partner, spec.requests, None)
            if spec.trademark:
                builder.request_trademark(partner, spec.trademark, None)
    builder.settle_referral_fees()
    builder.evaluate()
    newer.build(builder)
    run_jobs(ctx.as_of)
