"""Foley World v2 (video side): domain-randomised strike scenes for the motion timing path. See models/README.md."""
from .window import render_window

__all__ = ["render_window"]
