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
    """The cached reads (awards.cache: the fairness figures, the search matches) read these tables."""
    from django.db.models.signals import post_delete, post_save

    from clusters.models import EmulationGroup, Person, Unit

    from .models import AwardRecord, AwardType, Proposal

    for model in (Proposal, AwardRecord, AwardType, Person, Unit, EmulationGroup):
        for signal in (post_save, post_delete):
            signal.connect(_data_changed, sender=model, dispatch_uid=f"awards-cache-{model._meta.label}-{signal}")
