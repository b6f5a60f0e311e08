"""The demo: bodies, S/2017/130 with its reviewed items, people to log in as, due dates, and the next
report (constructed) with its items and their likely predecessors waiting for review."""

from __future__ import annotations

import datetime
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .models import Body, Document, Event, Item, Membership
from .permissions import COORDINATORS, FOCAL_POINTS, VIEWERS
from .roles import ensure_role_groups
from .services import apply_curated_items, import_document, load_bodies, propose_closure, return_closure, set_due_date

ROLE_GROUPS = {"coordinator": COORDINATORS, "focal point": FOCAL_POINTS, "viewer": VIEWERS}


@dataclass
class DemoReport:
    lines: list[str] = field(default_factory=list)
    logins: dict[str, str] = field(default_factory=dict)


def read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@transaction.atomic
def load_demo(*, fixtures: Path, secrets_file: Path) -> DemoReport:
    report = DemoReport()
    created, updated = load_bodies(entries=read_yaml(fixtures / "bodies.yaml"))
    report.lines.append(f"Bodies: {created} created, {updated} updated.")
    curated = read_yaml(fixtures / "items" / "S-2017-130.zh.yaml")
    result = import_document(
        data=(fixtures / curated["source"]).read_bytes(),
        symbol=curated["document"],
        language=curated["language"],
        source_url=curated.get("source_url", ""),
    )
    verb = "Imported" if result.created else "Already imported:"
    report.lines.append(f"{verb} {result.document}, {result.document.paragraphs.count()} paragraphs.")
    applied = apply_curated_items(document=result.document, entries=curated["items"])
    report.lines.append(
        f"Reviewed items: {applied.opened} opened, {applied.updated} updated, {applied.unchanged} unchanged."
    )
    demo = read_yaml(fixtures / "demo.yaml")
    ensure_role_groups()
    report.logins = _people(demo["users"], secrets_file)
    dated = _due_dates(result.document, demo.get("due_in_days", {}))
    report.lines.append(f"Due dates: {dated} set.")
    closures = _closures(result.document, demo.get("closures", {}))
    report.lines.append(f"Closures: {closures} proposed or returned.")
    # After S/2017/130's items are open: the next report's proposals are compared with them.
    following = import_document(data=(fixtures / demo["next_report"]).read_bytes())
    if following.created:
        report.lines.append(
            f"Imported {following.document} (constructed): {following.items} items to review, "
            f"{following.links} with a likely predecessor."
        )
    else:
        report.lines.append(f"Already imported: {following.document}.")
    return report


def _people(users: list[dict], secrets_file: Path) -> dict[str, str]:
    """Create the demo people once; their generated passwords live in ``secrets_file``."""
    known = json.loads(secrets_file.read_text()) if secrets_file.exists() else {}
    model = get_user_model()
    logins = {}
    for spec in users:
        user = model.objects.filter(username=spec["username"]).first()
        if user is None or spec["username"] not in known:
            password = secrets.token_urlsafe(12)
            user = user or model(username=spec["username"], email=spec.get("email", ""), is_staff=True)
            user.set_password(password)
            user.save()
            known[spec["username"]] = password
        if not (user.first_name or user.last_name):
            # Emails greet people by their full name; a name someone set is theirs to keep.
            user.first_name, user.last_name = spec.get("first_name", ""), spec.get("last_name", "")
            user.save(update_fields=["first_name", "last_name"])
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[spec["role"]]))
        for code, role in spec.get("bodies", {}).items():
            Membership.objects.get_or_create(user=user, body=Body.objects.get(code=code), defaults={"role": role})
        logins[spec["username"]] = known[spec["username"]]
    secrets_file.write_text(json.dumps(known, indent=1))
    secrets_file.chmod(0o600)
    return logins


def _due_dates(document: Document, due_in_days: dict[str, int]) -> int:
    today = timezone.localdate()
    items = {item.key: item for item in document.items.select_related("paragraph").filter(due_date__isnull=True)}
    count = 0
    for key, days in due_in_days.items():
        item: Item | None = items.get(key)
        if item is not None:
            set_due_date(item=item, actor=None, due_date=today + datetime.timedelta(days=days))
            count += 1
    return count


def _closures(document: Document, closures: dict[str, dict]) -> int:
    """A closure proposed and one returned, on items that never had one proposed (so: once)."""
    people = get_user_model().objects.in_bulk(
        [c[who] for c in closures.values() for who in ("by", "returned_by") if who in c], field_name="username"
    )
    count = 0
    for spec in closures.values():
        number, seq = Item.parse_key(spec["item"])
        item = document.items.select_related("document", "paragraph").filter(paragraph__number=number, seq=seq).first()
        if item is None or not item.is_open or Event.objects.filter(item=item, action="propose_closure").exists():
            continue
        evidence = {"evidence_url": spec.get("evidence_url", ""), "evidence_symbol": spec.get("evidence_symbol", "")}
        item = propose_closure(item=item, actor=people[spec["by"]], comment=spec.get("comment", ""), **evidence)
        if "returned_by" in spec:
            return_closure(item=item, actor=people[spec["returned_by"]], comment=spec["return_comment"])
        count += 1
    return count
