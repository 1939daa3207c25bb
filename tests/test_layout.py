"""The package's shape, as the README's layout describes it: every module listed there, MkDocs
imported only by its glue, modules small enough to read, and imports at the top."""

from __future__ import annotations

import ast
import re

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "policy_site"
MODULES = sorted(PACKAGE.glob("*.py"))
# What may import MkDocs, its theme or its plugins: the plugin and the command reading mkdocs.yml.
GLUE = {"plugin.py", "plugin_config.py", "i18n_adapter.py", "cli.py"}
MAX_LINES = 430  # "about 400"


def _layout() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    return readme[readme.index("## Layout") :].split("```")[1]


def test_every_module_is_in_the_readmes_layout():
    listed = set(re.findall(r"\b(\w+\.py)\b", _layout()))
    missing = [m.name for m in MODULES if m.name != "__init__.py" and m.name not in listed]
    assert not missing, f"add to the README's layout: {missing}"
    gone = sorted(name for name in listed if not (PACKAGE / name).exists())
    assert not gone, f"the README's layout lists modules that do not exist: {gone}"


def _imports(tree: ast.Module) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_only_the_glue_imports_mkdocs():
    for module in MODULES:
        tree = ast.parse(module.read_text("utf-8"))
        outside = [
            n for n in _imports(tree) if n.split(".")[0] in ("mkdocs", "material", "mkdocs_static_i18n")
        ]
        if module.name not in GLUE:
            assert not outside, f"{module.name} imports {outside}: keep MkDocs in the glue"


def test_modules_stay_small():
    sizes = {m.name: len(m.read_text("utf-8").splitlines()) for m in MODULES}
    large = {name: n for name, n in sizes.items() if n > MAX_LINES}
    assert not large, f"split these along their seams: {large}"


def test_imports_are_at_the_top():
    """A function-local import hides a dependency; none is needed, as no import cycle exists."""
    for module in MODULES:
        tree = ast.parse(module.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
                assert not inner, f"{module.name}:{inner[0].lineno}: import at the top of the module"
