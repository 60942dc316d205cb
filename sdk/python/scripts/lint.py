"""Style gate for the Python SDK (stdlib only; no linter is installable offline): every file compiles, and keeps
the .editorconfig rules (spaces, no trailing whitespace, final newline, 130 columns) and has no unused import."""
import ast
import pathlib
import sys

MAX_COLUMNS = 130
ROOT = pathlib.Path(__file__).resolve().parent.parent


def unused_imports(tree: ast.Module, source: str):
    """Top-level imports never named again (``__init__`` re-exports through ``__all__`` count as used)."""
    imported = {}
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                name = (alias.asname or alias.name).split(".")[0]
                if name != "*" and not (isinstance(node, ast.ImportFrom) and node.module == "__future__"):
                    imported[name] = node.lineno
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    used |= {n.value.id for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)}
    exported = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            exported = {e.value for e in getattr(node.value, "elts", []) if isinstance(e, ast.Constant)}
    # names used only in string annotations still count
    return [(line, name) for name, line in imported.items()
            if name not in used and name not in exported and f"'{name}" not in source and f'"{name}' not in source]


def check(path: pathlib.Path):
    source = path.read_text(encoding="utf-8")
    problems = []
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as e:
        return [f"{path}:{e.lineno}: does not compile: {e.msg}"]
    for number, line in enumerate(source.split("\n"), 1):
        if "\t" in line:
            problems.append(f"{path}:{number}: tab character")
        if line != line.rstrip():
            problems.append(f"{path}:{number}: trailing whitespace")
        if len(line) > MAX_COLUMNS:
            problems.append(f"{path}:{number}: {len(line)} columns (at most {MAX_COLUMNS})")
    if source and not source.endswith("\n"):
        problems.append(f"{path}: no newline at end of file")
    problems += [f"{path}:{line}: unused import {name}" for line, name in unused_imports(tree, source)]
    return problems


def main() -> int:
    files = sorted(p for d in ("src", "tests", "bench", "scripts") for p in (ROOT / d).rglob("*.py"))
    problems = [p for f in files for p in check(f)]
    for p in problems:
        print(p)
    print(f"python lint: {len(files)} files, {len(problems)} problems")
    print(f"lint: {1 if not problems else 0} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
