from django.contrib.admin.apps import AdminConfig


class FootnoteAdminConfig(AdminConfig):
    """Django's admin, on the site that asks staff for a second factor (config.admin)."""

    default_site = "config.admin.FootnoteAdminSite"
