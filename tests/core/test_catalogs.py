"""The committed translation catalogs are complete and compiled (core.catalogs): no German user sees English
because a .mo was not rebuilt or an entry was left untranslated or fuzzy. No GNU gettext is needed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from partnerhub.core.catalogs import SOURCE_ROOT, catalog_files, catalog_problems, compile_catalog

HEADER = """msgid ""
msgstr ""
"Language: de\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


def test_the_portal_and_the_core_have_a_german_catalog():
    assert {path.relative_to(SOURCE_ROOT).parts[0] for path in catalog_files()} >= {"core", "portal"}


@pytest.mark.parametrize("po_file", catalog_files(), ids=lambda path: str(path.relative_to(SOURCE_ROOT)))
def test_every_committed_catalog_is_translated_and_compiled(po_file):
    assert catalog_problems(po_file) == []


def _catalog(tmp_path: Path, entries: str) -> Path:
    po_file = tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po"
    po_file.parent.mkdir(parents=True)
    po_file.write_text(HEADER + entries, encoding="utf-8")
    return po_file


def test_a_complete_catalog_compiles_to_a_mo_that_django_reads(tmp_path):
    po_file = _catalog(tmp_path, '\nmsgid "Invoices"\nmsgstr "Rechnungen"\n')
    compile_catalog(po_file)
    assert catalog_problems(po_file) == []

    import gettext

    with po_file.with_suffix(".mo").open("rb") as stream:
        assert gettext.GNUTranslations(stream).gettext("Invoices") == "Rechnungen"


def test_a_mo_older_than_its_po_is_found(tmp_path):
    po_file = _catalog(tmp_path, '\nmsgid "Invoices"\nmsgstr "Rechnungen"\n')
    compile_catalog(po_file)
    po_file.write_text(HEADER + '\nmsgid "Invoices"\nmsgstr "Faktura"\n', encoding="utf-8")
    stale = f"{po_file.with_suffix('.mo')} is out of date with django.po: run `make catalogs` and commit both"
    assert catalog_problems(po_file) == [stale]


def test_a_missing_mo_is_found(tmp_path):
    po_file = _catalog(tmp_path, '\nmsgid "Invoices"\nmsgstr "Rechnungen"\n')
    assert catalog_problems(po_file) == [f"{po_file.with_suffix('.mo')} is missing: run `make catalogs`"]


def test_untranslated_and_fuzzy_entries_are_found(tmp_path):
    po_file = _catalog(
        tmp_path,
        '\nmsgid "Invoices"\nmsgstr ""\n\n#, fuzzy\nmsgid "Deals"\nmsgstr "Geschäfte"\n'
        '\nmsgid "one deal"\nmsgid_plural "%(n)s deals"\nmsgstr[0] "ein Geschäft"\nmsgstr[1] ""\n',
    )
    compile_catalog(po_file)
    problems = catalog_problems(po_file)
    assert any("'Invoices' is not translated" in problem for problem in problems)
    assert any("'Deals' is fuzzy" in problem for problem in problems)
    assert any("('one deal', '%(n)s deals') is not translated" in problem for problem in problems)
    assert len(problems) == 3


def test_the_command_checks_without_writing_and_says_what_is_wrong(tmp_path, monkeypatch):
    app = tmp_path / "app"
    po_file = _catalog(app, '\nmsgid "Invoices"\nmsgstr "Rechnungen"\n')
    monkeypatch.setattr("partnerhub.core.management.commands.compile_catalogs.catalog_files", lambda: [po_file])
    with pytest.raises(CommandError, match="is missing"):
        call_command("compile_catalogs", "--check")
    assert not po_file.with_suffix(".mo").exists()
    call_command("compile_catalogs")
    assert po_file.with_suffix(".mo").exists()
    call_command("compile_catalogs", "--check")
    shutil.rmtree(app)


def test_the_same_po_compiles_to_the_same_bytes_whenever_it_is_compiled(tmp_path):
    import gettext

    po_file = _catalog(tmp_path, '\nmsgid "Invoices"\nmsgstr "Rechnungen"\n')
    first = compile_catalog(po_file).read_bytes()
    assert compile_catalog(po_file).read_bytes() == first
    with po_file.with_suffix(".mo").open("rb") as stream:
        # No time of compiling in the header, which would change the bytes every minute.
        assert gettext.GNUTranslations(stream).info()["pot-creation-date"].startswith("2019-01-01")
