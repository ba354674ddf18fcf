"""The architecture, as a test: data flows one way through generator/ and modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[1] / "generator"
MAX_LINES = 400

# Pipeline order: a module may import only modules to its left (and itself never the CLI).
ORDER = ["frozen", "errors", "text", "config", "urls", "content", "importers", "model", "render", "publish", "check",
         "incremental", "deploy", "build", "scaffold", "serve", "cli"]


def _modules() -> list[Path]:
    return sorted(p for p in GENERATOR.rglob("*.py"))


def _rank(module_path: Path) -> int | None:
    parts = module_path.relative_to(GENERATOR).with_suffix("").parts
    name = parts[0]
    return ORDER.index(name) if name in ORDER else None


def test_every_module_is_in_the_pipeline_order() -> None:
    unplaced = [str(p.relative_to(GENERATOR)) for p in _modules()
                if _rank(p) is None and p.name not in ("__init__.py", "__main__.py")]
    assert unplaced == []


def test_imports_flow_one_way() -> None:
    backwards = []
    for path in _modules():
        rank = _rank(path)
        if rank is None:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator."):
                target = node.module.split(".")[1]
                if target in ORDER and ORDER.index(target) > rank:
                    backwards.append(f"{path.relative_to(GENERATOR)} imports {node.module}")
    assert backwards == []


def test_modules_stay_under_400_lines() -> None:
    long = {str(p.relative_to(GENERATOR)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
