import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self) -> None:
        from . import panels  # noqa: F401  dashboard panels

        _connect_fairness_invalidation()


def _fairness_changed(sender, **kwargs) -> None:
    """After the transaction commits (a reader in between would cache the old figures under the new version)."""
    from django.db import transaction

    from .selectors import fairness_changed

    def bump() -> None:
        try:
            fairness_changed()
        except Exception:  # the cache is down: the write stands, cached figures expire on their own
            logging.getLogger(__name__).warning("fairness cache not invalidated", exc_info=True)

    transaction.on_commit(bump)


def _connect_fairness_invalidation() -> None:
    """The reviewer dashboard's cached fairness figures (selectors.board_fairness) read these tables."""
    from django.db.models.signals import post_delete, post_save

    from clusters.models import EmulationGroup, Person, Unit

    from .models import AwardRecord, AwardType, Proposal

    for model in (Proposal, AwardRecord, AwardType, Person, Unit, EmulationGroup):
        for signal in (post_save, post_delete):
            signal.connect(_fairness_changed, sender=model, dispatch_uid=f"fairness-{model._meta.label}-{signal}")
