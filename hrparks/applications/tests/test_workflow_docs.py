"""docs/workflow*.md are the workflow table as the command prints it: the docs come from the table."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

DOCS = Path(__file__).resolve().parents[3] / "docs"


@pytest.mark.parametrize(("language", "filename"), [("zh-hans", "workflow.md"), ("en", "workflow.en.md")])
def test_committed_workflow_docs_match_the_table(language, filename):
    output = StringIO()
    call_command("workflow_table", language=language, stdout=output)
    committed = (DOCS / filename).read_text(encoding="utf-8")
    assert committed.endswith(output.getvalue()), (
        f"docs/{filename} is out of date: regenerate it as its first lines say"
    )
