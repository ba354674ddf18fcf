"""sitegen: a static-site generator for news desks."""

__version__ = "0.1.0"
