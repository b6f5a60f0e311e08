"""Addresses on the service's public site, for what is read away from it (emails, annotations)."""

from django.conf import settings


def site_url(path: str) -> str:
    """``path`` on the site's public address (``settings.SITE_URL``)."""
    return settings.SITE_URL.rstrip("/") + path
