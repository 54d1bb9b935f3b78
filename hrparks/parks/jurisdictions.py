"""The jurisdictions the platform knows, loaded from data/jurisdictions.json.

Codes are the GB/T 2260 administrative division codes; 长白山管委会 has none and uses 22CBS.
Another province is added by appending its rows to the data file (or in the admin)."""

import json
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "jurisdictions.json"


def load_jurisdictions(jurisdiction_model, using: str = "default") -> None:
    """Create or update every jurisdiction of the data file (provinces first, then their cities)."""
    rows = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    by_code = {}
    for row in sorted(rows, key=lambda r: r["province"] is not None):
        fields = {key: row[key] for key in ("name", "name_en", "kind", "sort_order")}
        fields["province"] = by_code.get(row["province"])
        by_code[row["code"]], _created = jurisdiction_model.objects.using(using).update_or_create(
            code=row["code"], defaults=fields
        )
