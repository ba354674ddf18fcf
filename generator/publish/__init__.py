"""The only writers of output/: the all-or-nothing output transaction and the search index.
"""
