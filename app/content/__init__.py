"""Loading and validating the content in the top-level ``content/`` folder.

This package is code; the data it reads lives in ``content/`` at the project
root. Like the engine, it never imports Flask.
"""

from app.content.bundle import Bundle
from app.content.bundle import load_bundle

__all__ = ["Bundle", "load_bundle"]
