"""See emulation/models/__init__.py."""

__all__: list[str] = []
