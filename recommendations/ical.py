"""Due dates as iCalendar: one all-day event per open item with a due date."""

from __future__ import annotations

import datetime

from django.utils import timezone
from icalendar import Calendar, Event


def calendar_of(items, *, name: str, link_for) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Recommendation Tracker//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for item in items:
        event = Event()
        # Stable per item and due date: a calendar replaces the event when the date moves.
        event.add("uid", f"item-{item.pk}@recommendation-tracker")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_date)
        event.add("dtend", item.due_date + datetime.timedelta(days=1))
        event.add("summary", f"{item.reference}: {(item.summary_text or item.quote)[:120]}")
        event.add("description", item.quote)
        event.add("url", link_for(item))
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
