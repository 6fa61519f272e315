import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from clusters.dashboard import Page, register_section


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self) -> None:
        from .panels import proposals, registrations, workflow  # noqa: F401  the dashboard panels register themselves on import

        _connect_cache_invalidation()
        _add_sections_to_organisation_pages()
        _keep_sqlite_rank_triggers_out_of_migrations()


def _add_sections_to_organisation_pages() -> None:
    """Award history and live proposals on the unit and person pages (clusters.dashboard)."""
    from .templatetags.awards_tags import person_awards, unit_awards  # they read awards' models: after ready

    register_section(Page.UNIT, template="awards/includes/history.html", context=unit_awards)
    register_section(Page.PERSON, template="awards/includes/history.html", context=person_awards)


def _data_changed(sender, **kwargs) -> None:
    """After the transaction commits (a reader in between would cache the old figures under the new version)."""
    from django.db import transaction

    from .cache import data_changed

    def bump() -> None:
        try:
            data_changed()
        except Exception:  # the cache is down: the write stands, cached figures expire on their own
            logging.getLogger(__name__).warning("cached awards reads not invalidated", exc_info=True)

    transaction.on_commit(bump)


def _connect_cache_invalidation() -> None:
    """The cached reads (awards.cache: the fairness figures, the search matches, the record scope, the initiative
    report's workbook) read these tables (a reviewer reads the members of the groups its board organises: the
    memberships too)."""
    from django.db.models.signals import post_delete, post_save

    from clusters.models import EmulationGroup, Membership, Person, Unit

    from .models import AwardRecord, AwardType, Initiative, InitiativeAuthor, Proposal, ProposalInitiative

    initiatives = (Initiative, InitiativeAuthor, ProposalInitiative)  # the initiative report's workbook
    for model in (Proposal, AwardRecord, AwardType, Person, Unit, EmulationGroup, Membership, *initiatives):
        for signal in (post_save, post_delete):
            signal.connect(_data_changed, sender=model, dispatch_uid=f"awards-cache-{model._meta.label}-{signal}")


#: SQLite (the demo only) keeps each award record's copy of its type's rank with these triggers (PostgreSQL's are
#: installed by migration awards.0013). They live outside the migrations: SQLite rebuilds a table to alter it, and a
#: trigger of another table naming the table being rebuilt fails the rebuild, so they are dropped before `migrate`
#: and created again after it.
SQLITE_RANK_TRIGGERS = [
    "CREATE TRIGGER awardrecord_copy_rank_insert AFTER INSERT ON awards_awardrecord BEGIN "
    "UPDATE awards_awardrecord SET award_rank = (SELECT rank FROM awards_awardtype WHERE id = NEW.award_type_id) "
    "WHERE id = NEW.id; END",
    "CREATE TRIGGER awardrecord_copy_rank_update AFTER UPDATE OF award_type_id, award_rank ON awards_awardrecord "
    "BEGIN UPDATE awards_awardrecord SET award_rank = (SELECT rank FROM awards_awardtype WHERE id = NEW.award_type_id) "
    "WHERE id = NEW.id AND award_rank IS NOT (SELECT rank FROM awards_awardtype WHERE id = NEW.award_type_id); END",
    "CREATE TRIGGER awardtype_rank_to_records AFTER UPDATE OF rank ON awards_awardtype "
    "BEGIN UPDATE awards_awardrecord SET award_rank = NEW.rank WHERE award_type_id = NEW.id; END",
]
#: And each proposal's folded nominee name (PostgreSQL's: migration awards.0022), the same way.
_NOMINEE_FOLDED = (
    "COALESCE((SELECT folded_name FROM clusters_person WHERE id = NEW.nominee_person_id), "
    "(SELECT THIDUA_FOLD(name) FROM clusters_unit WHERE id = NEW.nominee_unit_id), '')"
)
SQLITE_RANK_TRIGGERS += [
    "CREATE TRIGGER proposal_fold_nominee_insert AFTER INSERT ON awards_proposal BEGIN "
    f"UPDATE awards_proposal SET nominee_folded = {_NOMINEE_FOLDED} WHERE id = NEW.id; END",
    "CREATE TRIGGER proposal_fold_nominee_update AFTER UPDATE OF nominee_person_id, nominee_unit_id, nominee_folded "
    f"ON awards_proposal BEGIN UPDATE awards_proposal SET nominee_folded = {_NOMINEE_FOLDED} "
    f"WHERE id = NEW.id AND nominee_folded IS NOT {_NOMINEE_FOLDED}; END",
    "CREATE TRIGGER person_name_to_proposals AFTER UPDATE OF full_name ON clusters_person BEGIN "
    "UPDATE awards_proposal SET nominee_folded = NEW.folded_name WHERE nominee_person_id = NEW.id; END",
    "CREATE TRIGGER unit_name_to_proposals AFTER UPDATE OF name ON clusters_unit BEGIN "
    "UPDATE awards_proposal SET nominee_folded = THIDUA_FOLD(NEW.name) WHERE nominee_unit_id = NEW.id; END",
]
SQLITE_RANK_TRIGGER_NAMES = [
    "proposal_fold_nominee_insert",
    "proposal_fold_nominee_update",
    "person_name_to_proposals",
    "unit_name_to_proposals",
    "awardtype_rank_to_records",
    "awardrecord_copy_rank_update",
    "awardrecord_copy_rank_insert",
]


def _drop_sqlite_rank_triggers(sender, using="default", **kwargs) -> None:
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in SQLITE_RANK_TRIGGER_NAMES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _create_sqlite_rank_triggers(sender, using="default", **kwargs) -> None:
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite" or "awards_awardrecord" not in connection.introspection.table_names():
        return
    _drop_sqlite_rank_triggers(sender, using=using)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE awards_awardrecord SET award_rank = "
            "(SELECT t.rank FROM awards_awardtype t WHERE t.id = awards_awardrecord.award_type_id)"
        )
        cursor.execute(
            f"UPDATE awards_proposal SET nominee_folded = {_NOMINEE_FOLDED.replace('NEW.', 'awards_proposal.')}"
        )
        for statement in SQLITE_RANK_TRIGGERS:
            cursor.execute(statement)


def _keep_sqlite_rank_triggers_out_of_migrations() -> None:
    from django.db.models.signals import post_migrate, pre_migrate

    pre_migrate.connect(_drop_sqlite_rank_triggers, dispatch_uid="awards-sqlite-rank-triggers-drop")
    post_migrate.connect(_create_sqlite_rank_triggers, dispatch_uid="awards-sqlite-rank-triggers-create")
