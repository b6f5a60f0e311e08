"""Owner bodies, and the people who are their focal points."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Body(models.Model):
    """An organisation items are addressed to. People are focal points of bodies."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    aliases_zh = models.JSONField(_("Chinese aliases"), default=list, blank=True)
    aliases_en = models.JSONField(_("English aliases"), default=list, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.name_en

    def aliases(self, language: str) -> list[str]:
        return {"zh": self.aliases_zh, "en": self.aliases_en}.get(language, [])

    @property
    def name(self) -> str:
        """The body's name in the active language."""
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en

    @property
    def short_name(self) -> str:
        return short_name(self.abbreviation, self.name_en, self.name_zh)


def short_name(abbreviation: str, name_en: str, name_zh: str) -> str:
    """A body's abbreviation, else its name in the active language (``Body.short_name``, without a row)."""
    return abbreviation or (name_zh if (get_language() or "").startswith("zh") else name_en)


def list_name(abbreviation: str, name_en: str, name_zh: str) -> str:
    """A body as a list names it: its abbreviation in English, its name in Chinese (abbreviations are English)."""
    return name_zh if (get_language() or "").startswith("zh") else abbreviation or name_en


class Membership(models.Model):
    """A person as a focal point of a body: its lead (gets escalations) or a member."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead focal point")
        MEMBER = "member", _("focal point")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["body", "role", "user"]
        constraints = [
            # A person is focal point of a body once; the role says whether as its lead.
            models.UniqueConstraint(fields=["user", "body"], name="membership_user_body_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.body} ({self.get_role_display()})"
