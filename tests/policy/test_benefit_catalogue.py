"""The next classification's benefits beside the current ones (§3.0 path, §5.1 matrix) and the catalogue of
every benefit per classification, from the policy data."""

from partnerhub.policy.benefits import benefit_catalogue, next_tier_benefits
from partnerhub.policy.model import Policy


def gained(policy: Policy, classification: str) -> set[str]:
    tier = next_tier_benefits(policy, classification=classification).outcome
    assert tier is not None
    return {benefit.key for benefit in tier.gained}


def test_alliance_moves_up_to_implementation_and_gains_its_two_mark_rows(policy: Policy) -> None:
    decision = next_tier_benefits(policy, classification="alliance")

    tier = decision.outcome
    assert tier is not None
    assert (tier.classification, tier.name) == ("implementation", "Implementation Partner")
    assert len(tier.gained) == 14 and tier.lost == ()
    assert {"amelia_sandbox", "documentation_portal", "web_leads"} <= gained(policy, "alliance")
    assert "dedicated_customer_engagement_manager" not in gained(policy, "alliance")
    assert [(r.code, r.section, r.met) for r in decision.reasons] == [
        ("next_tier", "3.1", True),
        ("benefits_gained", "5.1", True),
    ]
    assert decision.reasons[1].message == "Implementation Partners have 14 benefit(s) Alliance Partners do not"


def test_a_gained_benefit_carries_the_next_classifications_notes(policy: Policy) -> None:
    tier = next_tier_benefits(policy, classification="alliance").outcome
    assert tier is not None
    sandbox = next(benefit for benefit in tier.gained if benefit.key == "amelia_sandbox")
    assert sandbox.notes == (
        "IPsoft provides software only; the partner provides the hosting facility or cloud environment.",
    )


def test_implementation_moves_up_to_solution(policy: Policy) -> None:
    assert gained(policy, "implementation") == {"dedicated_customer_engagement_manager", "marketplace_listing"}


def test_nothing_is_above_solution(policy: Policy) -> None:
    decision = next_tier_benefits(policy, classification="solution")

    assert decision.outcome is None
    assert [(r.code, r.met) for r in decision.reasons] == [("next_tier", False)]


def test_a_benefit_the_next_classification_lacks_is_said_lost(policy: Policy) -> None:
    trimmed = policy.model_copy(
        update={
            "benefits": tuple(
                b.model_copy(update={"classifications": ("alliance",)}) if b.key == "partner_newsletter" else b
                for b in policy.benefits
            )
        }
    )
    tier = next_tier_benefits(trimmed, classification="alliance").outcome
    assert tier is not None
    assert [benefit.key for benefit in tier.lost] == ["partner_newsletter"]


def test_the_catalogue_has_every_benefit_and_a_column_per_classification_with_benefits(policy: Policy) -> None:
    decision = benefit_catalogue(policy)

    assert decision.facts["columns"] == ("advisory", "alliance", "implementation", "solution")
    assert [row.key for row in decision.outcome] == [benefit.key for benefit in policy.benefits]
    by_key = {row.key: row for row in decision.outcome}
    assert by_key["marketplace_listing"].section == "3.0"
    assert by_key["marketplace_listing"].columns == (None, None, None, ())
    assert by_key["amelia_sandbox"].columns[2] == (
        "IPsoft provides software only; the partner provides the hosting facility or cloud environment.",
    )
    assert by_key["onboarding"].during_qualification_window
    oem = next(r for r in decision.reasons if "OEM" in r.message)
    assert (oem.message, oem.met) == ("OEM Partners have no benefits in this programme", False)
