from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recommendations.ingest.evaluation import GoldError, aliases_from
from recommendations.ingest.lineage_evaluation import evaluate_lineage, table


class Command(BaseCommand):
    help = (
        "Score the lineage matcher against the links of every report under fixtures/lineage/ "
        "(held-out ones under fixtures/lineage/heldout/): recall, precision and relation agreement."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", nargs="*", type=Path, help="lineage gold files to score (default: all of them)")
        parser.add_argument("--bodies", type=Path, help="body aliases (default: fixtures/bodies.yaml)")

    def handle(self, *args, gold: list[Path], bodies: Path | None, **options):
        fixtures = Path(settings.FIXTURES_DIR)
        paths = gold or sorted((fixtures / "lineage").glob("**/*.gold.yaml"))
        try:
            aliases = aliases_from(bodies or fixtures / "bodies.yaml")
            scores = [evaluate_lineage(path, aliases) for path in paths]
        except GoldError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(table(scores))
