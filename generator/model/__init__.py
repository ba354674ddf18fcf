"""The site as a whole: what is published and in which lists (site), the images pages show
(pictures), and the plan of every output file (routes).
"""
