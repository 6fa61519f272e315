"""The national-scale data set (manage.py generate_scale_data) at a tiny scale: sizes proportional to
the scale, the same seed gives the same data, the schema's rules hold, and the pages work on it."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Q

from awards.models import AwardRecord, Proposal, ProposalStatus
from clusters.models import EmulationGroup, MemberRole, Membership, Person, Unit, UnitKind
from config.benchmark import key_pages
from emulation import scale
from emulation.models import Pledge, PledgeStatus, ScoringRound, SelfAssessment
from emulation.services.signing import pledge_verify

pytestmark = pytest.mark.django_db

TINY = 0.002


def _digest() -> str:
    """A fingerprint of the data by natural keys (ids differ from one load to the next)."""
    parts = [
        list(Unit.objects.values_list("kind", "name", "code", "parent__name", "successor__name")),
        list(Membership.objects.values_list("group__name", "year", "unit__name", "role", "is_standing_agency")),
        list(Person.objects.values_list("full_name", "unit__name", "category", "birth_year", "is_active")),
        list(
            AwardRecord.objects.values_list(
                "award_type__code", "year", "decision_number", "nominee_unit__name", "nominee_person__full_name"
            )
        ),
        list(
            Proposal.objects.values_list(
                "award_type__code",
                "year",
                "status",
                "proposing_unit__name",
                "nominee_unit__name",
                "nominee_person__full_name",
            )
        ),  # fmt: skip
        list(
            SelfAssessment.objects.values_list("round__group__name", "round__year", "unit__name", "status").annotate(
                n=Count("scores")
            )
        ),
        list(Pledge.objects.values_list("group__name", "year", "status", "verification_code")),
    ]
    return hashlib.sha256(repr([sorted(map(repr, rows)) for rows in parts]).encode()).hexdigest()


def _load_and_digest(seed: int) -> str:
    with transaction.atomic():
        scale.generate(seed=seed, scale=TINY)
        digest = _digest()
        transaction.set_rollback(True)
    return digest


def test_the_sizes_follow_the_scale_knob():
    result = scale.generate(seed=7, scale=TINY)
    counts = result["counts"]
    assert counts["agencies"] == Unit.objects.filter(kind=UnitKind.AGENCY, code__startswith="CQ").count() == 4
    assert counts["people"] == Person.objects.count() == round(200_000 * TINY)
    assert counts["award records"] == AwardRecord.objects.count() == round(500_000 * TINY)
    # and, beside the bulk, one proposal under review per chair unit (for the pages of a reviewer)
    assert counts["proposals"] == round(50_000 * TINY)
    assert Proposal.objects.count() == counts["proposals"] + counts["proposals under review of chair units"]
    # 63 provinces before the merger and 34 after it, with the lineage
    assert counts["provinces before 1/7/2025"] == 63
    assert counts["provinces from 1/7/2025"] == 34
    lam_dong = Unit.objects.get(kind=UnitKind.PROVINCE, short_name="Lâm Đồng", active_from__isnull=False)
    assert sorted(lam_dong.predecessors.values_list("short_name", flat=True)) == ["Bình Thuận", "Lâm Đồng", "Đắk Nông"]
    # ten years of membership for every generated group, with pledges; and two archive years before them
    generated = EmulationGroup.objects.filter(
        Q(name__startswith="Cụm thi đua các tỉnh, thành phố số") | Q(name__startswith="Khối thi đua số")
    )
    assert generated.count() == counts["groups"] == 2
    for group in generated:
        assert sorted(set(group.memberships.values_list("year", flat=True))) == list(range(2014, 2026))
        assert sorted(group.pledges.values_list("year", flat=True)) == list(range(2015, 2026))


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first = _load_and_digest(11)
    assert _load_and_digest(11) == first
    assert _load_and_digest(12) != first


def test_generated_data_keeps_the_rules_of_the_schema():
    scale.generate(seed=3, scale=TINY)
    generated = Membership.objects.filter(group__name__startswith=("Khối thi đua số"))
    # one chair and one vice-chair per group and year; the vice-chair chairs the next year
    for roles in _roles(generated).values():
        assert roles.count(MemberRole.CHAIR) == 1
        assert roles.count(MemberRole.VICE_CHAIR) == 1
    chairs = dict(generated.filter(role=MemberRole.CHAIR).values_list("year", "unit_id"))
    vices = dict(generated.filter(role=MemberRole.VICE_CHAIR).values_list("year", "unit_id"))
    assert all(vices[year] == chairs[year + 1] for year in range(2016, 2025))
    # past pledges are signed by every member, chair last, and verify intact; the last year is open
    past = Pledge.objects.filter(year__lt=2025, year__gte=2016)
    assert set(past.values_list("status", flat=True)) == {PledgeStatus.SIGNED}
    for pledge in past.filter(group__name__startswith="Khối thi đua số"):
        check = pledge_verify(pledge=pledge)
        assert check.intact and check.seal_intact
        assert check.version is not None and check.content_intact  # verified against the snapshot signed
        members = Membership.objects.filter(group=pledge.group, year=pledge.year).count()
        assert len(check.signatures) == members
        assert check.signatures[-1].signature.is_chair
    assert not Pledge.objects.filter(year=2025).exclude(status=PledgeStatus.OPEN).exists()
    # every past scoring round is closed with each member verified
    for scoring_round in ScoringRound.objects.filter(year__lt=2025):
        assert scoring_round.is_closed
        members = Membership.objects.filter(group=scoring_round.group, year=scoring_round.year).count()
        assert scoring_round.assessments.filter(status="verified").count() == members
    # every decided proposal has its award record; no nominee has two live proposals for the same award
    decided = Proposal.objects.filter(status=ProposalStatus.DECIDED)
    assert decided.exists()
    assert AwardRecord.objects.filter(proposal__in=decided).count() == decided.count()
    duplicates = (
        Proposal.objects.exclude(status=ProposalStatus.REJECTED)
        .values("nominee_unit", "nominee_person", "award_type", "year", "kind")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not duplicates.exists()


def test_the_data_holds_the_objects_of_every_page_a_few_of_each():
    """Issue 16: every GET page is measured, so the data has, besides the bulk, a draft pledge and a year with
    members and no pledge per group, an open and a closed ballot, and per board a webhook receiver, a council with
    an open and a closed session, a blank, a round, a draft and an issued decision with records in its register,
    a dossier sent up; per chair unit a covering submission and a submitted registration."""
    from awards.models import (
        AwardRound,
        Blank,
        Council,
        CouncilSession,
        Decision,
        Dispatch,
        RegisterCounter,
        Registration,
        Submission,
    )  # fmt: skip
    from clusters.models import WebhookReceiver
    from emulation.models import Ballot

    result = scale.generate(seed=5, scale=TINY)
    groups = EmulationGroup.objects.filter(name__startswith="Khối thi đua số")
    for group in groups:
        assert not group.pledges.filter(year=2014).exists() and group.memberships.filter(year=2014).exists()
        draft = group.pledges.get(year=2015)
        assert draft.status == PledgeStatus.DRAFT
        assert draft.items.count() == 4 and draft.criteria.count() == 7
        # the archive years' chair is the closed year's, who drafts the pledge
        chair_2024 = group.memberships.get(year=2024, role=MemberRole.CHAIR).unit_id
        assert group.memberships.get(year=2015, role=MemberRole.CHAIR).unit_id == chair_2024
        assert set(Ballot.objects.filter(group=group).values_list("year", "status")) == {
            (2024, "closed"), (2025, "open"),
        }  # fmt: skip
    boards = Unit.objects.filter(kind__in=[UnitKind.BOARD, UnitKind.CENTRAL])
    assert WebhookReceiver.objects.count() == Council.objects.count() == Blank.objects.count() == boards.count()
    assert AwardRound.objects.count() == boards.count()
    assert set(CouncilSession.objects.values_list("status", flat=True)) == {"open", "closed"}
    assert Decision.objects.filter(status="draft").count() == Decision.objects.filter(status="issued").count()
    assert Dispatch.objects.count() == boards.count() - 1  # the central board sends none
    issued = Decision.objects.filter(status="issued", records__isnull=False).distinct()
    assert issued.exists()
    for decision in issued:
        numbers = sorted(decision.records.values_list("register_number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))
        counter = RegisterCounter.objects.get(authority=decision.authority, year=2024)
        assert counter.last_number == len(numbers)
    generated = Q(group__name__startswith="Khối thi đua số") | Q(
        group__name__startswith="Cụm thi đua các tỉnh, thành phố số"
    )
    chairs = set(
        Membership.objects.filter(generated, year=2024, role=MemberRole.CHAIR).values_list("unit_id", flat=True)
    )
    assert set(Submission.objects.values_list("proposing_unit_id", flat=True)) == chairs
    assert set(Registration.objects.filter(status="submitted").values_list("unit_id", flat=True)) == chairs
    assert result["counts"]["ballots"] == Ballot.objects.count()


def _roles(memberships):
    roles: dict[tuple[int, int], list[str]] = {}
    for group_id, year, role in memberships.values_list("group_id", "year", "role"):
        roles.setdefault((group_id, year), []).append(role)
    return roles


def test_the_command_prints_timings_and_counts_and_refuses_a_second_load():
    out = StringIO()
    call_command("generate_scale_data", "--scale", str(TINY), "--seed", "5", stdout=out)
    text = out.getvalue()
    for phase in ("organisation", "pledges", "scores", "awards"):
        assert phase in text
    assert "award records" in text and "1,000" in text
    with pytest.raises(CommandError, match="already loaded"):
        call_command("generate_scale_data", "--scale", str(TINY), stdout=StringIO())


def test_every_key_page_renders_for_its_role_on_generated_data(client):
    scale.generate(seed=9, scale=TINY)
    pages = key_pages()
    assert {page.role for page in pages} == {"staff", "leader", "reviewer", "board_admin", "admin"}
    for page in pages:
        client.force_login(_user(page.username), backend="django.contrib.auth.backends.ModelBackend")
        response = client.get(page.path)
        assert response.status_code == 200, f"{page.name} ({page.path}): {response.status_code}"
        assert "charset=utf-8" in response["Content-Type"]


def _user(username):
    from clusters.models import User

    return User.objects.get(username=username)


def test_the_bare_benchmark_view_answers_only_when_the_benchmark_turns_it_on(rf, settings):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from config.views import bare

    request = rf.get("/benchmark/bare/")
    request.user = AnonymousUser()
    settings.BENCHMARK_BARE_VIEW = False
    with pytest.raises(Http404):
        bare(request)
    settings.BENCHMARK_BARE_VIEW = True
    response = bare(request)
    assert response.status_code == 200 and response.content == b"ok"


def _schema() -> tuple[set, set, set]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'")
        indexes = set(cursor.fetchall())
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f'"
        )
        foreign_keys = set(cursor.fetchall())
        cursor.execute("SELECT tgrelid::regclass::text, tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal")
        return indexes, foreign_keys, set(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_a_load_in_its_own_transaction_leaves_every_index_and_foreign_key_as_it_found_them():
    """Outside a test's transaction the load drops the plain indexes and the foreign keys of the big tables and
    loads the empty ones frozen (clusters.bulk.bulk_load): all of them are back after it, and the data holds."""
    before = _schema()
    result = scale.generate(seed=4, scale=TINY)
    assert _schema() == before
    assert result["counts"]["award records"] == AwardRecord.objects.count() == round(500_000 * TINY)
    assert result["database_size"] > 0 and result["timings"]["foreign keys"] >= 0
    pledge = Pledge.objects.filter(status=PledgeStatus.SIGNED).order_by("pk").first()
    check = pledge_verify(pledge=pledge)
    assert check.intact and check.seal_intact
    # the rank copy's trigger, off for the records' COPY, fires again, and every record carries its type's rank
    assert not AwardRecord.all_objects.exclude(award_rank=F("award_type__rank")).exists()
    record = AwardRecord.all_objects.order_by("pk").first()
    AwardRecord.all_objects.filter(pk=record.pk).update(award_rank=0)
    record.refresh_from_db()
    assert record.award_rank == record.award_type.rank
    # where the time went, phase by phase: the generator's CPU and its PostgreSQL backend's
    assert {"organisation", "awards"} <= set(result["cpu"])
    assert all(mine >= 0 for mine, _theirs in result["cpu"].values())


def test_scale_ten_spans_twenty_years_and_scale_one_ten():
    from clusters.scale import years_for

    assert years_for(1) == years_for(TINY) == list(range(2016, 2026))
    assert years_for(10) == years_for(20) == list(range(2006, 2026))
    assert len(years_for(5.5)) == 15
