"""manage.py compiletranslations: compile every locale/*/LC_MESSAGES/*.po to .mo, with or without gettext.

With gettext's `msgfmt` on PATH this is Django's `compilemessages`; without it (a machine that lacks gettext) the
catalogues are compiled with Babel, which is installed with Kinerja. A locale directory without .po files is fine.
"""

import contextlib
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Directories under BASE_DIR that hold no translations of ours (Django's own catalogues live in .venv).
IGNORED = [".venv", "venv", ".data", ".git", "node_modules", "static", "staticfiles", "media", "__pycache__"]


def locale_dirs(base_dir: Path) -> list[Path]:
    """LOCALE_PATHS and every `locale` directory under BASE_DIR, as compilemessages finds them."""
    found = [Path(path) for path in settings.LOCALE_PATHS]
    for dirpath, dirnames, _filenames in os.walk(base_dir):
        dirnames[:] = [name for name in dirnames if name not in IGNORED]
        found.extend(Path(dirpath, name) for name in dirnames if name == "locale")
    unique = {path.resolve(): path for path in found if path.is_dir()}
    return sorted(unique)


class Command(BaseCommand):
    help = "Compile the .po translation catalogues to .mo (gettext's msgfmt if installed, else Babel)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--use-fuzzy", "-f", action="store_true", help="Use fuzzy translations too.")
        parser.add_argument("--babel", action="store_true", help="Compile with Babel even when msgfmt is installed.")

    def handle(self, *args, **options):
        base_dir = Path(settings.BASE_DIR)
        if shutil.which("msgfmt") and not options["babel"]:
            with contextlib.chdir(base_dir):
                call_command(
                    "compilemessages",
                    ignore_patterns=IGNORED,
                    use_fuzzy=options["use_fuzzy"],
                    verbosity=options["verbosity"],
                    stdout=self.stdout,
                    stderr=self.stderr,
                )
            return
        for directory in locale_dirs(base_dir):
            for po_path in sorted(directory.glob("*/LC_MESSAGES/*.po")):
                self.compile_with_babel(po_path, use_fuzzy=options["use_fuzzy"], verbosity=options["verbosity"])

    def compile_with_babel(self, po_path: Path, *, use_fuzzy: bool, verbosity: int) -> None:
        from babel.core import UnknownLocaleError
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import PoFileError, read_po

        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            if verbosity > 0:
                self.stdout.write(f"File “{po_path}” is already compiled and up to date.")
            return
        if verbosity > 0:
            self.stdout.write(f"processing file {po_path.name} in {po_path.parent} (Babel)")
        language = po_path.parent.parent.name
        try:
            with open(po_path, "rb") as po_file:
                try:
                    catalog = read_po(po_file, locale=language, domain=po_path.stem, abort_invalid=True)
                except (UnknownLocaleError, ValueError):  # a locale Babel does not know: plural forms from the header
                    po_file.seek(0)
                    catalog = read_po(po_file, domain=po_path.stem, abort_invalid=True)
        except PoFileError as exc:
            raise CommandError(f"{po_path}: {exc}") from None
        with open(mo_path, "wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=use_fuzzy)
