"""The bench machinery at a small scale: the evaluation and the floor query agree on every fact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench import programme
from bench.__main__ import main as bench_main
from partnerhub.deals.models import Registration
from partnerhub.evaluations.gather import quarter_facts
from partnerhub.evaluations.models import EvaluationRun
from partnerhub.evaluations.periods import resolve_period
from partnerhub.partners.models import Partner
from partnerhub.people.facts import gather_facts
from partnerhub.people.models import Certification
from partnerhub.policy.requirements import PeopleIndex

pytestmark = pytest.mark.django_db

SMALL = programme.Scale(partners=200, registrations=4_000, certifications=1_200)


@pytest.fixture(scope="class")
def generated(django_db_setup, django_db_blocker) -> Iterator[programme.Scale]:
    """The reference programme at a small scale (the policy published first), generated once for the tests of
    `TestTheProgrammeAtASmallScale` in a transaction rolled back after the last of them; each test runs in a
    savepoint of its own inside it, as in any other test. Generating it takes seconds."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            call_command("load_policy", verbosity=0)
            assert programme.ensure_programme(SMALL, log=lambda line: None) is True
            yield SMALL
        finally:
            transaction.set_rollback(True)


# One worker generates the programme and runs every test that reads it (under `pytest -n --dist loadgroup`).
@pytest.mark.xdist_group("bench")
class TestTheProgrammeAtASmallScale:
    def test_the_programme_has_the_requested_size_and_is_reused(self, generated) -> None:
        assert Partner.objects.count() == 200
        assert Registration.objects.count() == 4_000
        assert Certification.objects.count() == 1_200
        assert programme.generated_scale() == SMALL
        assert programme.ensure_programme(SMALL, log=lambda line: None) is False

    @pytest.mark.parametrize("period", ["2019Q2", "2019Q1"])
    def test_the_evaluation_and_the_floor_agree_on_the_facts(self, generated, period) -> None:
        evaluation, floor = programme.agree(period)
        assert evaluation == floor
        kinds = {fact for (_, fact, *_rest) in floor}
        assert kinds >= {"role", "certified", "on_file", "in_quarter", "months", "activity"}
        activity = {name for (_, fact, name, *_rest) in floor if fact == "activity"}
        assert activity == set(programme.ACTIVITY_COUNTS)

    def test_gathering_takes_a_fixed_number_of_queries(self, generated) -> None:
        quarter = resolve_period("2019Q2").schedule.outcome.quarter
        with CaptureQueriesContext(connection) as everyone:
            facts = quarter_facts(quarter)
        some = Partner.objects.filter(pk__in=[f.partner_id for f in facts[:5]])
        with CaptureQueriesContext(connection) as five:
            assert len(quarter_facts(quarter, some)) == 5
        assert len(everyone) == len(five)

    def test_a_timed_round_leaves_nothing_behind(self, generated) -> None:
        timing = programme.time_evaluation("2019Q2")
        assert timing.partners > 150
        assert timing.seconds > 0 and timing.floor_seconds > 0
        assert not EvaluationRun.objects.exists()

    def test_the_command_prints_the_bench_line_last(self, generated, capsys) -> None:
        bench_main(["--partners", "200", "--registrations", "4000", "--certifications", "1200", "--repeat", "1"])
        lines = capsys.readouterr().out.strip().splitlines()
        assert lines[-3].startswith("bench memory: peak_rss_mib=")
        assert lines[-2].startswith("bench floors: floor_seconds=") and " aggregate_ratio=" in lines[-2]
        last = lines[-1]
        assert last.startswith("bench evaluation: partners=200 registrations=4000 certifications=1200 seconds=")
        assert " floor_seconds=" in last and " ratio=" in last

    def test_counted_people_are_what_listing_them_counts(self, generated) -> None:
        """The evaluation counts people in the database (`gather_facts(counted=True)`); it gives every partner
        the same index as counting its listed people does, and so the same scorecard."""
        from partnerhub.policy.scoring import scorecard

        some = Partner.objects.order_by("pk").values_list("pk", flat=True)[3]
        _add_awkward_people(some)
        resolved = resolve_period("2019Q2")
        quarter = resolved.schedule.outcome.quarter
        listed = gather_facts(quarter.end, Partner.objects.all())
        counted = gather_facts(quarter.end, Partner.objects.all(), counted=True)

        assert counted.keys() == listed.keys()
        assert sum(len(facts.people) for facts in listed.values()) > 500
        for partner_id, facts in counted.items():
            assert facts.people == ()
            index, expected = PeopleIndex.of(facts, quarter.end), PeopleIndex(listed[partner_id].people, quarter.end)
            assert (partner_id, index.roles) == (partner_id, expected.roles)
            assert (partner_id, index.certifications) == (partner_id, expected.certifications)
        awkward = counted[some].counted
        assert awkward is not None
        assert awkward.roles[("EMEA", "presales")] >= 1 and awkward.certifications[("EMEA", "cie", None)] >= 1

        evaluated = quarter_facts(quarter)
        assert evaluated and all(facts.counted is not None for facts in evaluated)
        for facts in evaluated:
            as_listed = replace(listed[facts.partner_id], activity=facts.activity)
            ours, theirs = scorecard(resolved.policy, facts, quarter), scorecard(resolved.policy, as_listed, quarter)
            assert (facts.partner_id, ours.outcome, ours.reasons) == (facts.partner_id, theirs.outcome, theirs.reasons)

    def test_facts_gathered_for_scorecards_are_refused_by_the_standing_rules(self, generated) -> None:
        from partnerhub.policy.standing import good_standing

        resolved = resolve_period("2019Q2")
        quarter = resolved.schedule.outcome.quarter
        facts = quarter_facts(quarter)[0]
        with pytest.raises(ValueError, match="people listed"):
            good_standing(resolved.policy, facts, quarter.end)
        with pytest.raises(ValueError, match="counted on 2019-06-30"):
            PeopleIndex.of(facts, quarter.end - dt.timedelta(days=1))


def test_a_database_with_real_partners_is_refused(published, program) -> None:
    with pytest.raises(programme.NotABenchDatabase):
        programme.ensure_programme(SMALL, log=lambda line: None)


def test_every_kind_of_fact_is_gathered(program) -> None:
    from partnerhub.people.models import (
        ComplianceVerification,
        FinancialStandingChange,
        GovernanceRecord,
        Person,
        StandingException,
        TrainingRecord,
    )

    d = dt.date
    northwind, contoso = program.northwind, program.contoso
    ComplianceVerification.objects.create(partner=northwind, verified_on=d(2019, 2, 1))
    ComplianceVerification.objects.create(partner=northwind, verified_on=d(2019, 5, 1))
    ComplianceVerification.objects.create(partner=northwind, verified_on=d(2019, 8, 1))  # after the date
    FinancialStandingChange.objects.create(partner=contoso, flagged=True, effective_on=d(2019, 3, 1), reason="late")
    FinancialStandingChange.objects.create(partner=contoso, flagged=False, effective_on=d(2019, 4, 1), reason="ok")
    FinancialStandingChange.objects.create(partner=northwind, flagged=True, effective_on=d(2019, 6, 1), reason="x")
    StandingException.objects.create(
        partner=contoso,
        qualification="certified_cie",
        starts_on=d(2019, 1, 1),
        ends_on=d(2019, 12, 31),
        reason="hiring",
        approved_by="Dana Leader",
    )
    GovernanceRecord.objects.create(
        partner=contoso, kind="business_plan", effective_on=d(2019, 1, 1), valid_until=d(2019, 5, 31)
    )
    GovernanceRecord.objects.create(partner=contoso, kind="pipeline_review", effective_on=d(2019, 7, 1))
    person = Person.objects.filter(partner=northwind).first()
    assert person is not None
    TrainingRecord.objects.create(person=person, kind="online", completed_on=d(2019, 3, 1))
    Person.objects.create(
        partner=northwind,
        name="Gone",
        email="gone@northwind.example",
        region="EMEA",
        roles=["sales"],
        left_on=d(2019, 6, 1),
    )
    quarter = resolve_period("2019Q2").schedule.outcome.quarter
    ours = gather_facts(quarter.end, Partner.objects.all())
    assert ours[northwind.pk].compliance_verified_on == d(2019, 5, 1)
    assert ours[northwind.pk].financial_standing_flagged is True
    assert ours[contoso.pk].financial_standing_flagged is False
    assert [e.qualification for e in ours[contoso.pk].exceptions] == ["certified_cie"]
    assert [(r.kind, r.valid_until) for r in ours[contoso.pk].records] == [("business_plan", d(2019, 5, 31))]
    staff = {p.name: p for p in ours[northwind.pk].people}
    assert "Gone" not in staff
    assert [(t.kind, t.completed_on) for t in staff[person.name].trainings] == [("online", d(2019, 3, 1))]
    assert "Gone" in {p.name for p in gather_facts(d(2019, 5, 31), Partner.objects.all())[northwind.pk].people}


def test_history_keeps_lapsed_certifications(program) -> None:
    from partnerhub.people.models import Certification

    certification = Certification.objects.filter(person__partner=program.northwind).first()
    assert certification is not None
    after = certification.expires_on + dt.timedelta(days=1)
    person_id = certification.person_id

    def held(facts, partner_id):
        return {c.earned_on for p in facts[partner_id].people if p.person_id == person_id for c in p.certifications}

    current = gather_facts(after, Partner.objects.filter(pk=program.northwind.pk))
    history = gather_facts(after, Partner.objects.filter(pk=program.northwind.pk), history=True)
    assert certification.earned_on not in held(current, program.northwind.pk)
    assert certification.earned_on in held(history, program.northwind.pk)


def _add_awkward_people(partner_id: int) -> None:
    """People the generator never makes: two roles, one who left before the quarter ended, one not yet
    joined, one kind on two product lines (and renewed, so held twice), an unverified and a product-less claim."""
    from partnerhub.people.models import Certification, Person

    d = dt.date
    people = [
        Person.objects.create(
            partner_id=partner_id, name=f"Awkward {n}", email=f"awkward{n}@bench.example", region=region, roles=roles
        )
        for n, (region, roles) in enumerate(
            [("EMEA", ["sales", "presales"]), ("EMEA", ["technical"]), ("AMER", ["technical", "support"])]
        )
    ]
    Person.objects.filter(pk=people[2].pk).update(left_on=d(2019, 6, 1))
    Person.objects.create(
        partner_id=partner_id,
        name="Later",
        email="later@bench.example",
        region="EMEA",
        roles=["sales"],
        joined_on=d(2019, 7, 1),
    )
    for person, kind, product, earned, status in [
        (people[0], "sales", "", d(2019, 1, 1), "verified"),
        (people[0], "presales", "", d(2019, 1, 1), "claimed"),
        (people[1], "cie", "amelia", d(2018, 9, 1), "verified"),
        (people[1], "cie", "amelia", d(2019, 3, 1), "verified"),
        (people[1], "cie", "1rpa", d(2019, 3, 1), "verified"),
        (people[1], "ced", "1rpa", d(2018, 1, 1), "verified"),  # expired before the quarter's end
        (people[2], "ctl", "amelia", d(2019, 1, 1), "verified"),  # its holder left
    ]:
        Certification.objects.create(
            person=person,
            kind=kind,
            product=product,
            earned_on=earned,
            expires_on=earned + dt.timedelta(days=364),
            status=status,
        )
