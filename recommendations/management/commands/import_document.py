from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.ingest import IngestError
from recommendations.ingest.layout import LAYOUTS
from recommendations.services import ImportRefused, import_document
from recommendations.services.errors import TextChanged
from recommendations.services.revising import revise_document


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
        parser.add_argument(
            "--revise",
            action="store_true",
            help="a changed text of a document already imported (a corrigendum, a reissue): record it as the "
            "document's next revision and find every item's quote again in it",
        )

    def handle(self, *args, path: Path, symbol: str | None, language: str | None, source_url: str, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        if options["revise"]:
            self._revise(path, data, symbol, language)
            return
        try:
            result = import_document(data=data, symbol=symbol, language=language, source_url=source_url)
        except TextChanged as exc:
            raise CommandError(f"{path}: {exc} (to record it as the document's next revision: --revise)") from None
        except (IngestError, ImportRefused) as exc:
            raise CommandError(f"{path}: {exc}") from None
        if result.created and result.version_of is not None:
            self.stdout.write(
                f"Imported {result.document}: {result.paragraphs} paragraphs, aligned with {result.version_of}; "
                f"{result.quotes} quotes carried into it."
            )
        elif result.created:
            self.stdout.write(
                f"Imported {result.document}: {result.paragraphs} paragraphs, {result.items} items proposed for review"
                + (f", {result.links} of them with a likely predecessor in an earlier report." if result.links else ".")
            )
        else:
            self.stdout.write(f"{result.document} is already imported with this text; nothing changed.")

    def _revise(self, path: Path, data: bytes, symbol: str | None, language: str | None) -> None:
        try:
            result = revise_document(data=data, symbol=symbol, language=language)
        except (IngestError, ImportRefused) as exc:
            raise CommandError(f"{path}: {exc}") from None
        if result.revision is None:
            self.stdout.write(f"{result.document} already has this text; nothing changed.")
            return
        found = ", ".join(f"{count} {how}" for how, count in sorted(result.found.items())) or "none moved"
        self.stdout.write(
            f"{result.document}: revision {result.revision.number} ({result.revision.symbol}); "
            f"items re-anchored: {found}; {result.to_review} to review."
        )
