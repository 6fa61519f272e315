from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Chu kỳ thi đua")

    def ready(self) -> None:
        from . import (
            panels_pledges,  # noqa: F401  dashboard panels of pledges
            panels_yearend,  # noqa: F401  dashboard panels of the year end
        )

        _register_ballot_reader()


def _register_ballot_reader() -> None:
    """Awards' eligibility checks read the ballot's leading unit (Cờ thi đua, Law 2022 Art. 25, 26); awards may not
    import emulation, so emulation hands it the reader. Imported here: models are not ready at import time."""
    from awards.selectors.proposals import register_leading_unit_source

    from .selectors.yearend import leading_unit_vote

    register_leading_unit_source(leading_unit_vote)
