"""The documentation stays true: citations resolve inside the repository (docs/architecture.md#rule-10)
and the API reference lists endpoints that exist.

Code, tests and docs cite the design as `docs/architecture.md#rule-N`, the reading of the policy as
`docs/policy.md#rN-M` (or a bare R-number, which must be one of that page's rules) and the policy
document by section (§7.3). A docs page that does not exist or an anchor missing from its page fails
here, so that every reference a newcomer follows leads somewhere.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TEXT_SUFFIXES = {".py", ".html", ".txt", ".yaml", ".yml", ".md", ".toml", ".cfg", ".ini", ".json", ".csv"}

# An anchor is lower case, as MkDocs makes them; "#rule-N" in a sentence about the form is no citation.
DOC_REFERENCE = re.compile(r"\bdocs/([\w./-]+\.md)(?:#([a-z0-9][a-z0-9_-]*)(?![\w-]))?")
R_NUMBER = re.compile(r"(?<![\w.#/-])R(\d+)(?:\.(\d+))?\b(?![\w-])")
EXPLICIT_ID = re.compile(r"""<a\s+id=["']([\w-]+)["']|\{#([\w-]+)\}""")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*(?:\{#[\w-]+\})?\s*$")


def tracked_files(*folders: str) -> list[Path]:
    """The files git tracks (or would: new, not ignored) under `folders`, text only."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *folders],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return sorted(path for name in listing if (path := ROOT / name).suffix in TEXT_SUFFIXES and path.is_file())


def slugify(heading: str) -> str:
    """The anchor MkDocs (Python-Markdown's toc) gives a heading."""
    text = re.sub(r"`|\*\*|\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


@cache
def anchors(page: str) -> frozenset[str]:
    """Every anchor of docs/`page`: explicit ids and the headings' slugs (outside code blocks)."""
    found: set[str] = set()
    fenced = False
    for line in (DOCS / page).read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        found.update(a or b for a, b in EXPLICIT_ID.findall(line))
        if heading := HEADING.match(line):
            found.add(slugify(heading.group(1)))
    return frozenset(found)


def citations(paths: list[Path], pattern: re.Pattern[str]) -> list[tuple[str, re.Match[str]]]:
    hits: list[tuple[str, re.Match[str]]] = []
    for path in paths:
        if path == Path(__file__).resolve():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            where = f"{path.relative_to(ROOT)}:{number}"
            hits.extend((where, match) for match in pattern.finditer(line))
    return hits


def test_every_docs_reference_resolves() -> None:
    paths = [*tracked_files("src", "tests", "docs"), ROOT / "README.md", ROOT / "CONTRIBUTING.md"]
    broken = []
    for where, match in citations(paths, DOC_REFERENCE):
        page, anchor = match.group(1), match.group(2)
        if not (DOCS / page).is_file():
            broken.append(f"{where}: docs/{page} does not exist")
        elif anchor and anchor not in anchors(page):
            broken.append(f"{where}: docs/{page} has no anchor #{anchor}")
    assert not broken, "\n".join(broken)


def test_every_rule_number_in_code_is_a_rule_of_the_policy_page() -> None:
    unknown = []
    for where, match in citations(tracked_files("src", "tests"), R_NUMBER):
        anchor = "r" + "-".join(part for part in match.groups() if part)
        if anchor not in anchors("policy.md"):
            unknown.append(f"{where}: {match.group(0)} is not a rule of docs/policy.md")
    assert not unknown, "\n".join(unknown)


# The product's working papers (a specification, a design note, an API contract, the vendor's document as
# received) live outside the repository; a citation of them is one a newcomer cannot follow.
OUTSIDE_CITATION = re.compile(
    r"\bSPEC\b|\bDESIGN\b|\b(?:SPEC|DESIGN|API)\.md\b|/work/shared\b|\bshared/seed\b|\bseed/000_\w+\.txt"
)


def test_no_citation_points_outside_the_repository() -> None:
    """What was cited as "SPEC R2.7" or "DESIGN rule 4" is cited as docs/policy.md#r2-7, docs/architecture.md#rule-4."""
    paths = [path for path in tracked_files(".") if path.suffix != ".csv"]
    outside = [f"{where}: {match.group(0)!r}" for where, match in citations(paths, OUTSIDE_CITATION)]
    assert not outside, "citations of files outside the repository:\n" + "\n".join(outside)


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        (
            "Decisions where the document is silent (deals and compensation)",
            "decisions-where-the-document-is-silent-deals-and-compensation",
        ),
        ("Orders from CSV", "orders-from-csv"),
        ("The tick: `partnerhub tick`", "the-tick-partnerhub-tick"),
    ],
)
def test_headings_get_the_anchors_mkdocs_gives_them(heading: str, slug: str) -> None:
    assert slugify(heading) == slug


def test_the_checks_see_what_they_look_for() -> None:
    """The patterns catch what they must, so that a passing run means something."""
    assert DOC_REFERENCE.search("docs/policy.md#r2-7").groups() == ("policy.md", "r2-7")  # type: ignore[union-attr]
    assert [m.group(0) for m in R_NUMBER.finditer("R2.7, R13.1 and R7; not ABR1.2 or #r2-7")] == ["R2.7", "R13.1", "R7"]
    assert "r2-7" in anchors("policy.md") and "rule-4" in anchors("architecture.md")
    outside = (
        "SPEC R2.7, DESIGN rule 4, SPEC.md, API.md, shared/seed/000_b2e5.txt; not SPECTACULAR or EXPERIENCE_DESIGNER"
    )
    assert [m.group(0) for m in OUTSIDE_CITATION.finditer(outside)] == [
        "SPEC",
        "DESIGN",
        "SPEC",
        "API.md",
        "shared/seed",
    ]


ENDPOINT = re.compile(r"^((?:GET|POST|PUT|PATCH|DELETE)(?:/(?:GET|POST|PUT|PATCH|DELETE))*) (\S+)$")


def api_reference_endpoints() -> list[tuple[str, str]]:
    """(method, path) of every endpoint docs/api.md lists in the first column of its tables.

    "`POST deals/{id}/approve/` · `…/reject/`": a path starting with "…" continues the previous one
    (after its last `{…}` part, or after its end when the continuation starts with one), with the
    previous methods when it names none.
    """
    endpoints: list[tuple[str, str]] = []
    methods, previous = "", ""
    for line in (DOCS / "api.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        for cell in re.findall(r"`([^`]+)`", line.split(" | ")[0]):
            if (match := ENDPOINT.match(cell)) is not None:
                methods, path = match.group(1), match.group(2)
            elif cell.startswith("…") and previous:
                path = cell
            else:
                continue
            path = path.split("?", 1)[0]
            if path.startswith("…"):
                rest = path[1:]
                path = (previous.rstrip("/") if rest.startswith("/{") else previous[: previous.rindex("}") + 1]) + rest
            previous = path
            endpoints.extend((method, path) for method in methods.split("/"))
    return endpoints


def test_the_api_reference_lists_endpoints() -> None:
    endpoints = api_reference_endpoints()
    assert ("POST", "deals/{id}/reject/") in endpoints
    assert ("POST", "product-subscriptions/{id}/revoke/") in endpoints
    assert len(endpoints) > 80


def test_every_endpoint_of_the_api_reference_exists() -> None:
    """docs/api.md stays true: each path it lists resolves, to a view that answers its method."""
    from django.urls import Resolver404, resolve

    missing = []
    for method, path in api_reference_endpoints():
        url = "/api/v1/" + re.sub(r"\{key\}", "onboarding", re.sub(r"\{\w*id\}", "1", path))
        try:
            view = resolve(url).func
        except Resolver404:
            missing.append(f"{method} {path}: no such path")
            continue
        actions = getattr(view, "actions", None)
        view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
        if actions is not None:
            allowed = {name.upper() for name in actions}
        elif view_class is not None:
            allowed = {name.upper() for name in view_class.http_method_names if hasattr(view_class, name)}
        else:
            continue
        if method not in allowed:
            missing.append(f"{method} {path}: the view answers {sorted(allowed)}")
    assert not missing, "docs/api.md lists endpoints the API does not have:\n" + "\n".join(missing)
