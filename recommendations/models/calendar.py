"""A person's secret calendar address: due dates in any calendar program, without a login."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    # Whoever has the address reads the feed; rotating it cuts off every old copy.
    secret = models.CharField(_("secret"), max_length=64, unique=True, default=new_secret)
    rotated_at = models.DateTimeField(_("rotated at"), auto_now=True)

    def __str__(self) -> str:
        return f"calendar of {self.user}"

    def rotate(self) -> None:
        self.secret = new_secret()
        self.save(update_fields=["secret", "rotated_at"])
