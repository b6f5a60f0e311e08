from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recommendations.ingest.evaluation import Gold, GoldError, aliases_from, evaluate, table

# The reviewed list of the seed report keeps its source one folder up, with the other reports.
CURATED = Path("items") / "S-2017-130.zh.yaml"


class Command(BaseCommand):
    help = (
        "Score the extractor against the hand-listed items of every report under fixtures/eval/ "
        "(and the reviewed list of S/2017/130): recall, precision and kind agreement per report, "
        "with totals for development and held-out reports."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", nargs="*", type=Path, help="gold files to score (default: all of them)")
        parser.add_argument("--bodies", type=Path, help="body aliases (default: fixtures/bodies.yaml)")

    def handle(self, *args, gold: list[Path], bodies: Path | None, **options):
        fixtures = Path(settings.FIXTURES_DIR)
        bodies = bodies or fixtures / "bodies.yaml"
        try:
            aliases = aliases_from(bodies)
            if gold:
                golds = [Gold.read(path) for path in gold]
            else:
                paths = sorted((fixtures / "eval").glob("**/*.gold.yaml"))
                golds = [Gold.read(fixtures / CURATED, sources=fixtures)] + [Gold.read(path) for path in paths]
            scores = [evaluate(one, aliases) for one in golds]
        except GoldError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(table(scores))
