"""`sitegen check`: what is wrong with a built site (links, assets, HTML, content gaps).
"""
