"""Reads of the public partner directory (docs/directory.md, docs/policy.md#r6-3): public, so no tenancy scope;
what it answers is public by construction (the profile the partner chose to publish, its classification, regions,
territories, product lines and published marketplace solutions), never another row of the partner.

A partner is listed on a day by the rule `policy.directory.directory_listing`: its choice, its status and its good
standing that day (R2.7). Good standing is not stored (it changes with the date alone: an invoice falls overdue, a
compliance verification lapses), so it is judged on the request's day by the same rule everything else uses,
`people.selectors.standing_for_all`, for a chunk of candidates at a time: the candidates are narrowed in SQL by
everything else (listed, status, filters, search), in the directory's order, and judged until the page is full.
The candidates of a page are read in one query per part (featured, then the others), at most `SCANNED_PER_PAGE`;
judging them takes a fixed number of queries per chunk, so a request runs a bounded number of queries whatever the
number of partners (docs/architecture.md#rule-5); a page that stopped before it was full says where to continue
(`next_after`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from partnerhub.benefits.models import ListingStatus, MarketplaceListing
from partnerhub.directory.models import PartnerProfile
from partnerhub.partners.models import Partner
from partnerhub.people.selectors import partner_standing, standing_for_all
from partnerhub.policy.decision import Decision
from partnerhub.policy.directory import directory_listing, featured_classifications
from partnerhub.policy.model import Policy
from partnerhub.policystore.selectors import policy_in_force

PAGE_SIZE = 20
PAGE_SIZE_MAX = 100
CHUNK = 50
"""How many candidates are judged at once (their good standing gathered in a fixed number of queries)."""
SCANNED_PER_PAGE = 500
"""The most candidates one page judges before it answers with what it found and where to continue."""

Cursor = tuple[bool, str, int]
"""Where a page stopped: the last partner judged, as (featured, name, id): featured partners come first."""


@dataclass(frozen=True)
class DirectoryQuery:
    """What a visitor asked for, already validated against the policy's keys (`directory.forms`)."""

    q: str = ""
    classification: str = ""
    region: str = ""
    product: str = ""
    after: Cursor | None = None
    size: int = PAGE_SIZE


@dataclass(frozen=True)
class Entry:
    """One partner as the directory shows it: public fields only."""

    partner_id: int
    name: str
    classification: str
    classification_name: str
    featured: bool
    regions: tuple[str, ...]
    territories: tuple[str, ...]
    products: tuple[str, ...]
    description: str
    website: str
    public_email: str
    solutions: tuple[MarketplaceListing, ...]


@dataclass(frozen=True)
class DirectoryPage:
    enabled: bool
    entries: list[Entry] = field(default_factory=list)
    next_after: Cursor | None = None
    """Where the next page starts; None at the end of the list."""


def candidates(policy: Policy, query: DirectoryQuery, *, featured: bool) -> QuerySet[Partner]:
    """The partners the directory may list before good standing is judged, featured ones or the others, by name
    and id after `query.after` (indexes `partner_by_name` and the partial `directory_listed_profile`)."""
    rows = Partner.objects.filter(status__in=policy.directory.statuses, directory_profile__listed=True)
    holders = sorted(featured_classifications(policy))
    rows = rows.filter(classification__in=holders) if featured else rows.exclude(classification__in=holders)
    if query.classification:
        rows = rows.filter(classification=query.classification)
    # A JSON list holds the key when its text holds it quoted; portable to SQLite and PostgreSQL (as PartnerFilter).
    if query.region:
        rows = rows.filter(regions__icontains=f'"{query.region}"')
    if query.product:
        rows = rows.filter(products__icontains=f'"{query.product}"')
    if query.q:
        rows = rows.filter(
            Q(name__icontains=query.q)
            | Q(solution_name__icontains=query.q)
            | Q(directory_profile__description__icontains=query.q)
        )
    if query.after is not None and query.after[0] == featured:
        _, name, pk = query.after
        rows = rows.filter(Q(name__gt=name) | Q(name=name, pk__gt=pk))
    return rows.select_related("directory_profile").order_by("name", "id")


def listing_decisions(policy: Policy, partners: list[Partner], as_of: dt.date) -> dict[int, Decision[bool]]:
    """Whether each of `partners` (candidates: they chose to be listed) is listed on `as_of`, by id."""
    standing: dict[int, Decision[bool]] = {}
    if policy.directory.good_standing and partners:
        standing = standing_for_all(as_of, Partner.objects.filter(pk__in=[p.pk for p in partners]))
    return {
        partner.pk: directory_listing(policy, opted_in=True, status=partner.status, standing=standing.get(partner.pk))
        for partner in partners
    }


def directory_page(as_of: dt.date, query: DirectoryQuery) -> DirectoryPage:
    """One page of the public directory on `as_of` (the request's day): the featured partners first (§5.1), then
    the others, each part by name. The candidates come in one query per part, at most `SCANNED_PER_PAGE` of them,
    and are judged a chunk at a time until the page is full."""
    policy = policy_in_force(as_of)
    if not policy.directory.enabled:
        return DirectoryPage(enabled=False)
    found: list[Partner] = []
    after = query.after
    budget = SCANNED_PER_PAGE
    chunk_size = max(CHUNK, query.size)
    for featured in [False] if after is not None and not after[0] else [True, False]:
        cursor = DirectoryQuery(**{**query.__dict__, "after": after})
        rows = list(candidates(policy, cursor, featured=featured)[:budget])
        for start in range(0, len(rows), chunk_size):
            chunk = rows[start : start + chunk_size]
            decisions = listing_decisions(policy, chunk, as_of)
            for partner in chunk:
                after = (featured, partner.name, partner.pk)
                if decisions[partner.pk].outcome:
                    found.append(partner)
                    if len(found) == query.size:
                        return DirectoryPage(True, _entries(policy, found), after)
        if len(rows) == budget:
            return DirectoryPage(True, _entries(policy, found), after)
        budget -= len(rows)
    return DirectoryPage(True, _entries(policy, found), None)


def _entries(policy: Policy, partners: list[Partner]) -> list[Entry]:
    """The public fields of `partners` (with their profiles): their published solutions in one query."""
    ids = [partner.pk for partner in partners]
    solutions: dict[int, list[MarketplaceListing]] = {}
    published = MarketplaceListing.objects.filter(partner_id__in=ids, status=ListingStatus.PUBLISHED).only(
        "partner_id", "title", "summary", "product", "url"
    )
    for listing in published.order_by("title", "id"):
        solutions.setdefault(listing.partner_id, []).append(listing)
    names = {c.key: c.name for c in policy.classifications}
    featured = featured_classifications(policy)
    return [
        Entry(
            partner_id=partner.pk,
            name=partner.name,
            classification=partner.classification,
            classification_name=names.get(partner.classification, partner.classification),
            featured=partner.classification in featured,
            regions=tuple(partner.regions),
            territories=tuple(partner.territories),
            products=tuple(partner.products),
            description=partner.directory_profile.description,
            website=partner.directory_profile.website,
            public_email=partner.directory_profile.public_email,
            solutions=tuple(solutions.get(partner.pk, ())),
        )
        for partner in partners
    ]


def profile_of(partner: Partner) -> PartnerProfile | None:
    return PartnerProfile.objects.filter(partner=partner).first()


def listing_for(partner: Partner, as_of: dt.date) -> Decision[bool]:
    """Whether `partner` is shown in the directory on `as_of`, and why (for its own profile page)."""
    policy = policy_in_force(as_of)
    profile = profile_of(partner)
    standing = partner_standing(partner, as_of) if policy.directory.good_standing else None
    return directory_listing(
        policy, opted_in=profile is not None and profile.listed, status=partner.status, standing=standing
    )
