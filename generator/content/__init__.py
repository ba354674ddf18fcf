"""Reading one file: the content folder's listing, front matter, Markdown, image facts, and the
model of one article, page or author profile. Pure and per file: what this stage makes can be cached
by the file's bytes and made in worker processes.
"""
