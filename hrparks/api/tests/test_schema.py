"""The OpenAPI schema: valid, served, documented in a browsable page, and committed as docs/openapi.yaml."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.validation import validate_schema

from hrparks.applications import workflow

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"
REGENERATE = ".venv/bin/python manage.py spectacular --lang en --file docs/openapi.yaml --validate"


def generated_schema() -> dict:
    with translation.override("en"):
        return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_is_valid_openapi_3():
    validate_schema(generated_schema())


def test_the_committed_schema_is_the_code_s():
    generated = OpenApiYamlRenderer().render(generated_schema(), renderer_context={}).decode()
    assert COMMITTED.read_text(encoding="utf-8") == generated, f"docs/openapi.yaml is out of date: {REGENERATE}"


def test_every_workflow_step_is_documented_with_its_body():
    paths = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))["paths"]
    for wf in workflow.WORKFLOWS.values():
        for transition in wf.transitions:
            path = (
                f"/api/v1/applications/{transition.name}/"
                if transition.batch
                else (f"/api/v1/applications/{{id}}/{transition.name}/")
            )
            operation = paths[path]["post"]
            with translation.override("en"):
                assert operation["summary"] == str(transition.label)
            assert {"400", "403", "404", "409"} <= set(operation["responses"])


@pytest.mark.django_db
def test_the_schema_and_its_documentation_page_are_served_without_inline_scripts(client):
    schema = client.get(reverse("api:schema"))
    assert schema.status_code == 200
    assert yaml.safe_load(schema.content)["info"]["title"] == "hrparks API"

    page = client.get(reverse("api:docs"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "/static/api/swagger-ui/swagger-ui-bundle.js" in html
    assert "<script>" not in html  # the CSP allows scripts from our own files only
    script = client.get(reverse("api:docs") + "?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in script.content.decode()
