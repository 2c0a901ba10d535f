from __future__ import annotations

from django.contrib import admin

from journal.notify.models import NotificationSettings, PushSubscription, SentNotification


@admin.register(SentNotification)
class SentNotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "day", "channel", "sent_at"]
    list_filter = ["kind", "channel", "day"]
    search_fields = ["recipient__email", "recipient__profile__display_name", "subject"]
    date_hierarchy = "day"
    readonly_fields = ["recipient", "kind", "day", "subject", "channel", "sent_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "reminders_on", "reminder_time", "reminder_channel", "patient_alerts_on"]
    list_filter = ["reminders_on", "reminder_channel", "patient_alerts_on"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email"]
    # The endpoint and keys let anyone push to the device: show them to no one.
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
