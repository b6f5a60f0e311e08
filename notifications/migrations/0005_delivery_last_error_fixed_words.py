"""Rewrite the errors stored before webhooks.send kept fixed words only.

They held up to 200 characters of the receiver's answer or an exception's text, shown
to coordinators through /api/v1/webhooks/{id}/deliveries/; the status code and the
exception's class (the text before the first colon) are all that is kept.
"""

from django.db import migrations


def fixed_words(last_status, last_error: str) -> str:
    if last_status is not None:
        redirect = 300 <= last_status < 400
        return f"HTTP {last_status}: redirects are not followed" if redirect else f"HTTP {last_status}"
    kind = last_error.split(":", 1)[0]
    if "Timeout" in kind:
        return "timeout"
    if kind == "SSLError":
        return "TLS error"
    if kind == "ConnectionError":
        return "connection failed"
    return "request failed"


def rewrite(apps, schema_editor):
    Delivery = apps.get_model("notifications", "Delivery")
    rows = Delivery.objects.exclude(last_error="").only("pk", "last_status", "last_error")
    batch = []
    for delivery in rows.iterator(chunk_size=1000):
        delivery.last_error = fixed_words(delivery.last_status, delivery.last_error)
        batch.append(delivery)
        if len(batch) == 1000:
            Delivery.objects.bulk_update(batch, ["last_error"])
            batch = []
    Delivery.objects.bulk_update(batch, ["last_error"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_webhook_url_destination"),
    ]

    operations = [
        migrations.RunPython(rewrite, migrations.RunPython.noop),
    ]
