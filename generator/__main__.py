"""Allows `python -m generator`, the same as the `sitegen` command."""

from generator.cli import run

run()
