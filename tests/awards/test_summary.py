"""award_summary: what was proposed and granted for a set of units in a year, and for whom."""

import pytest

from awards.models import ProposalStatus
from awards.selectors.records import award_summary
from awards.services.catalogue import ensure_catalogue
from awards.services.proposals import proposal_create
from clusters.models import PersonCategory
from tests.factories import (
    AwardRecordFactory,
    PersonFactory,
    ProposalFactory,
    StaffFactory,
    UnitFactory,
    award_type,
)

pytestmark = pytest.mark.django_db


def test_the_law_catalogue_has_every_code_other_apps_rely_on():
    types = ensure_catalogue()
    for code in [
        "CO_THI_DUA_CHINH_PHU",
        "BANG_KHEN_THU_TUONG",
        "CO_THI_DUA_CAP_TINH",
        "BANG_KHEN_CAP_TINH",
        "GIAY_KHEN",
        "LAO_DONG_TIEN_TIEN",
        "CSTD_CO_SO",
        "CSTD_CAP_TINH",
        "CSTD_TOAN_QUOC",
        "TAP_THE_LDTT",
        "TAP_THE_LDXS",
        "HUAN_CHUONG_LAO_DONG_HANG_BA",
    ]:
        assert types[code].legal_basis.startswith("Luật Thi đua, khen thưởng")
    assert types["CO_THI_DUA_CHINH_PHU"].name == "Cờ thi đua của Chính phủ"
    # Loading twice changes nothing.
    assert len(ensure_catalogue()) == len(types)


def test_proposal_create_makes_an_audited_draft_for_the_cluster_leader():
    lang_son = UnitFactory(name="Tỉnh Lạng Sơn")
    award_type("CO_THI_DUA_CHINH_PHU")
    staff = StaffFactory(unit=lang_son)
    proposal = proposal_create(
        actor=staff, proposing_unit=lang_son, award_type_code="CO_THI_DUA_CHINH_PHU", year=2023, nominee_unit=lang_son
    )
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.events.get().action == "create"
    from clusters.selectors.audit import audit_trail

    assert audit_trail(proposal).get().action == "proposal.create"


def test_proposal_create_refuses_a_flag_for_a_person_and_a_second_live_proposal():
    from django.core.exceptions import ValidationError

    unit = UnitFactory()
    person = PersonFactory(unit=unit)
    award_type("CO_THI_DUA_CHINH_PHU")
    with pytest.raises(ValidationError, match="chỉ xét tặng cho tập thể"):
        proposal_create(
            actor=None, proposing_unit=unit, award_type_code="CO_THI_DUA_CHINH_PHU", year=2023, nominee_person=person
        )
    proposal_create(
        actor=None, proposing_unit=unit, award_type_code="CO_THI_DUA_CHINH_PHU", year=2023, nominee_unit=unit
    )
    with pytest.raises(ValidationError, match="đã được đề nghị"):
        proposal_create(
            actor=None, proposing_unit=unit, award_type_code="CO_THI_DUA_CHINH_PHU", year=2023, nominee_unit=unit
        )


def test_award_summary_counts_per_award_and_splits_leaders_from_direct_workers(django_assert_max_num_queries):
    unit = UnitFactory()
    other = UnitFactory()
    leader = PersonFactory(unit=unit, category=PersonCategory.LEADER)
    worker = PersonFactory(unit=unit, category=PersonCategory.DIRECT_WORKER)
    deputy = PersonFactory(unit=unit, category=PersonCategory.LEADER)
    bk = award_type("BANG_KHEN_CAP_TINH")
    ProposalFactory(proposing_unit=unit, nominee_person=leader, award_type=bk, status=ProposalStatus.SUBMITTED)
    ProposalFactory(proposing_unit=unit, nominee_person=deputy, award_type=bk, status=ProposalStatus.APPROVED)
    ProposalFactory(proposing_unit=unit, nominee_person=worker, award_type=bk, status=ProposalStatus.DRAFT)
    ProposalFactory(proposing_unit=other, nominee_person=PersonFactory(unit=other), award_type=bk, status="submitted")
    ProposalFactory(proposing_unit=unit, nominee_person=leader, award_type=bk, year=2022, status="submitted")
    AwardRecordFactory(nominee_person=leader, award_type=bk, year=2023)
    AwardRecordFactory(nominee_person=worker, award_type=award_type("LAO_DONG_TIEN_TIEN"), year=2023)

    with django_assert_max_num_queries(6):
        summary = award_summary(unit_ids=[unit.pk], year=2023)

    assert summary["by_award"]["BANG_KHEN_CAP_TINH"] == {
        "name": "Bằng khen cấp bộ, ban, ngành, tỉnh",
        "rank": bk.rank,
        "proposed": 2,
        "granted": 1,
        "in_draft": 1,
    }
    assert summary["by_award"]["LAO_DONG_TIEN_TIEN"]["granted"] == 1
    assert summary["totals"] == {"proposed": 2, "granted": 2, "in_draft": 1}
    assert summary["individual"]["proposed"]["leader"] == 2
    assert summary["individual"]["proposed"]["leader_share"] == 100.0
    assert summary["individual"]["granted"]["leader_share"] == 50.0
    assert summary["individual"]["granted"]["direct_worker_share"] == 50.0


def test_award_summary_counts_collectives_inside_the_unit():
    province = UnitFactory()
    office = UnitFactory(kind="collective", name="Phòng Tổng hợp", parent=province)
    AwardRecordFactory(nominee_person=None, nominee_unit=office, award_type=award_type("TAP_THE_LDXS"), year=2023)
    summary = award_summary(unit_ids=[province.pk], year=2023)
    assert summary["by_award"]["TAP_THE_LDXS"]["granted"] == 1
    assert summary["individual"]["granted"]["total"] == 0
