from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.ingest import IngestError
from recommendations.ingest.layout import LAYOUTS
from recommendations.services import ImportRefused, import_document


class Command(BaseCommand):
    help = "Import a UN report (PDF, Word .docx, or a UTF-8 text dump of its PDF) and propose its items for review."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the report: PDF, Word .docx or text (told by content)")
        parser.add_argument("--symbol", help="its document symbol, e.g. S/2017/130 (default: the masthead's)")
        parser.add_argument(
            "--language",
            help=f"language of the text: {', '.join(sorted(LAYOUTS))} (default: told from the text itself)",
        )
        parser.add_argument("--source-url", default="", help="where the original was published")

    def handle(self, *args, path: Path, symbol: str | None, language: str | None, source_url: str, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        try:
            result = import_document(data=data, symbol=symbol, language=language, source_url=source_url)
        except (IngestError, ImportRefused) as exc:
            raise CommandError(f"{path}: {exc}") from None
        if result.created:
            self.stdout.write(
                f"Imported {result.document}: {result.paragraphs} paragraphs, {result.items} items proposed for review."
            )
        else:
            self.stdout.write(f"{result.document} is already imported with this text; nothing changed.")
