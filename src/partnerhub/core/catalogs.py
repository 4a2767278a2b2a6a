"""The translation catalogs: each app's `locale/<language>/LC_MESSAGES/django.po`, and the `django.mo` beside it
that Django reads, both committed (docs/languages.md).

The .mo files are compiled here with Babel, in Python, so that a machine with only Python runs every language:
GNU gettext is needed only by a developer extracting new strings (`make messages`), never to run or to test.
`catalog_problems` is what the suite checks: a .mo that says something else than its .po, and a .po with an
untranslated or fuzzy entry, are both mistakes that would show English (or a guess) to a German user.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

import partnerhub

SOURCE_ROOT = Path(partnerhub.__file__).resolve().parent
COMPILED_AT = dt.datetime(2019, 1, 1, tzinfo=dt.UTC)

# What a catalog says: (context, id) -> translation(s). A plural entry has a tuple of ids and of translations.
Entries = dict[tuple[str | None, object], object]


def catalog_files(root: Path = SOURCE_ROOT) -> list[Path]:
    """Every app's .po file under `root`, in a stable order."""
    return sorted(root.glob("*/locale/*/LC_MESSAGES/django.po"))


def _read_po(po_file: Path) -> Catalog:
    with po_file.open("rb") as stream:
        return read_po(stream, abort_invalid=True)


def compile_catalog(po_file: Path) -> Path:
    """Write the .mo beside `po_file` from it; returns the .mo's path."""
    mo_file = po_file.with_suffix(".mo")
    catalog = _read_po(po_file)
    # The .po files carry no extraction time (`make messages` drops it), and Babel would write the time of
    # compiling in its place: a fixed one makes the same .po compile to the same bytes, so that a .mo changes
    # only when its .po does (and two branches compiling the same catalog never conflict).
    catalog.creation_date = COMPILED_AT
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    mo_file.write_bytes(buffer.getvalue())
    return mo_file


def _entries(catalog: Catalog) -> Entries:
    """What a .mo compiled from `catalog` holds: its entries that are translated (a plural at least in part, the
    missing forms falling back to the English ones, as Babel writes them) and not fuzzy."""
    entries: Entries = {}
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        string = _plain(message.string)
        if isinstance(string, tuple):
            string = tuple(form or message.id[min(index, 1)] for index, form in enumerate(string))
        entries[(message.context, _plain(message.id))] = string
    return entries


def _translations(string: object) -> tuple[object, ...]:
    return tuple(string) if isinstance(string, (tuple, list)) else (string,)


def _plain(value: object) -> object:
    """A plural entry's ids or translations as a tuple (Babel reads them as lists or tuples)."""
    return tuple(value) if isinstance(value, list) else value


def _plural_forms(catalog: Catalog) -> str:
    return str(dict(catalog.mime_headers).get("Plural-Forms", ""))


def catalog_problems(po_file: Path) -> list[str]:
    """What is wrong with `po_file` and its compiled .mo; empty when the pair is complete and up to date."""
    catalog = _read_po(po_file)
    problems = []
    if catalog.fuzzy:
        problems.append(f"{po_file}: the header is marked fuzzy (remove '#, fuzzy' once the header is filled in)")
    for message in catalog:
        if not message.id:
            continue
        translations = _translations(message.string)
        where = f"{po_file}:{message.lineno} {_plain(message.id)!r}"
        if message.fuzzy:
            problems.append(f"{where} is fuzzy: check the translation and remove the fuzzy flag")
        elif not all(translations):
            problems.append(f"{where} is not translated")
    mo_file = po_file.with_suffix(".mo")
    if not mo_file.exists():
        return [*problems, f"{mo_file} is missing: run `make catalogs`"]
    with mo_file.open("rb") as stream:
        compiled = read_mo(stream)
    if _entries(compiled) != _entries(catalog) or _plural_forms(compiled) != _plural_forms(catalog):
        problems.append(f"{mo_file} is out of date with {po_file.name}: run `make catalogs` and commit both")
    return problems
