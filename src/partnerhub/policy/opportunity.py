"""Opportunity identity for deal registration (§7.3, docs/policy.md#r8-3).

An opportunity is its end customer and its title, compared after normalization: case, accents,
punctuation, spacing and, for the customer, legal-form suffixes ("Inc.", "Ltd", "GmbH", "S.A." …, listed
in the policy under `compensation.deal_registration.legal_form_suffixes`). Equal keys are the same
opportunity. Names that are only close are *reported* as possible duplicates for a manager to look at;
nothing here ever merges two registrations.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz import fuzz, process

from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.model import Policy

KEY_SEPARATOR = "|"

Id = TypeVar("Id", bound=Hashable)

CUSTOMER_WEIGHT = 0.6
"""Default share of the end customer in a near-duplicate score; the title has the rest. The customer weighs
more: two titles at one customer are often two opportunities, one title at two customers always is. The
policy's `near_duplicate_customer_weight` is what `possible_duplicates` uses."""

# Letters NFKD does not decompose into a base letter and a mark (dotless i written as an escape).
_TRANSLITERATE = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "\u0131": "i",
        "ŀ": "l",
        "ħ": "h",
    }
)
# Apostrophes join the letters around them ("McDonald's"): ASCII, right quote, modifier letter, grave, acute.
_APOSTROPHES = frozenset("'\u2019\u02bc`\u00b4")
# A lone letter or digit, then a dot, slash or "&", then another lone one: "s.a." "a/s" "p&g" "p & g"
# "l.l.c" "a.t.&t.". Not a dot and a space: "Foo B. S.A." keeps its initial apart from its legal form.
_ACRONYM_SEPARATOR = re.compile(r"(?<![^\W_])([^\W_])(?:\.?\s*&\s*|[./])(?=[^\W_](?![^\W_]))")


@dataclass(frozen=True, slots=True)
class OpportunityRef:
    """An opportunity as named on a registration: `id` is the caller's (a registration's primary key …)."""

    id: Hashable
    end_customer: str
    title: str


@dataclass(frozen=True, slots=True)
class Match:
    """Another registration whose opportunity looks like the candidate's."""

    id: Hashable
    score: int
    """0-100, the weighted similarity of end customer and title."""
    fields: tuple[str, ...]
    """The fields that were similar on their own ("end_customer", "title")."""
    customer_score: int
    title_score: int
    exact: bool
    """Same opportunity key: not a near duplicate but the same opportunity (a conflict, §7.3)."""

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id if isinstance(self.id, int | str) else str(self.id),
            "score": self.score,
            "fields": list(self.fields),
            "customer_score": self.customer_score,
            "title_score": self.title_score,
            "exact": self.exact,
        }


def _fold(text: str) -> str:
    """Case-fold and strip accents, until stable (some compatibility forms decompose into capitals)."""
    for _ in range(3):
        decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_TRANSLITERATE))
        folded = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
        if folded == text:
            break
        text = folded
    return text


def _drop_apostrophes(text: str) -> str:
    return "".join(char for char in text if char not in _APOSTROPHES)


def _tokens(text: str) -> list[str]:
    """Words of `text`: folded, apostrophes dropped, every other non-alphanumeric character a separator.

    Single letters joined by dots, slashes or "&" make one word: "S.A." / "SA", "A/S" / "AS", "P & G" / "PG".
    """
    folded = _drop_apostrophes(_fold(_drop_apostrophes(text)))  # before too: an acute accent folds to a space
    folded = _ACRONYM_SEPARATOR.sub(r"\1", folded)
    return "".join(char if char.isalnum() else " " for char in folded).split()


@functools.cache
def _suffix_tokens(suffixes: tuple[str, ...]) -> list[tuple[str, ...]]:
    # Cached: the policy's 29 suffixes were tokenized again for every name (most of a duplicate review's time).
    normalized = {tuple(_tokens(suffix)) for suffix in suffixes}
    return sorted((suffix for suffix in normalized if suffix), key=len, reverse=True)


def normalize_company(name: str, suffixes: Iterable[str]) -> str:
    """The end customer's name for comparison.

    "ACME, Inc." -> "acme", "Société Générale S.A." -> "societe generale". Legal-form suffixes are
    dropped from the end only, repeatedly ("Globex Corporation Ltd" -> "globex"), and never the last word
    ("Company" stays "company").
    """
    tokens = _tokens(name)
    forms = _suffix_tokens(tuple(suffixes))
    stripped = True
    while stripped:
        stripped = False
        for form in forms:
            if len(tokens) > len(form) and tuple(tokens[-len(form) :]) == form:
                del tokens[-len(form) :]
                stripped = True
                break
    return " ".join(tokens)


def normalize_title(title: str) -> str:
    """The opportunity's title for comparison: case, accents, punctuation and spacing."""
    return " ".join(_tokens(title))


def opportunity_key(end_customer: str, title: str, suffixes: Iterable[str]) -> str:
    """`customer|title` after normalization; equal keys are the same opportunity (§7.3).

    Raises ValueError when the customer or the title has no letter or digit left to compare.
    """
    customer = normalize_company(end_customer, suffixes)
    normalized_title = normalize_title(title)
    if not customer:
        raise ValueError(f"the end customer {end_customer!r} has no letters or digits to identify it")
    if not normalized_title:
        raise ValueError(f"the opportunity title {title!r} has no letters or digits to identify it")
    return f"{customer}{KEY_SEPARATOR}{normalized_title}"


def customer_of_key(key: str) -> str:
    """The normalized end customer of an opportunity key (a normalized name holds no separator)."""
    return key.split(KEY_SEPARATOR, 1)[0]


def title_of_key(key: str) -> str:
    return key.split(KEY_SEPARATOR, 1)[-1]


def score_floors(threshold: int, customer_weight: float) -> tuple[float, float]:
    """The least customer and title similarity (0-100, before rounding) an opportunity scoring `threshold`
    can have: the other field at 100 makes up for the rest, and each score and the sum are rounded."""
    title_weight = 1 - customer_weight
    reach = threshold - 0.5 - 0.01  # round() reaches the threshold from half a point below; 0.01 for floats
    customer = (reach - title_weight * 100) / customer_weight - 0.5 if customer_weight else 0.0
    title = (reach - customer_weight * 100) / title_weight - 0.5 if title_weight else 0.0
    return max(customer, 0.0), max(title, 0.0)


def duplicate_candidates(
    customer: str,
    title: str,
    others: Sequence[tuple[Id, str, str]],
    threshold: int,
    *,
    customer_weight: float = CUSTOMER_WEIGHT,
) -> list[Id]:
    """The ids among `others` — (id, normalized customer, opportunity key), already normalized — that can
    score `threshold` against the normalized `customer` and `title`: the same key, or both names at least
    their `score_floors`. A superset of what `near_duplicates` reports over the same normalized names,
    computed without normalizing anything and with rapidfuzz's batch scorers."""
    key = f"{customer}{KEY_SEPARATOR}{title}"
    customer_floor, title_floor = score_floors(threshold, customer_weight)
    customers = [other[1] for other in others]
    close = {
        index
        for _, _, index in process.extract(
            customer, customers, scorer=fuzz.token_sort_ratio, score_cutoff=customer_floor, limit=None
        )
    }
    close.update(
        index
        for _, _, index in process.extract(
            customer.replace(" ", ""),
            [name.replace(" ", "") for name in customers],
            scorer=fuzz.ratio,
            score_cutoff=customer_floor,
            limit=None,
        )
    )
    found = [
        others[index][0]
        for index in sorted(close)
        if fuzz.WRatio(title, title_of_key(others[index][2]), score_cutoff=title_floor) >= title_floor
    ]
    seen = set(found)
    found.extend(other_id for other_id, _, other_key in others if other_key == key and other_id not in seen)
    return found


def _customer_similarity(first: str, second: str) -> float:
    # Word order does not matter ("Generale Societe"), nor spacing inside a name ("Ini Tech" / "Initech").
    compact = fuzz.ratio(first.replace(" ", ""), second.replace(" ", ""))
    return max(fuzz.token_sort_ratio(first, second), compact)


def _title_similarity(first: str, second: str) -> float:
    # WRatio also scores a title contained in the other ("Amelia pilot" / "Amelia pilot phase 2") high.
    return fuzz.WRatio(first, second)


def near_duplicates(
    candidate: OpportunityRef,
    others: Iterable[OpportunityRef],
    threshold: int,
    *,
    suffixes: Iterable[str],
    customer_weight: float = CUSTOMER_WEIGHT,
) -> list[Match]:
    """The `others` whose opportunity scores at least `threshold` (0-100) against the candidate's, best first.

    Exact matches (same key) are included with `exact=True` and score 100. The candidate itself (same id)
    is skipped. Only reports: merging or refusing is the caller's (a manager's) decision.
    """
    if not 0 <= threshold <= 100:
        raise ValueError(f"a similarity threshold is between 0 and 100, not {threshold}")
    if not 0 <= customer_weight <= 1:
        raise ValueError(f"the customer's weight is between 0 and 1, not {customer_weight}")
    forms = tuple(suffixes)
    customer = normalize_company(candidate.end_customer, forms)
    title = normalize_title(candidate.title)
    matches = []
    for other in others:
        if other.id == candidate.id:
            continue
        other_customer = normalize_company(other.end_customer, forms)
        other_title = normalize_title(other.title)
        exact = (customer, title) == (other_customer, other_title)
        customer_score = round(_customer_similarity(customer, other_customer))
        title_score = round(_title_similarity(title, other_title))
        weighted = customer_weight * customer_score + (1 - customer_weight) * title_score
        score = 100 if exact else round(weighted)
        if score < threshold:
            continue
        fields = tuple(
            name for name, value in (("end_customer", customer_score), ("title", title_score)) if value >= threshold
        )
        matches.append(
            Match(
                id=other.id,
                score=score,
                fields=fields,
                customer_score=customer_score,
                title_score=title_score,
                exact=exact,
            )
        )
    matches.sort(key=lambda match: (-match.score, str(match.id)))
    return matches


def possible_duplicates(
    policy: Policy, candidate: OpportunityRef, others: Iterable[OpportunityRef]
) -> Decision[tuple[Match, ...]]:
    """`near_duplicates` with the policy's threshold, suffixes and weight: a decision for a manager (§7.3).

    The reason is met when nothing looks like the candidate's opportunity.
    """
    rule = policy.compensation.deal_registration
    matches = tuple(
        near_duplicates(
            candidate,
            others,
            rule.near_duplicate_similarity,
            suffixes=rule.legal_form_suffixes,
            customer_weight=float(rule.near_duplicate_customer_weight),
        )
    )
    exact = [match for match in matches if match.exact]
    near = [match for match in matches if not match.exact]
    if not matches:
        below = rule.near_duplicate_similarity
        message = f"no other registration names this opportunity (similarity below {below})"
    else:
        parts = []
        if exact:
            parts.append(f"{len(exact)} registration(s) of the same opportunity")
        if near:
            parts.append(f"{len(near)} possible duplicate(s) to review (similarity {near[0].score} at most)")
        message = " and ".join(parts) + "; nothing is merged without a manager"
    reason = Reason("no_duplicate_opportunity", rule.section, message, not matches)
    key = opportunity_key(candidate.end_customer, candidate.title, rule.legal_form_suffixes)
    return Decision(
        outcome=matches,
        policy_version=policy.version_date,
        reasons=(reason,),
        facts={"opportunity_key": key, "threshold": rule.near_duplicate_similarity},
    )
