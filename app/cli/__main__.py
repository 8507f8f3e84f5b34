"""``python -m app.cli``: the same as the ``kyrbot`` command."""

from app.cli import main

main()
