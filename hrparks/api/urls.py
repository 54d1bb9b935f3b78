"""The REST API: version 1 under /api/v1/, its OpenAPI schema at /api/schema/ and the browsable
documentation at /api/docs/. The endpoints live in each app's `api/` package."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from hrparks.applications.api.views import ApplicationViewSet, ObjectionViewSet, PublicNoticeViewSet
from hrparks.evaluations.api.views import EvaluationNoticeViewSet, EvaluationRoundViewSet
from hrparks.parks.api.views import ParkViewSet
from hrparks.policy.api.views import EligibilityView
from hrparks.workdays.api.views import WorkdaysViewSet

from .views import ApiDocsView

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
router.register("parks", ParkViewSet, basename="park")
router.register("applications", ApplicationViewSet, basename="application")
router.register("notices", PublicNoticeViewSet, basename="notice")
router.register("objections", ObjectionViewSet, basename="objection")
router.register("evaluation-rounds", EvaluationRoundViewSet, basename="evaluation-round")
router.register("evaluation-notices", EvaluationNoticeViewSet, basename="evaluation-notice")
router.register("workdays", WorkdaysViewSet, basename="workdays")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("v1/eligibility/", EligibilityView.as_view(), name="eligibility"),
    path("v1/", include(router.urls)),
]
