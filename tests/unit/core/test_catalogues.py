"""The translation catalogues are complete and current.

- Every source text marked in the code (`pybabel extract` with babel.cfg, as `make catalogues` does) is in
  every language's `.po`, translated and not fuzzy, for the languages it needs (`i18n.languages_needed`:
  client-facing texts all four, texts only the advisor's workspace shows English).
- No `.po` holds an entry the code no longer has (stale), obsolete (`#~`) entries included.
- A translation keeps the `{placeholders}` of its source, so `.format(...)` fills the same names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from scripts.catalogues import extract, po_path
from videotermin_app.core import i18n

LANGUAGES = [code for code in i18n.LANGUAGES if code != i18n.DEFAULT_LANGUAGE]
PLACEHOLDER = re.compile(r"\{(\w*)\}")


@pytest.fixture(scope="module")
def template() -> Catalog:
    return extract()


def _read(code: str) -> Catalog:
    path: Path = po_path(code)
    assert path.exists(), f"{path} is missing: run `make catalogues`"
    with path.open("rb") as handle:
        return read_po(handle, locale=code)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_marked_text_is_translated(template: Catalog, code: str) -> None:
    catalogue = _read(code)
    missing = []
    for message in template:
        if not message.id or code not in i18n.languages_needed([loc for loc, _ in message.locations]):
            continue
        entry = catalogue.get(message.id)
        if entry is None or not entry.string or entry.fuzzy:
            missing.append(str(message.id))
    assert missing == [], f"{code}: {len(missing)} texts untranslated (make catalogues, then translate): {missing}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_stale_entries(template: Catalog, code: str) -> None:
    catalogue = _read(code)
    current = {m.id for m in template if m.id}
    stale = [str(m.id) for m in catalogue if m.id and m.id not in current]
    assert stale == [], f"{code}: entries no longer in the code (run make catalogues): {stale}"
    assert list(catalogue.obsolete) == [], f"{code}: obsolete #~ entries (run make catalogues)"


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_keep_the_placeholders(code: str) -> None:
    wrong = [
        str(m.id)
        for m in _read(code)
        if m.id and m.string and sorted(PLACEHOLDER.findall(str(m.id))) != sorted(PLACEHOLDER.findall(str(m.string)))
    ]
    assert wrong == []


def test_a_missing_or_stale_entry_is_found(template: Catalog, tmp_path: Path) -> None:
    """The checks above can fail: a catalogue without one text and with a made-up one is caught."""
    catalogue = _read("en")
    first = next(m for m in template if m.id)
    del catalogue[first.id]
    catalogue.add("Ein Text, den es im Code nicht gibt", "A text the code does not have")
    current = {m.id for m in template if m.id}
    assert first.id not in {m.id for m in catalogue}
    assert [m.id for m in catalogue if m.id and m.id not in current] == ["Ein Text, den es im Code nicht gibt"]


def test_the_browser_catalogue_is_the_po_file() -> None:
    assert i18n.translate("Hilfe", "ar") == "مساعدة"
    assert i18n.translate("Hilfe", "de") == "Hilfe"
    assert i18n.translate("Kein Text aus dem Katalog", "en") == "Kein Text aus dem Katalog"
    assert '"Hilfe":"Help"' in i18n.client_catalogue_json("en")
