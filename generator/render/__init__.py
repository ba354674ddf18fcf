"""From a planned page to its bytes: the Jinja theme chain and the helpers templates call, feeds
and sitemaps, and the tracking views through which every page's reads are recorded.
"""
