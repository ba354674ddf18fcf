"""Finds output files that cannot be written as planned, before anything is: a URL claimed twice,
a file where the site needs a folder, a name no file system or link can carry, a file inside
the search index's folder. Each problem names the file of the site that asked for it.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict

from generator.errors import Problem
from generator.model.routes import SEARCH_BUNDLE, PageKind, PagePlan
from generator.text import control_character_name
from generator.urls import name_too_long


def find_collisions(plans: tuple[PagePlan, ...], copied: list[tuple[str, str]]) -> list[Problem]:
    """Problems for output files claimed twice; COPIED holds (output path, source) of assets."""
    claims: dict[str, list[str]] = defaultdict(list)
    for plan in plans:
        claims[plan.output_path].append(plan.claimed_by)
    for output_path, source in copied:
        claims[output_path].append(source)
    problems = _in_search_bundle(plans, claims) + _folder_clashes(claims) + _unwritable_names(claims)
    for output_path, claimants in claims.items():
        if len(claimants) > 1:
            first = _blamed(claimants)
            others = " and ".join(c for c in claimants if c != first)
            problems.append(Problem(first, f"would write /{output_path.removesuffix('index.html')}, "
                                    f"which {others} also writes; give one a different slug"))
    return problems


def _blamed(claimants: list[str]) -> str:
    """The claimant a message names first: a file of the site where there is one."""
    files = [c for c in claimants if c.startswith(("content/", "themes/"))]
    return files[0] if files else claimants[0]


def _folder_clashes(claims: dict[str, list[str]]) -> list[Problem]:
    """Files that would be written where the site needs a folder (content/tags beside the tag pages)."""
    inside: dict[str, str] = {}  # folder → an output path within it
    for output_path in claims:
        folder = posixpath.dirname(output_path)
        while folder and folder not in inside:
            inside[folder] = output_path
            folder = posixpath.dirname(folder)
    return [Problem(_blamed(claimants), f"would write the file /{output_path}, but /{output_path}/ is a folder "
                    f"of the site ({_blamed(claims[inside[output_path]])} writes "
                    f"/{inside[output_path].removesuffix('index.html')}); rename the file")
            for output_path, claimants in claims.items() if output_path in inside]


_UNLINKABLE = re.compile(r"[\x00-\x1f\x7f#?]")


def _unwritable_names(claims: dict[str, list[str]]) -> list[Problem]:
    """Output names no file system (or no link) can carry: too long, control characters, # or ?."""
    problems = []
    for output_path, claimants in claims.items():
        for name in output_path.split("/"):
            if too_long := name_too_long(name):
                problems.append(Problem(_blamed(claimants), too_long))
                break
            if bad := _UNLINKABLE.search(name):
                what = (f"the character {bad.group()!r}" if bad.group() in "#?"
                        else control_character_name(bad.group()))
                problems.append(Problem(_blamed(claimants), f"would write /{output_path}, whose name holds "
                                        f"{what}: no link can reach it; rename the file"))
                break
    return problems


def _in_search_bundle(plans: tuple[PagePlan, ...], claims: dict[str, list[str]]) -> list[Problem]:
    """Files that would land in pagefind/, which the search index replaces whole on every build."""
    if not any(plan.kind is PageKind.SEARCH for plan in plans):
        return []
    return [Problem(claimants[0], f"would write /{output_path}, but pagefind/ holds the search index; "
                                  "move it elsewhere, or set search = false in sitegen.toml")
            for output_path, claimants in claims.items() if output_path.startswith(f"{SEARCH_BUNDLE}/")]
