"""`sitegen deploy`: output/ to a bucket or a folder, only what changed, in an order readers never notice.

policy.py says what every file is served with (and writes /_headers), local.py reads output/,
plan.py compares it with what the target holds, bucket.py and folder.py are the targets, and
run.py uploads the plan.
"""
