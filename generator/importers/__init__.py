"""`sitegen import`: a Jekyll site, a Hugo site or a WordPress export brought over as sitegen content.

A newsroom moves to sitegen only if its archive comes along, and keeps its readers only if the
archive's URLs keep working. Each reader (jekyll.py, hugo.py, wordpress.py) turns its source into
Stories with their old URLs; the shared steps convert what they can (links.py, liquid.py,
shortcodes.py, html.py), place every story under content/ with complete front matter and its
old URLs as aliases (place.py), and list with file and line what they could not convert, which
stays visible in the text. Nothing here overwrites a file or imports the build: the result is
plain content that `sitegen build` reads like any other.
"""

# The sources `sitegen import` reads: each names its module here, which has read() and convert().
# Kept apart from the modules themselves so that every sitegen command can list them without
# importing them (WordPress's HTML conversion alone takes a third of the command's start-up).
KINDS = ("jekyll", "hugo", "wordpress")
