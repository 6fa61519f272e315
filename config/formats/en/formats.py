"""The English interface keeps the Vietnamese formats (see config/formats/vi/formats.py)."""

from config.formats.vi.formats import *  # noqa: F403
