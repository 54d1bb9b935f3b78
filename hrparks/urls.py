from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("hrparks.core.urls")),
    path("accounts/", include("hrparks.accounts.urls")),
    path("parks/", include("hrparks.parks.urls")),
    path("audit/", include("hrparks.audit.urls")),
    path("policy/", include("hrparks.policy.urls")),
    path("scenarios/", include("hrparks.scenarios.urls")),
    path("workdays/", include("hrparks.workdays.urls")),
    path("applications/", include("hrparks.applications.urls")),
    path("notifications/", include("hrparks.notifications.urls")),
    path("documents/", include("hrparks.documents.urls")),
    path("evaluations/", include("hrparks.evaluations.urls")),
    path("dashboard/", include("hrparks.dashboard.urls")),
    path("public/", include("hrparks.portal.urls")),
    path("public/captcha/", include("captcha.urls")),
    path("workbench/", include("hrparks.workbench.urls")),
    path("api/", include("hrparks.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# The site's error pages (core/views.py); the 500 page is Django's handler with core's 500.html.
handler400 = "hrparks.core.views.bad_request"
handler403 = "hrparks.core.views.permission_denied"
handler404 = "hrparks.core.views.page_not_found"
