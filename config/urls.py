from allauth.account.decorators import secure_admin_login
from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from injuries.sitemaps import SITEMAPS
from journal.accounts import mfa_views
from journal.accounts import signup as account_views
from journal.accounts import views as account_deletion
from journal.clinic import views as clinic_views
from journal.jobs.views import worker_status
from journal.pwa import views as pwa
from journal.report import views as report_views


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", "Disallow: /clinic/", "Allow: /"]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# The admin signs in through allauth's own login, so its second factor and rate limits apply there too.
admin.site.login = secure_admin_login(admin.site.login)

# The browsable API docs: their script is a file (the split view), but Swagger UI adds <style> elements of
# its own. The page shows no one's data, so only here are inline styles allowed.
api_docs = csp_update({"style-src": [UNSAFE_INLINE]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema")
)

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("offline/", pwa.offline, name="offline"),
    path("admin/", admin.site.urls),
    path("accounts/signup/", account_views.signup, name="account_signup"),
    path("accounts/2fa/totp/activate/", mfa_views.activate_totp, name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("journal.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("clinic/", include("journal.clinic.urls")),
    path("notifications/", include("journal.notify.urls")),
    path("staff/worker/", worker_status, name="worker-status"),
    path("sharing/", clinic_views.sharing, name="sharing"),
    path("sharing/invite/", clinic_views.invite_create, name="sharing_invite"),
    path("sharing/invites/<int:invite_id>/withdraw/", clinic_views.invite_withdraw, name="sharing_withdraw"),
    path("sharing/links/<uuid:link_id>/revoke/", clinic_views.link_revoke, name="sharing_revoke"),
    path("sharing/requests/<int:request_id>/", clinic_views.request_answer, name="sharing_answer"),
    path("log/import/", include("journal.imports.urls")),
    path("settings/exports/", include("journal.exports.urls")),
    path("settings/delete-account/", account_deletion.delete_account, name="account_delete"),
    path("report/", report_views.report, name="report"),
    path("sharing/links/<uuid:link_id>/report/", report_views.link_report_allowed, name="sharing_report"),
    path("", include("injuries.urls")),
    path("", include("journal.urls")),
]


def handler404(request, exception):
    # The API answers in JSON even for addresses no route matches.
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": "Not found."}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def handler500(request):
    # An unexpected failure under /api/ still answers JSON, so API clients can always parse the reply.
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": "Something went wrong on our side. Please try again."}, status=500)
    from django.views.defaults import server_error

    return server_error(request)


def handler400(request, exception):
    # A request refused before any view runs (an unknown host, too many fields) still answers JSON.
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": "The request could not be understood."}, status=400)
    from django.views.defaults import bad_request

    return bad_request(request, exception)


def handler403(request, exception):
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": "You do not have permission to do this."}, status=403)
    from django.views.defaults import permission_denied

    return permission_denied(request, exception)
