from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recommendations.demo import load_demo
from recommendations.ingest import IngestError
from recommendations.services import ServiceError


class Command(BaseCommand):
    help = "Load the demo: bodies, S/2017/130 with its reviewed items, demo people and due dates."

    def handle(self, *args, **options):
        try:
            report = load_demo(fixtures=settings.FIXTURES_DIR, secrets_file=settings.VAR_DIR / "demo-logins.json")
        except IngestError as exc:
            raise CommandError(str(exc)) from None
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        except OSError as exc:
            raise CommandError(f"{exc.filename}: {exc.strerror}") from None
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo logins (generated on first run, kept in var/demo-logins.json):"))
        for username, password in report.logins.items():
            self.stdout.write(self.style.SUCCESS(f"  {username} / {password}"))
