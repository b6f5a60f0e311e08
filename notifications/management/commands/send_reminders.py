import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications import reminders


class Command(BaseCommand):
    help = "Plan the reminder emails due now and send them, once: the same planner and dispatcher as beat."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="print what would be sent; write nothing")
        parser.add_argument("--now", help="act as if it were this ISO date-time (e.g. 2027-03-01T09:00:00+00:00)")

    def handle(self, *args, dry_run: bool, now: str | None, **options):
        moment = None
        if now:
            try:
                moment = datetime.datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now {now!r} is not an ISO date-time") from None
            if moment.tzinfo is None:
                raise CommandError("--now needs a time zone, e.g. 2027-03-01T09:00:00+00:00")
        report, planned = reminders.plan(now=moment, dry_run=dry_run)
        for row in planned:
            self.stdout.write(f"{row.kind} {row.period} → {row.to}: {row.subject} ({len(row.item_ids)} items)")
        if dry_run:
            self.stdout.write(f"Dry run: {report.planned} emails would be planned; nothing written or sent.")
            return
        self.stdout.write(f"Planned {report.created} new emails ({report.planned - report.created} already there).")
        sent = [reminders.send(outbox_id=pk, lease=lease, now=moment) for pk, lease in reminders.claim(now=moment)]
        states = [str(state) for state in sent]
        counts = ", ".join(f"{states.count(state)} {state}" for state in sorted(set(states)))
        self.stdout.write(f"Sent: {counts or 'nothing due'}.")
