from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from recommendations import permissions

from . import reminders, webhooks
from .models import Delivery, Outbox, Preference, Webhook


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


@admin.register(Preference)
class PreferenceAdmin(CoordinatorsOnly, admin.ModelAdmin):
    list_display = ("user", "language", "time_zone", "frequency", "weekday", "hour", "opted_out", "snoozed_until")
    list_filter = ("frequency", "language", "opted_out")
    search_fields = ("user__username", "user__email")
    autocomplete_fields = ("user",)
    actions = ["send_digest_now"]

    @admin.action(description=_("Send digest now"))
    def send_digest_now(self, request, queryset):
        results = [reminders.send_now(user=pref.user) for pref in queryset.select_related("user")]
        self.message_user(request, _("Digests: %(results)s") % {"results": ", ".join(results)}, messages.INFO)
