"""Django's compilemessages, with a fallback for machines without GNU gettext's msgfmt: the
catalogues under LOCALE_PATHS are then compiled with polib (fuzzy entries left out, as msgfmt
does), so `./run setup` needs nothing beyond Python packages."""

import shutil
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.commands import compilemessages


class Command(compilemessages.Command):
    def handle(self, **options):
        if shutil.which(self.program):
            return super().handle(**options)
        wanted = set(options.get("locale") or [])
        for base in map(Path, settings.LOCALE_PATHS):
            for po in sorted(base.glob("*/LC_MESSAGES/*.po")):
                if wanted and po.parts[-3] not in wanted:
                    continue
                polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))
                if options["verbosity"] > 0:
                    self.stdout.write(f"processing file {po.name} in {po.parent} (polib)")
