"""Helpers for scripts/versions: constraints for a version set and the Colab install report.

Runs on Python 3.11+ with only the standard library (tomllib), outside the set's
environment, so the floor set's older Python can be tested too.

    python3 scripts/version_sets.py floor [pyproject.toml]
        prints `name==lower_bound` for every dependency of [project] (the floor set)
    python3 scripts/version_sets.py colab-pins FREEZE
        prints Colab's `name==version` lines (pip's constraint format; URL lines dropped)
    python3 scripts/version_sets.py colab-missing REPORT.json INSTALLED.json FREEZE
        prints `name==colab_version` for each package the dry-run would install that
        Colab preinstalls but the environment lacks (so the twin gets Colab's copy first)
    python3 scripts/version_sets.py colab-summary REPORT.json FREEZE
        prints the Markdown table of what `pip install dlcourse` adds or changes on Colab
    python3 scripts/version_sets.py trim REPORT.json
        prints the report reduced to name, version and whether it was requested
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import tomllib

NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
LOWER = re.compile(r">=\s*([0-9][0-9A-Za-z.]*)")


def canonical(name: str) -> str:
    """PEP 503 name: case, dots and underscores do not distinguish packages."""
    return re.sub(r"[-_.]+", "-", name).lower()


def floor(pyproject: Path) -> list[str]:
    """`name==lower` for each base dependency; a dependency without `>=` has no floor to test."""
    deps = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    pins = []
    for dep in deps:
        name, lower = NAME.match(dep), LOWER.search(dep)
        if not name or not lower:
            raise SystemExit(
                f"Expected every dependency in {pyproject} to have a lower bound (>=). "
                f"Received: {dep!r}. Add the lowest version you support, then test it "
                "with `scripts/versions floor`."
            )
        marker = dep.split(";", 1)[1].strip() if ";" in dep else ""
        pins.append(f"{name.group(1)}=={lower.group(1)}" + (f"; {marker}" if marker else ""))
    return pins


def freeze_pins(freeze: Path) -> dict[str, tuple[str, str]]:
    """Canonical name -> (name as written, version) for each `name==version` line."""
    pins = {}
    for line in freeze.read_text().splitlines():
        if "==" in line and "@" not in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[canonical(name)] = (name.strip(), version.strip())
    return pins


def report_items(report: Path) -> list[dict]:
    """What `pip install --dry-run --report` would install: name, version, requested."""
    items = json.loads(report.read_text())["install"]
    return [{"name": i["metadata"]["name"], "version": i["metadata"]["version"],
             "requested": bool(i.get("requested"))} for i in items]


def colab_missing(report: Path, installed: Path, freeze: Path) -> list[str]:
    have = {canonical(p["name"]): p["version"] for p in json.loads(installed.read_text())}
    colab = freeze_pins(freeze)
    missing = []
    for item in report_items(report):
        key = canonical(item["name"])
        if key in colab and key not in have:
            name, version = colab[key]
            missing.append(f"{name}=={version}")
    return missing


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.+-]", version))


def colab_summary(report: Path, freeze: Path) -> str:
    colab = freeze_pins(freeze)
    rows, counts = [], {"added": 0, "upgraded": 0, "downgraded": 0}
    for item in sorted(report_items(report), key=lambda i: canonical(i["name"])):
        key = canonical(item["name"])
        if item["requested"]:
            continue  # dlcourse itself
        if key not in colab:
            change, before = "added", "-"
        else:
            before = colab[key][1]
            newer = _version_key(item["version"]) > _version_key(before)
            change = "upgraded" if newer else "downgraded"
        counts[change] += 1
        rows.append(f"| {item['name']} | {before} | {item['version']} | {change} |")
    head = (f"{counts['added']} added, {counts['upgraded']} upgraded, "
            f"{counts['downgraded']} downgraded (besides dlcourse itself).\n\n"
            "| package | Colab has | pip installs | change |\n|---|---|---|---|")
    return "\n".join([head, *rows])


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit(__doc__)
    command, *args = argv
    if command == "floor":
        print("\n".join(floor(Path(args[0] if args else "pyproject.toml"))))
    elif command == "colab-pins":
        print("\n".join(f"{n}=={v}" for n, v in freeze_pins(Path(args[0])).values()))
    elif command == "colab-missing":
        for line in colab_missing(*map(Path, args)):
            print(line)
    elif command == "colab-summary":
        print(colab_summary(*map(Path, args)))
    elif command == "trim":
        print(json.dumps(report_items(Path(args[0])), indent=1))
    else:
        raise SystemExit(f"Expected floor, colab-pins, colab-missing, colab-summary or trim. "
                         f"Received: {command!r}.\n{__doc__}")


if __name__ == "__main__":
    main(sys.argv[1:])
