import secrets

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from recommendations.ingest import IngestError
from recommendations.permissions import COORDINATORS
from recommendations.roles import ensure_role_groups
from recommendations.services import ImportRefused, apply_curated_items, import_document, load_bodies

DEMO_USERNAME = "coordinator"


class Command(BaseCommand):
    help = "Load what the demo needs: bodies, S/2017/130 with its reviewed items, and a demo coordinator."

    def handle(self, *args, **options):
        fixtures = settings.FIXTURES_DIR
        try:
            with transaction.atomic():
                created, updated = load_bodies(entries=_yaml(fixtures / "bodies.yaml"))
                self.stdout.write(f"Bodies: {created} created, {updated} updated.")
                curated = _yaml(fixtures / "items" / "S-2017-130.zh.yaml")
                result = import_document(
                    data=(fixtures / curated["source"]).read_bytes(),
                    symbol=curated["document"],
                    language=curated["language"],
                    source_url=curated.get("source_url", ""),
                )
                verb = "Imported" if result.created else "Already imported:"
                self.stdout.write(f"{verb} {result.document}, {result.document.paragraphs.count()} paragraphs.")
                applied = apply_curated_items(document=result.document, entries=curated["items"])
                self.stdout.write(
                    f"Reviewed items: {applied.opened} opened, {applied.updated} updated, "
                    f"{applied.unchanged} unchanged."
                )
                password = self._coordinator()
        except (IngestError, ImportRefused, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Demo login: {DEMO_USERNAME} / {password}"))

    def _coordinator(self) -> str:
        """The demo coordinator's password, generated once and kept under var/ (never a fixed one)."""
        ensure_role_groups()
        group = Group.objects.get(name=COORDINATORS)
        secret_file = settings.VAR_DIR / "demo-login.txt"
        user = get_user_model().objects.filter(username=DEMO_USERNAME).first()
        if user and secret_file.exists():
            return secret_file.read_text().strip()
        password = secrets.token_urlsafe(12)
        if user is None:
            user = get_user_model()(username=DEMO_USERNAME, is_staff=True)
        user.set_password(password)
        user.save()
        user.groups.add(group)
        secret_file.write_text(password + "\n")
        secret_file.chmod(0o600)
        return password


def _yaml(path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CommandError(f"{path}: not valid YAML ({exc})") from None
