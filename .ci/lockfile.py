"""Is requirements.lock made from pyproject.toml's dependencies? `check` fails loudly if not; `stamp` (run by
`make lock` after pip-compile) records which dependencies it was made from, in its first line.

Only the dependency lists count: a change to a tool's settings in pyproject.toml leaves the lock fresh.
"""

import hashlib
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
MARK = "# pyproject-dependencies-sha256: "


def digest() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lists = [project.get("dependencies", []), project.get("optional-dependencies", {})]
    return hashlib.sha256(json.dumps(lists, sort_keys=True).encode()).hexdigest()


def main(command: str) -> int:
    if command == "stamp":
        lines = [line for line in LOCK.read_text().splitlines() if not line.startswith(MARK)]
        LOCK.write_text("\n".join([MARK + digest(), *lines]) + "\n")
        return 0
    first = LOCK.read_text().splitlines()[0] if LOCK.exists() else ""
    if first != MARK + digest():
        print(
            "requirements.lock is stale: pyproject.toml's dependencies changed since it was made.\n"
            "Run `make lock` and commit requirements.lock with pyproject.toml.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "check"))
