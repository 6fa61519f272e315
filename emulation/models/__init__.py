"""Models of the yearly cycle, one module per feature:

- campaigns.py: phong trào thi đua
- pledges.py: giao ước thi đua, content items, targets, scoring table
- signing.py: the member units' signatures of a pledge
- scoring.py: self-scoring, verification, the data of the ranking
- ballots.py: the year-end ballot
- overview.py: the year-end overview's summary table of group-years (kept by the database)
- reports.py: year-end summary reports compiled by Celery
- statistics.py: the statutory statistics forms 0601–0605, their manual cells and compiles
"""

from .ballots import *  # noqa: F403
from .campaigns import *  # noqa: F403
from .overview import *  # noqa: F403
from .pledges import *  # noqa: F403
from .reports import *  # noqa: F403
from .scoring import *  # noqa: F403
from .signing import *  # noqa: F403
from .statistics import *  # noqa: F403
