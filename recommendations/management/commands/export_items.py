from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.models import Item
from recommendations.services import exchange, export


class Command(BaseCommand):
    help = "Write items as CSV, XLSX or JSON, in the schema import_items reads back."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="file to write; its extension gives the format")
        parser.add_argument("--document", help="only this document symbol, e.g. S/2017/130")

    def handle(self, *args, path: Path, document: str | None, **options):
        fmt = path.suffix.lstrip(".").lower()
        if fmt not in exchange.FORMATS:
            raise CommandError(f"{path}: the name must end in .csv, .xlsx or .json")
        items = Item.objects.all()
        if document:
            items = items.filter(document__symbol=document)
        with path.open("wb") as out:
            for chunk in export.export_stream(items.order_by("document", "paragraph__number", "seq"), fmt, reader=None):
                out.write(chunk)
        self.stdout.write(f"Wrote {items.count()} items to {path}.")
