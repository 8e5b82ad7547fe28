"""manage.py import_outlines PATH: LSOA outlines (ONS GeoJSON) for maps and hotspot grids."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safer.intel.area_services import outlines_import


class Command(BaseCommand):
    help = (
        "Load 2011 LSOA outlines from an ONS GeoJSON file (LSOA11CD/LSOA11NM properties, lon/lat) "
        "into the intel store, beside the committed Cherwell outlines."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--name", default="", help="name to keep them under (default: file)")

    def handle(self, *args, path, name, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            count = outlines_import(path=path, name=name or path.stem)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{count} LSOA outlines loaded from {path.name}")
