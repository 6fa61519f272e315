"""Models of the yearly cycle, one module per feature:

- campaigns.py: phong trào thi đua
- pledges.py: giao ước thi đua, content items, targets, scoring table, signatures
- yearend.py: self-scoring, verification, ranking, ballots
- reports.py: year-end summary reports compiled by Celery
"""

from .campaigns import *  # noqa: F403
from .pledges import *  # noqa: F403
from .reports import *  # noqa: F403
from .yearend import *  # noqa: F403
