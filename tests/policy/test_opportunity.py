import string
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerhub.policy.model import Policy
from partnerhub.policy.opportunity import (
    OpportunityRef,
    duplicate_candidates,
    near_duplicates,
    normalize_company,
    normalize_title,
    opportunity_key,
    possible_duplicates,
    score_floors,
)


@pytest.fixture(scope="module")
def suffixes(policy: Policy) -> tuple[str, ...]:
    return policy.compensation.deal_registration.legal_form_suffixes


@pytest.mark.parametrize(
    ("names", "normalized"),
    [
        (["ACME, Inc.", "acme inc", "Acme", "  ACME   Incorporated ", "Acme Corp", "Acme, LLC"], "acme"),
        (["Société Générale S.A.", "societe generale", "SOCIETE GENERALE SA"], "societe generale"),
        (["Globex Corp.", "Globex Corporation Ltd", "Globex Pty. Ltd.", "Globex GmbH", "globex"], "globex"),
        (["Fiat S.p.A.", "Fiat SpA", "fiat"], "fiat"),
        (["Initech L.L.C.", "Initech, L.L.C", "Initech"], "initech"),
        (["Ørsted A/S", "Orsted AS"], "orsted"),
        (["McDonald\u2019s Corp", "McDonald's", "mcdonalds"], "mcdonalds"),
        (["P&G", "P & G", "P.G."], "pg"),
        (["Hewlett-Packard Company", "hewlett packard"], "hewlett packard"),
    ],
)
def test_company_names_normalize_to_one_form(suffixes, names: list[str], normalized: str) -> None:
    assert {normalize_company(name, suffixes) for name in names} == {normalized}


def test_legal_forms_are_dropped_only_at_the_end_and_never_the_last_word(suffixes) -> None:
    assert normalize_company("Company", suffixes) == "company"
    assert normalize_company("Limited Brands Inc.", suffixes) == "limited brands"
    assert normalize_company("Co Operative Bank plc", suffixes) == "co operative bank"
    # A lone initial is not part of a legal form written with dots.
    assert normalize_company("Foo B S.A.", suffixes) == "foo b"
    assert normalize_company("Foo B. S.A.", suffixes) == "foo b"
    assert normalize_company("J. Crew", suffixes) == "j crew"


def test_suffixes_from_the_policy_are_normalized_too() -> None:
    assert normalize_company("Globex S.A.", ["S.A."]) == "globex"
    assert normalize_company("Globex Pty Ltd", ["Pty Ltd"]) == "globex"
    assert normalize_company("Globex Ltd", []) == "globex ltd"


def test_titles_ignore_case_punctuation_and_spacing() -> None:
    assert normalize_title("  Amelia   Roll-out, Phase 2! ") == "amelia roll out phase 2"
    assert normalize_title("AMELIA roll out (phase 2)") == "amelia roll out phase 2"
    assert normalize_title("Übergang zu Amelia") == "ubergang zu amelia"


def test_exact_matches_share_one_opportunity_key(suffixes) -> None:
    key = opportunity_key("ACME, Inc.", "Amelia pilot", suffixes)
    assert key == "acme|amelia pilot"
    assert opportunity_key("acme", "AMELIA   pilot.", suffixes) == key
    assert opportunity_key("Acme", "Amelia pilot, phase 2", suffixes) != key
    assert opportunity_key("Initech", "Amelia pilot", suffixes) != key


@pytest.mark.parametrize(("customer", "title"), [("Inc.", "x"), ("", "Amelia pilot"), ("Acme", " -- ")])
def test_a_key_needs_letters_or_digits(suffixes, customer: str, title: str) -> None:
    if customer == "Inc.":
        # A name that is only a legal form keeps it: there is something to compare.
        assert opportunity_key(customer, title, suffixes) == "inc|x"
        return
    with pytest.raises(ValueError, match="no letters or digits"):
        opportunity_key(customer, title, suffixes)


def test_near_duplicates_flag_the_same_customer_written_differently(suffixes) -> None:
    candidate = OpportunityRef(1, "Globex Corp.", "Amelia service desk")
    others = [
        OpportunityRef(2, "Globex Corporation Ltd", "Amelia service-desk rollout"),
        OpportunityRef(3, "Glo-bex Inc", "Amelia Service Desk"),
        OpportunityRef(4, "Initech", "Amelia service desk"),
        OpportunityRef(5, "Globex", "HR onboarding chatbot"),
        OpportunityRef(6, "Globex Corporation Ltd", "Amelia service desk"),
        OpportunityRef(1, "Globex Corp.", "Amelia service desk"),  # the candidate itself
    ]
    matches = near_duplicates(candidate, others, 85, suffixes=suffixes)
    assert [match.id for match in matches] == [3, 6, 2]
    by_id = {match.id: match for match in matches}
    assert by_id[6].exact and by_id[6].score == 100
    assert not by_id[3].exact and by_id[3].fields == ("end_customer", "title")
    assert by_id[2].fields == ("end_customer", "title")
    assert by_id[2].customer_score == 100
    assert all(0 <= match.score <= 100 for match in matches)


def test_different_customers_or_different_deals_are_not_flagged(suffixes) -> None:
    candidate = OpportunityRef("a", "Globex", "Amelia pilot")
    others = [
        OpportunityRef("b", "Initech", "Amelia pilot"),  # same title, another customer
        OpportunityRef("c", "Globex", "IT service desk automation"),  # same customer, another deal
        OpportunityRef("d", "Umbrella Corporation", "Claims automation"),
    ]
    assert near_duplicates(candidate, others, 85, suffixes=suffixes) == []


def test_a_lower_threshold_reports_more(suffixes) -> None:
    candidate = OpportunityRef(1, "Globex", "Amelia pilot")
    other = OpportunityRef(2, "Globex", "IT service desk automation")
    assert near_duplicates(candidate, [other], 85, suffixes=suffixes) == []
    [match] = near_duplicates(candidate, [other], 50, suffixes=suffixes)
    assert match.fields == ("end_customer",)


def test_threshold_outside_0_to_100_is_refused(suffixes) -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        near_duplicates(OpportunityRef(1, "a", "b"), [], 101, suffixes=suffixes)


def test_possible_duplicates_is_a_decision_citing_7_3(policy: Policy) -> None:
    candidate = OpportunityRef(1, "Globex Corp.", "Amelia pilot")
    clean = possible_duplicates(policy, candidate, [OpportunityRef(2, "Initech", "Amelia pilot")])
    assert clean.outcome == ()
    assert [(r.code, r.section, r.met) for r in clean.reasons] == [("no_duplicate_opportunity", "7.3", True)]
    assert clean.facts["opportunity_key"] == "globex|amelia pilot"

    flagged = possible_duplicates(
        policy,
        candidate,
        [
            OpportunityRef(2, "Globex Corporation Ltd", "Amelia pilot"),
            OpportunityRef(3, "Globex", "Amelia pilot 2"),
        ],
    )
    assert [match.id for match in flagged.outcome] == [2, 3]
    [reason] = flagged.reasons
    assert (reason.section, reason.met) == ("7.3", False)
    assert "1 registration(s) of the same opportunity" in reason.message
    assert "1 possible duplicate(s)" in reason.message
    assert flagged.as_dict()["outcome"][0]["exact"] is True


@given(name=st.text())
def test_company_normalization_is_idempotent(suffixes, name: str) -> None:
    once = normalize_company(name, suffixes)
    assert normalize_company(once, suffixes) == once


@given(title=st.text())
def test_title_normalization_is_idempotent(title: str) -> None:
    once = normalize_title(title)
    assert normalize_title(once) == once


ascii_names = st.text(alphabet=string.ascii_letters + string.digits + " ,.-'", min_size=1, max_size=40)


@given(name=ascii_names, suffix=st.sampled_from(["Inc.", "Ltd", ", LLC", " GmbH", "S.A.", "Pty. Ltd.", "Corp"]))
def test_case_spacing_and_an_added_legal_form_do_not_change_the_name(suffixes, name: str, suffix: str) -> None:
    normalized = normalize_company(name, suffixes)
    if not normalized:
        return
    assert normalize_company(name.upper(), suffixes) == normalized
    assert normalize_company(f"  {name}  ", suffixes) == normalized
    assert normalize_company(f"{name} {suffix}", suffixes) == normalized


@given(name=ascii_names, title=ascii_names)
def test_an_opportunity_is_its_own_exact_duplicate(suffixes, name: str, title: str) -> None:
    if not normalize_company(name, suffixes) or not normalize_title(title):
        return
    [match] = near_duplicates(
        OpportunityRef(1, name, title),
        [OpportunityRef(2, name.lower(), title.upper())],
        85,
        suffixes=suffixes,
    )
    assert match.exact and match.score == 100


def test_the_customer_weight_comes_from_the_policy(policy: Policy) -> None:
    assert policy.compensation.deal_registration.near_duplicate_customer_weight == Decimal("0.6")
    candidate = OpportunityRef(1, "Globex", "Amelia pilot")
    same_title_elsewhere = [OpportunityRef(2, "Initech", "Amelia pilot")]
    assert near_duplicates(candidate, same_title_elsewhere, 85, suffixes=(), customer_weight=0.0)[0].score == 100
    rule = policy.compensation.deal_registration.model_copy(update={"near_duplicate_customer_weight": Decimal("0")})
    title_only = policy.model_copy(
        update={"compensation": policy.compensation.model_copy(update={"deal_registration": rule})}
    )
    assert [match.id for match in possible_duplicates(title_only, candidate, same_title_elsewhere).outcome] == [2]
    with pytest.raises(ValueError, match="between 0 and 1"):
        near_duplicates(candidate, [], 85, suffixes=(), customer_weight=1.5)


# -- candidates for the duplicate review ------------------------------------------------------------------------

_names = st.text(alphabet="abcdeilmnorstu .&-", min_size=1, max_size=14).filter(
    lambda text: any(c.isalnum() for c in text)
)


@given(
    threshold=st.integers(min_value=50, max_value=100),
    weight=st.sampled_from(["0", "0.3", "0.5", "0.6", "0.9", "1"]),
    candidate=st.tuples(_names, _names),
    others=st.lists(st.tuples(_names, _names), max_size=12),
)
def test_candidates_hold_every_near_duplicate(suffixes, threshold, weight, candidate, others) -> None:
    """Narrowing down by the stored normalized names loses no registration the full scoring reports."""
    customer_weight = float(Decimal(weight))
    refs = [OpportunityRef(number, customer, title) for number, (customer, title) in enumerate(others)]
    stored = [
        (ref.id, normalize_company(ref.end_customer, suffixes), opportunity_key(ref.end_customer, ref.title, suffixes))
        for ref in refs
        if normalize_company(ref.end_customer, suffixes) and normalize_title(ref.title)
    ]
    reported = near_duplicates(
        OpportunityRef(-1, *candidate),
        [ref for ref in refs if ref.id in {row[0] for row in stored}],
        threshold,
        suffixes=suffixes,
        customer_weight=customer_weight,
    )
    found = duplicate_candidates(
        normalize_company(candidate[0], suffixes),
        normalize_title(candidate[1]),
        stored,
        threshold,
        customer_weight=customer_weight,
    )
    assert {match.id for match in reported} <= set(found)


def test_score_floors_follow_the_weights() -> None:
    # On the safe side: a customer at 74 and a perfect title score 0.6 x 74 + 0.4 x 100 = 84.4, below 85.
    assert score_floors(85, 0.6) == pytest.approx((73.65, 60.725), abs=0.01)
    assert score_floors(85, 1.0) == pytest.approx((83.99, 0.0))
    assert score_floors(50, 0.6) == pytest.approx((15.32, 0.0), abs=0.01)


def test_candidates_skip_names_too_far_and_keep_the_same_key() -> None:
    stored = [
        (1, "globex", "globex|amelia pilot"),
        (2, "globexx", "globexx|amelia pilot"),
        (3, "umbrella", "umbrella|chatbot"),
        (4, "globex", "globex|payroll migration"),
    ]
    assert duplicate_candidates("globex", "amelia pilot", stored, 85) == [1, 2]
