"""The fairness figures' summary table (`FairnessTally`, kept by the database's triggers) always equals the figures
computed live from the award records, after each kind of write: records added one by one and in bulk, changed,
deleted; a person's category or unit changed; a unit's kind, parent or remoteness changed. And an award type's rank
is copied onto its records (the award history's order)."""

from __future__ import annotations

import pytest
from django.db import connection

from awards.models import AwardRecord, Proposal, ProposalStatus
from awards.selectors.fairness import granted_counts, granted_counts_live, proposed_counts, proposed_counts_live
from clusters.models import PersonCategory, Unit, UnitKind
from tests.factories import AwardRecordFactory, PersonFactory, ProposalFactory, UnitFactory, award_type

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the summary table's triggers are PostgreSQL's"),
]


def _nonzero(counts: dict) -> dict:
    return {owner: dict(row) for owner, row in counts.items() if row["total"]}


def assert_tally_is_live():
    units = list(Unit.objects.values_list("pk", flat=True))
    years = set(AwardRecord.objects.values_list("year", flat=True)) | set(
        Proposal.objects.values_list("year", flat=True)
    )
    for year in years | {2023}:
        assert _nonzero(granted_counts(year=year, unit_ids=units)) == _nonzero(
            granted_counts_live(year=year, unit_ids=units)
        ), year
        every = Proposal.objects.all()
        assert _nonzero(proposed_counts(proposals=every, year=year, every_proposal=True)) == _nonzero(
            proposed_counts_live(proposals=every, year=year)
        ), year


@pytest.fixture
def world():
    province = UnitFactory(name="Tỉnh Công Bằng")
    remote = UnitFactory(name="Huyện Vùng Cao", parent=province, is_remote=True)
    team = UnitFactory(name="Tổ Sản Xuất", kind=UnitKind.COLLECTIVE, parent=province)
    leader = PersonFactory(unit=province, category=PersonCategory.LEADER)
    worker = PersonFactory(unit=remote, category=PersonCategory.DIRECT_WORKER)
    AwardRecordFactory(nominee_person=leader)
    AwardRecordFactory(nominee_person=worker)
    AwardRecordFactory(nominee_person=None, nominee_unit=team)
    ProposalFactory(proposing_unit=province, nominee_person=leader, status=ProposalStatus.SUBMITTED)
    ProposalFactory(proposing_unit=province, nominee_person=worker, status=ProposalStatus.SUBMITTED)
    ProposalFactory(proposing_unit=province, nominee_person=None, nominee_unit=team, status=ProposalStatus.APPROVED)
    ProposalFactory(proposing_unit=remote, nominee_person=worker, year=2024)  # a draft: not counted
    return {"province": province, "remote": remote, "team": team, "leader": leader, "worker": worker}


def test_records_added_one_by_one_and_in_bulk_are_counted(world):
    assert_tally_is_live()
    assert granted_counts(year=2023, unit_ids=[world["province"].pk])[world["province"].pk]["total"] == 2
    kind = award_type("LAO_DONG_TIEN_TIEN")
    AwardRecord.objects.bulk_create(
        [
            AwardRecord(
                nominee_person=PersonFactory(unit=world["remote"]),
                award_type=kind,
                year=2022,
                decision_number=f"{n}/QĐ",
            )
            for n in range(5)
        ]
    )
    assert_tally_is_live()


def test_records_changed_and_deleted_are_counted_again(world):
    record = AwardRecord.objects.filter(nominee_person=world["leader"]).get()
    record.year = 2021
    record.nominee_person = world["worker"]
    record.save()
    assert_tally_is_live()
    AwardRecord.objects.filter(nominee_unit=world["team"]).update(year=2020)
    assert_tally_is_live()
    AwardRecord.objects.filter(nominee_person=world["worker"]).delete()
    assert_tally_is_live()


def test_proposals_sent_up_changed_and_deleted_are_counted(world):
    draft = Proposal.objects.get(status=ProposalStatus.DRAFT)
    Proposal.objects.filter(pk=draft.pk).update(status=ProposalStatus.SUBMITTED)
    assert_tally_is_live()
    Proposal.objects.filter(pk=draft.pk).update(year=2022, proposing_unit=world["province"])
    assert_tally_is_live()
    Proposal.objects.filter(pk=draft.pk).delete()
    assert_tally_is_live()
    assert (
        proposed_counts(proposals=Proposal.objects.all(), year=2023, every_proposal=True)[world["province"].pk]["total"]
        == 3
    )


def test_a_person_changing_category_or_unit_moves_their_records(world):
    world["leader"].category = PersonCategory.DIRECT_WORKER
    world["leader"].save()
    assert_tally_is_live()
    world["worker"].unit = world["province"]
    world["worker"].save()
    assert_tally_is_live()


def test_a_unit_changing_kind_parent_or_remoteness_moves_its_records(world):
    Unit.objects.filter(pk=world["remote"].pk).update(is_remote=False)
    assert_tally_is_live()
    team = world["team"]
    team.parent = world["remote"]
    team.kind = UnitKind.PROVINCE
    team.is_remote = True
    team.save()
    assert_tally_is_live()


def test_a_new_record_shows_in_the_figures_at_once(world):
    before = granted_counts(year=2023, unit_ids=[world["province"].pk])
    AwardRecordFactory(nominee_person=PersonFactory(unit=world["province"], category=PersonCategory.LEADER))
    after = granted_counts(year=2023, unit_ids=[world["province"].pk])
    assert after[world["province"].pk]["leaders"] == before[world["province"].pk]["leaders"] + 1


def test_an_award_records_rank_follows_its_award_type(world):
    record = AwardRecord.objects.filter(nominee_person=world["leader"]).get()
    kind = record.award_type
    assert AwardRecord.objects.get(pk=record.pk).award_rank == kind.rank
    kind.rank += 1
    kind.save()
    assert AwardRecord.objects.get(pk=record.pk).award_rank == kind.rank
    other = award_type("BANG_KHEN_CAP_TINH")
    AwardRecord.objects.filter(pk=record.pk).update(award_type=other)
    assert AwardRecord.objects.get(pk=record.pk).award_rank == other.rank


def test_a_revoked_record_drops_out_of_the_tally_as_it_drops_out_of_the_records_in_force(world):
    from django.utils import timezone

    record = AwardRecord.objects.get(nominee_person=world["leader"])
    AwardRecord.all_objects.filter(pk=record.pk).update(
        revoked_at=timezone.now(), revocation_reason="Khai man thành tích", revoked_by_number="15/QĐ-UBND"
    )

    assert granted_counts(year=2023, unit_ids=[world["province"].pk])[world["province"].pk]["total"] == 1
    assert_tally_is_live()
