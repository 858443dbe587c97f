"""Re-extract the German source texts and bring every language's catalogue up to date (`make catalogues`).

1. `messages.pot` from every `_("…")` / `N_("…")` in `videotermin_app/` (babel.cfg), with the files they are in.
2. Each `videotermin_app/locale/<lang>/LC_MESSAGES/messages.po`: new source texts are added untranslated,
   texts no longer in the code are dropped (no obsolete entries), translations are kept.
3. A list of what is missing per language (the same rule as tests/unit/core/test_catalogues.py).

`--fill <lang> <file>` additionally sets translations from a file of `German source<TAB>translation` lines
(`\\n` for a line break), for translators who work in a spreadsheet.
"""

from __future__ import annotations

import copy
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from videotermin_app.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, LOCALE_DIR, languages_needed

POT = LOCALE_DIR / "messages.pot"
# Fixed header dates: re-running the extraction changes a file only when its texts change.
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"


def extract() -> Catalog:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    template = Catalog(project="Mein Videotermin", fuzzy=False, creation_date=FIXED_DATE, revision_date=FIXED_DATE)
    for filename, _lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, strip_comment_tags=True
    ):
        template.add(message, None, [(filename, None)], auto_comments=comments, context=context)
    return template


def update(template: Catalog, code: str) -> Catalog:
    path = po_path(code)
    if path.exists():
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=code)
    else:
        catalogue = Catalog(locale=code, project="Mein Videotermin", fuzzy=False, creation_date=FIXED_DATE)
    # update() shares the template's message objects: each language gets its own copy
    catalogue.update(copy.deepcopy(template), no_fuzzy_matching=True, update_header_comment=False)
    catalogue.obsolete.clear()
    catalogue.creation_date = catalogue.revision_date = FIXED_DATE
    return catalogue


def write(catalogue: Catalog, path: Path, *, locations: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(
            handle,
            catalogue,
            width=0,
            sort_output=True,
            include_lineno=False,
            no_location=not locations,
            omit_header=False,
            ignore_obsolete=True,
        )


def missing(catalogue: Catalog, code: str) -> list[str]:
    return [
        str(m.id)
        for m in catalogue
        if m.id and code in languages_needed([loc for loc, _ in m.locations]) and (not m.string or m.fuzzy)
    ]


def fill(catalogue: Catalog, source: Path) -> int:
    count = 0
    for line in source.read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        german, text = (part.replace("\\n", "\n") for part in line.split("\t", 1))
        message = catalogue.get(german)
        if message is not None and text:
            message.string = text
            message.flags.discard("fuzzy")  # keep python-brace-format, which the next run would add back
            count += 1
    return count


def main(argv: list[str]) -> int:
    template = extract()
    write(template, POT, locations=True)
    fills = dict(zip(argv[1::3], argv[2::3], strict=False)) if argv[:1] == ["--fill"] else {}
    for code in LANGUAGES:
        if code == DEFAULT_LANGUAGE:
            continue
        catalogue = update(template, code)
        if code in fills:
            print(f"{code}: {fill(catalogue, Path(fills[code]))} translations filled in")
        write(catalogue, po_path(code), locations=True)
        gaps = missing(catalogue, code)
        print(f"{code}: {len(gaps)} texts still to translate" + "".join(f"\n  - {g[:90]}" for g in gaps[:20]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
