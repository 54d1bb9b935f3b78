from django.urls import path, register_converter

from . import views


class RecordKindConverter:
    """The kinds of a park's records that have add/edit/delete pages (views.RECORD_KINDS)."""

    regex = "|".join(views.RECORD_KINDS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RecordKindConverter, "record_kind")

app_name = "parks"

urlpatterns = [
    path("", views.park_list, name="list"),
    path("new/", views.park_create, name="create"),
    path("import/", views.dossier_import, name="import"),
    path("<int:pk>/", views.park_detail, name="detail"),
    path("<int:pk>/edit/", views.park_edit, name="edit"),
    path("<int:pk>/enterprises/", views.park_roster, name="roster"),
    path("<int:pk>/dossier.json", views.dossier_download, name="dossier"),
    path("<int:pk>/dossier/upload/", views.dossier_upload, name="dossier_upload"),
    path("<int:pk>/<record_kind:kind>/add/", views.record_form, name="record_add"),
    path("<int:pk>/<record_kind:kind>/<int:record_pk>/", views.record_form, name="record_edit"),
    path("<int:pk>/<record_kind:kind>/<int:record_pk>/delete/", views.record_delete, name="record_delete"),
    path("<int:pk>/policies/<int:record_pk>/file/", views.policy_file, name="policy_file"),
]
