from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.services import ServiceError, exchange


class Command(BaseCommand):
    help = "Apply a CSV, XLSX or JSON file of items (the export schema); all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the file; its extension gives the format")

    def handle(self, *args, path: Path, **options):
        fmt = path.suffix.lstrip(".").lower()
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        try:
            report = exchange.import_items(data=data, fmt=fmt, actor=None)
        except ServiceError as exc:
            raise CommandError(f"{path}: {exc.message}") from None
        self.stdout.write(
            f"{report.rows} rows read: {len(report.changed)} items changed, {report.unchanged} unchanged."
        )
