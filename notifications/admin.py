"""The notifications' admin: webhooks, deliveries, the outbox, and notification preferences.

Coordinators manage all of them; everyone signed in edits their own preferences and name on
*My settings* (``PreferenceAdmin.my_settings_view``).
"""

import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from recommendations import permissions

from . import reminders, webhooks
from .models import Delivery, Outbox, Preference, Webhook

# The page where each person edits their own settings (PreferenceAdmin.get_urls).
MY_SETTINGS = "admin:notifications_preference_mine"


class CoordinatorsOnly:
    def has_module_permission(self, request):
        return permissions.is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)

    def has_add_permission(self, request, *args):
        return permissions.is_coordinator(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)


@admin.register(Webhook)
class WebhookAdmin(CoordinatorsOnly, admin.ModelAdmin):
    list_display = ("name", "url", "active", "events", "created_at")
    list_filter = ("active",)
    search_fields = ("name", "url")
    filter_horizontal = ("bodies",)
    readonly_fields = ("last_event_id", "created_by", "created_at")
    # A receiver typed without a scheme is taken as https (Django 6's default, and the safe one).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            webhooks.start_at_newest_event(obj)
        super().save_model(request, obj, form, change)


@admin.register(Delivery)
class DeliveryAdmin(CoordinatorsOnly, admin.ModelAdmin):
    list_display = ("created_at", "webhook", "event", "state", "attempts", "last_status", "next_attempt_at",
                    "delivered_at")  # fmt: skip
    list_filter = ("state", "webhook")
    list_select_related = ("webhook", "event__item__document", "event__item__paragraph")
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["requeue"]
    show_full_result_count = False

    def has_add_permission(self, request, *args):
        return False

    @admin.action(description=_("Send again"))
    def requeue(self, request, queryset):
        count = webhooks.requeue(queryset)
        self.message_user(request, _("%(count)d deliveries queued again.") % {"count": count}, messages.SUCCESS)


@admin.register(Outbox)
class OutboxAdmin(CoordinatorsOnly, admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "period", "state", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("state", "kind")
    search_fields = ("recipient__username", "to", "subject", "period")
    list_select_related = ("recipient",)
    readonly_fields = [f.name for f in Outbox._meta.fields]
    actions = ["send_again"]
    show_full_result_count = False

    def has_add_permission(self, request, *args):
        return False

    @admin.action(description=_("Send again (for unknown or failed emails)"))
    def send_again(self, request, queryset):
        count = reminders.requeue(queryset)
        self.message_user(request, _("%(count)d emails queued again.") % {"count": count}, messages.SUCCESS)


def _time_zones() -> list[tuple[str, str]]:
    return [(zone, zone) for zone in sorted(zoneinfo.available_timezones())]


class PreferenceForm(forms.ModelForm):
    """A person's notification preferences; a time zone, weekday and hour that exist, or the field says why."""

    # Choices, not free text: an unknown zone used to be stored and then silently read as UTC.
    time_zone = forms.ChoiceField(label=capfirst(_("time zone")), choices=_time_zones, initial="UTC")
    weekday = forms.TypedChoiceField(
        label=capfirst(_("weekday")), coerce=int, choices=sorted(WEEKDAYS.items()), initial=0,
        help_text=_("the day of a weekly digest"),
    )  # fmt: skip
    hour = forms.TypedChoiceField(
        label=capfirst(_("hour")), coerce=int, choices=[(hour, f"{hour:02d}:00") for hour in range(24)], initial=8,
        help_text=_("in your time zone"),
    )  # fmt: skip

    class Meta:
        model = Preference
        fields = ("frequency", "weekday", "hour", "time_zone", "language", "event_notices", "opted_out")


class NameForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ("first_name", "last_name")


@admin.register(Preference)
class PreferenceAdmin(CoordinatorsOnly, admin.ModelAdmin):
    """Coordinators edit everyone's preferences here; everyone else is sent to their own (*My settings*)."""

    form = PreferenceForm
    fields = ("user", "frequency", "weekday", "hour", "time_zone", "language", "event_notices", "opted_out",
              "snoozed_until")  # fmt: skip
    list_display = ("user", "language", "time_zone", "frequency", "weekday", "hour", "opted_out", "snoozed_until")
    list_filter = ("frequency", "language", "opted_out")
    search_fields = ("user__username", "user__email", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)
    actions = ["send_digest_now"]

    @admin.action(description=_("Send digest now"))
    def send_digest_now(self, request, queryset):
        results = [reminders.send_now(user=pref.user) for pref in queryset.select_related("user")]
        self.message_user(request, _("Digests: %(results)s") % {"results": ", ".join(results)}, messages.INFO)

    def get_urls(self):
        # Ahead of the model's own routes, whose "<object_id>/" would take "mine/" for an id.
        mine = path("mine/", self.admin_site.admin_view(self.my_settings_view), name="notifications_preference_mine")
        return [mine, *super().get_urls()]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def get_model_perms(self, request):
        # Listed in the index for everyone: the list itself leads each non-coordinator to their own page.
        if permissions.is_coordinator(request.user):
            return super().get_model_perms(request)
        return {"add": False, "change": True, "delete": False, "view": True}

    def changelist_view(self, request, extra_context=None):
        if not permissions.is_coordinator(request.user):
            return redirect(MY_SETTINGS)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if permissions.is_coordinator(request.user):
            return super().change_view(request, object_id, form_url, extra_context)
        if object_id.isdigit() and Preference.objects.filter(pk=object_id, user=request.user).exists():
            return redirect(MY_SETTINGS)
        return self._refuse(request)

    def add_view(self, request, form_url="", extra_context=None):
        if not permissions.is_coordinator(request.user):
            return self._refuse(request)
        return super().add_view(request, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if not permissions.is_coordinator(request.user):
            return self._refuse(request)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not permissions.is_coordinator(request.user):
            return self._refuse(request)
        return super().history_view(request, object_id, extra_context)

    def _refuse(self, request):
        """Someone else's preferences: say whose are theirs to change, rather than a bare 403."""
        context = {**self.admin_site.each_context(request), "title": _("Not yours to change")}
        return TemplateResponse(request, "admin/notifications/preference/refused.html", context, status=403)

    def my_settings_view(self, request):
        """The signed-in person's own name and notification preferences; a refused form keeps what was typed."""
        person = get_user_model().objects.get(pk=request.user.pk)  # a copy: a refused name must not reach the header
        mine = Preference.objects.filter(user=person).first() or Preference(user=person)
        if request.method == "POST":
            name = NameForm(request.POST, instance=person, prefix="name")
            form = PreferenceForm(request.POST, instance=mine, prefix="preference")
            if name.is_valid() and form.is_valid():
                with transaction.atomic():
                    name.save()
                    # update_or_create, not the form's save: a first save racing another makes one row, not an error.
                    Preference.objects.update_or_create(user=person, defaults=form.cleaned_data)
                messages.success(request, _("Your settings are saved."))
                return redirect(MY_SETTINGS)
        else:
            name = NameForm(instance=person, prefix="name")
            form = PreferenceForm(instance=mine, prefix="preference")
        context = {
            **self.admin_site.each_context(request),
            "title": _("My settings"),
            "name_form": name,
            "preference_form": form,
            "snoozed_until": mine.snoozed_until,
            "everyone": reverse("admin:notifications_preference_changelist")
            if permissions.is_coordinator(request.user)
            else "",
        }
        return TemplateResponse(request, "admin/notifications/preference/my_settings.html", context)
