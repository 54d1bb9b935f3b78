"""The OpenAPI description of the API: every operation also documents the error responses the
exception handler (exceptions.py) gives, so clients and the schema test know their shape."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from hrparks.core.refusals import CODES

from .permissions import MAX_ID


class ErrorSerializer(serializers.Serializer):
    pointer = serializers.CharField(help_text=_("JSON pointer of the field in error; / for the whole request."))
    message = serializers.CharField(help_text=_("What is wrong, in the language of the request."))
    code = serializers.ChoiceField(
        choices=sorted(CODES),
        help_text=_("Why the platform said no: the refusal code the web page and the scenario runner give too."),
    )


class ErrorsSerializer(serializers.Serializer):
    errors = ErrorSerializer(many=True)


# Every operation may answer these: bad input, wrong role (or not logged in), out of scope or unknown.
COMMON_ERRORS = {
    "400": _("Invalid input: each error names its field."),
    "403": _("Not logged in, or the role may not do this."),
    "404": _("Not found, or outside the user's scope."),
}


class ApiAutoSchema(AutoSchema):
    def get_tags(self) -> list[str]:
        """One tag per resource (parks, applications, …) rather than the version."""
        path = self._tokenize_path()
        return path[1:2] if path[:1] == ["v1"] and len(path) > 1 else path[:1]

    def _resolve_path_parameters(self, variables):
        # Ids are numbers of at most 18 digits (permissions.ID_PATTERN); the views' querysets need a
        # user, so the generator cannot look the type up itself.
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["name"] == "id":
                parameter["schema"] = {"type": "integer", "minimum": 0, "maximum": MAX_ID}
        return parameters

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        for code, description in {**COMMON_ERRORS, **getattr(self.view, "extra_errors", {})}.items():
            if code not in bodies:
                bodies[code] = self._get_response_for_code(ErrorsSerializer, code, direction=direction)
                bodies[code]["description"] = description
        return bodies
