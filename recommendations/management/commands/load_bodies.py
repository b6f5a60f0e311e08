from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recommendations.services import ServiceError, load_bodies


class Command(BaseCommand):
    help = (
        "Load the bodies items are addressed to (the product's reference list, fixtures/bodies.yaml): "
        "new ones are created, changed ones updated; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="a YAML list of bodies (default: the reference list)")

    def handle(self, *args, path: Path | None, **options):
        path = path or Path(settings.FIXTURES_DIR) / "bodies.yaml"
        try:
            entries = yaml.safe_load(path.read_text(encoding="utf-8"))
            created, updated = load_bodies(entries=entries)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        except (yaml.YAMLError, TypeError, KeyError) as exc:
            raise CommandError(f"{path}: not a list of bodies ({exc})") from None
        except ServiceError as exc:
            raise CommandError(f"{path}: {exc.message}") from None
        self.stdout.write(f"Bodies: {created} created, {updated} updated, from {path}.")
