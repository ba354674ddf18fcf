"""Orchestration: the builder and its cache, the worker processes, and rendering the stale pages
into the output transaction.
"""
