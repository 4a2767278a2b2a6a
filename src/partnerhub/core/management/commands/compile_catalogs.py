from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.core.catalogs import catalog_files, catalog_problems, compile_catalog


class Command(BaseCommand):
    help = (
        "Compile every app's translation catalog (locale/*/LC_MESSAGES/django.po) to the django.mo beside it, in "
        "Python (no GNU gettext), then check each: no untranslated or fuzzy entry, the .mo saying what the .po says."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="only check; write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        problems = []
        for po_file in catalog_files():
            if not options["check"]:
                compile_catalog(po_file)
                self.stdout.write(f"compiled {po_file.with_suffix('.mo')}")
            problems += catalog_problems(po_file)
        if problems:
            raise CommandError("\n".join(problems))
