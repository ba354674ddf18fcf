"""What a build may skip: page fingerprints from recorded reads, and the serve quick path's
swap of edited articles into the last site.
"""
