"""Script payloads for the cross-site scripting walk (test_xss.py), and a filler for the site's own forms.

Each free-text value gets its own numbered payload, so a page that shows it unescaped names the field:
`xss-12` is `Payloads.labels[12]`, e.g. "parks.Park.description" or "POST parks:edit description".
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Raw markup of a payload: a browser would run it.
RAW = re.compile(r'<script>alert\("xss-(\d+)|<img src=x onerror=alert\("xss-(\d+)|<i>xss-(\d+)')
# An escaped payload as the value of an unquoted attribute: its spaces would still start new attributes.
UNQUOTED_ATTRIBUTE = re.compile(r"<[a-zA-Z][^<>]*\s[\w-]+=&lt;(?:script|i)&gt;[^<>]*xss-(\d+)")
ANY = re.compile(r"xss-(\d+)")


class Payloads:
    def __init__(self):
        self.labels: dict[int, str] = {}

    def number(self, label: str) -> int:
        known = next((number for number, name in self.labels.items() if name == label), None)
        if known is None:
            known = len(self.labels) + 1
            self.labels[known] = label
        return known

    def make(self, label: str, max_length: int | None = None, row: int | None = None) -> str:
        """A payload for the free-text value `label` that fits `max_length` (`row` keeps unique columns unique)."""
        number = self.number(label)
        tag = f"xss-{number}" + (f".{row}" if row is not None else "")
        full = f'<script>alert("{tag}")</script>"\'><img src=x onerror=alert("{tag}")>'
        if max_length is None or len(full) <= max_length:
            return full
        short = f"<i>{tag}</i>"  # phone numbers, contact persons: still markup if shown raw
        assert len(short) <= max_length, f"{label}: {max_length} characters hold no payload"
        return short

    def named(self, numbers) -> list[str]:
        return sorted(self.labels[number] for number in numbers)


def scan(text: str) -> tuple[set[int], set[int]]:
    """(payloads shown as markup, payloads shown at all) in an HTML text."""
    raw = {int(next(group for group in match.groups() if group)) for match in RAW.finditer(text)}
    raw |= {int(match.group(1)) for match in UNQUOTED_ATTRIBUTE.finditer(text)}
    return raw, {int(number) for number in ANY.findall(text)}


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str, str, dict]] = field(default_factory=list)  # (kind, name, value, attributes)


class _FormParser(HTMLParser):
    """The forms of a page with their fields' current values, as a browser would submit them."""

    TEXT_INPUTS = {"text", "search", "tel", ""}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: tuple[str, dict] | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: tuple[str, dict] | None = None
        self._text = ""
        self._radios: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(attributes.get("action", ""), attributes.get("method", "get").lower()))
        elif not self.forms or "disabled" in attributes:
            return
        elif tag == "input" and attributes.get("name"):
            kind = attributes.get("type", "").lower()
            if kind in self.TEXT_INPUTS:
                kind = "text"
            if kind == "radio" and "checked" not in attributes:
                self._radios.setdefault(attributes["name"], attributes.get("value", ""))  # the first, if none is
                return
            if kind == "checkbox" and "checked" not in attributes:
                return
            if kind not in ("submit", "button", "reset", "image"):
                default = "on" if kind in ("checkbox", "radio") else ""
                self.forms[-1].fields.append((kind, attributes["name"], attributes.get("value", default), attributes))
        elif tag == "select" and attributes.get("name"):
            self._select, self._options = (attributes["name"], attributes), []
        elif tag == "option" and self._select:
            self._options.append((attributes.get("value", ""), "selected" in attributes))
        elif tag == "textarea" and attributes.get("name"):
            self._textarea, self._text = (attributes["name"], attributes), ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.forms:
            chosen = {name for _, name, _, _ in self.forms[-1].fields}
            self.forms[-1].fields.extend(
                ("radio", name, value, {}) for name, value in self._radios.items() if name not in chosen
            )
            self._radios = {}
        if tag == "select" and self._select:
            name, attributes = self._select
            chosen = [value for value, selected in self._options if selected and value]
            if not chosen and "multiple" not in attributes:  # a choice is needed: the first real one
                chosen = [next((value for value, _ in self._options if value), "")]
            self.forms[-1].fields.extend(("select", name, value, attributes) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea:
            name, attributes = self._textarea
            self.forms[-1].fields.append(("textarea", name, self._text.lstrip("\n"), attributes))
            self._textarea = None


def forms_of(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def filled(form: Form, payloads: Payloads, label: str, overrides: dict) -> dict:
    """The form's data with a payload in every text box and text area (bar `overrides`)."""
    data: dict[str, list[str]] = {}
    for kind, name, value, attributes in form.fields:
        if name in overrides:
            continue
        if kind in ("text", "textarea"):
            maxlength = attributes.get("maxlength")
            value = payloads.make(f"{label} {name}", int(maxlength) if maxlength else None)
        data.setdefault(name, []).append(value)
    return {**{name: values if len(values) > 1 else values[0] for name, values in data.items()}, **overrides}
