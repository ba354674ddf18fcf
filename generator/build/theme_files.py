"""What a build puts in output/ from the theme besides pages: its static files and /_headers.

Each static file is copied under its plain name and, unless in the preview, under a
content-hashed one (render/themes.py: fingerprinted()), which is what static_url() links and
what /_headers (deploy/policy.py) lets hosts cache for a year. The plain copy keeps working for
a theme that links `url('/static/x.css')` and for a stylesheet's own relative url()s; it is
revalidated like a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.build.results import BuildOptions
from generator.config import SiteConfig
from generator.deploy.policy import HEADERS_FILE, render_headers
from generator.render.themes import ThemeChain, fingerprinted


@dataclass(frozen=True, slots=True)
class ThemeFiles:
    copies: dict[str, Path]  # output path → the theme's file
    names: dict[str, str]  # a static file's plain output path → the one static_url() links
    headers: bytes  # /_headers

    @property
    def claims(self) -> list[tuple[str, str]]:
        """(output path, what claims it) for the collision check (model/collisions.py)."""
        return [*((path, f"theme file {path}") for path in self.copies),
                (HEADERS_FILE, "the cache and security headers (sitegen.toml [headers])")]

    @property
    def outputs(self) -> dict[str, Path | bytes]:
        """Output path → the file copied there, or the bytes written (build/write.py)."""
        return {**self.copies, HEADERS_FILE: self.headers}


def theme_files(theme: ThemeChain, config: SiteConfig, options: BuildOptions) -> ThemeFiles:
    """THEME's files for a build of CONFIG's site, under content-hashed names too if OPTIONS ask."""
    static = theme.static_files()
    names = fingerprinted(static, options.fingerprint_assets)
    copies = {**static, **{served: static[plain] for plain, served in names.items()}}
    return ThemeFiles(copies, names, render_headers(config, names))
