"""The tracker's own limits and tunables, from the environment: reminders, webhooks, upload and import sizes, staleness.

Read by ``settings``, which takes every name here; every variable is listed in .env.example.
"""

import environ

_env = environ.Env()


def _served_address() -> str:
    """http://HOST:PORT, where ``make run`` serves (an IPv6 host in brackets, as a URL has it)."""
    host = _env.str("HOST", default="").strip("[]") or "127.0.0.1"
    port = _env.int("PORT", default=8000)
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


# Reminders: links in emails start with SITE_URL (unset: the address make run serves); items overdue
# longer than ESCALATE_AFTER_DAYS also go to the bodies' lead focal points and the coordinators.
SITE_URL = _env.str("SITE_URL", default="") or _served_address()
ESCALATE_AFTER_DAYS = _env.int("ESCALATE_AFTER_DAYS", default=30)
REMINDER_LEASE_SECONDS = _env.int("REMINDER_LEASE_SECONDS", default=300)
REMINDER_MAX_ATTEMPTS = _env.int("REMINDER_MAX_ATTEMPTS", default=6)
REMINDER_BACKOFF_SECONDS = _env.int("REMINDER_BACKOFF_SECONDS", default=60)
REMINDER_MESSAGE_ID_DOMAIN = _env.str("REMINDER_MESSAGE_ID_DOMAIN", default="tracker.localhost")
# Unsubscribe and snooze links act without a login, so a leaked or forwarded email must not
# work for ever: a link older than this many days shows a page saying it has expired.
SIGNED_LINK_MAX_AGE_DAYS = _env.int("SIGNED_LINK_MAX_AGE_DAYS", default=60)

# Webhooks: seconds a sender holds a delivery, HTTP timeout, attempts before giving up, first back-off.
WEBHOOK_LEASE_SECONDS = _env.int("WEBHOOK_LEASE_SECONDS", default=120)
WEBHOOK_TIMEOUT_SECONDS = _env.int("WEBHOOK_TIMEOUT_SECONDS", default=10)
WEBHOOK_MAX_ATTEMPTS = _env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_BACKOFF_SECONDS = _env.int("WEBHOOK_BACKOFF_SECONDS", default=30)
# Webhook URLs that resolve to loopback, private or link-local addresses are refused, so a
# coordinator cannot make the server call into its own host, its network or a cloud metadata
# service. Turn on only where receivers live on the local network (development, tests).
WEBHOOK_ALLOW_PRIVATE_NETWORKS = _env.bool("WEBHOOK_ALLOW_PRIVATE_NETWORKS", default=False)

# Request bodies beyond this are refused with 413 (document uploads have their own limit).
DATA_UPLOAD_MAX_MEMORY_SIZE = _env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# A document uploaded through the API larger than this is imported by the worker.
IMPORT_INLINE_MAX_BYTES = _env.int("IMPORT_INLINE_MAX_BYTES", default=200_000)
# The largest report accepted (413 beyond it, before it is parsed): a long UN report's text is under 2 MB.
DOCUMENT_UPLOAD_MAX_BYTES = _env.int("DOCUMENT_UPLOAD_MAX_BYTES", default=20 * 2**20)
# A background import still running this long after it started is failed: its worker died.
IMPORT_JOB_LEASE_SECONDS = _env.int("IMPORT_JOB_LEASE_SECONDS", default=900)
# Finished background imports keep their uploaded file this many days, then only the record.
IMPORT_JOB_KEEP_DAYS = _env.int("IMPORT_JOB_KEEP_DAYS", default=7)
# A file of items (CSV, XLSX, JSON) is refused beyond these, before or while it is read: its size,
# an XLSX's size unzipped (a small file can unzip to gigabytes), and its rows.
ITEM_IMPORT_MAX_BYTES = _env.int("ITEM_IMPORT_MAX_BYTES", default=10 * 2**20)
ITEM_IMPORT_MAX_UNZIPPED_BYTES = _env.int("ITEM_IMPORT_MAX_UNZIPPED_BYTES", default=100 * 2**20)
ITEM_IMPORT_MAX_ROWS = _env.int("ITEM_IMPORT_MAX_ROWS", default=50_000)

# An open item with no update for this many days is stale.
STALE_AFTER_DAYS = _env.int("STALE_AFTER_DAYS", default=30)
