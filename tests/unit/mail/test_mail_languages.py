"""Mails in the participant's language: subject, both bodies, the date, the link opens in that language;
every translated template matches the German one (same placeholders and audience blocks) and is current."""

from __future__ import annotations

import hashlib
import re
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.unit.mail.test_invitation import LINK, SENDER, TZ, _data, _parts
from videotermin_app.core import i18n
from videotermin_app.mail.invitation import TEMPLATES, build_message

LANGUAGES = [code for code in i18n.LANGUAGES if code != i18n.DEFAULT_LANGUAGE]
KINDS = ("invitation", "change", "cancellation", "reminder", "removal")
PLACEHOLDER = re.compile(r"\$\{(\w+)\}")
MARKER = re.compile(r"\[(client|with-role)\] ")


def _build(code: str, **changes: object) -> EmailMessage:
    return build_message(data=_data(language=code, **changes), tz=TZ, sender=SENDER)


def test_english_invitation() -> None:
    message = _build("en")
    assert message["Subject"] == "Mein Videotermin: your invitation for Monday, 6 December 2021, 13:00"
    assert message["Content-Language"] == "en"
    text, html = _parts(message)
    for body in (text, html):
        assert "Hello Erika Mustermann," in body
        assert f"{LINK}?lang=en" in body
        assert "Monday, 6 December 2021, 13:00" in body
        assert "Monday to Friday, 8 am to 6 pm, free of charge" in body
        assert "Guten Tag" not in body and "Termin" not in body
    assert '<html lang="en" dir="ltr">' in html


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_and_role_is_in_the_language(code: str, kind: str) -> None:
    for role in ("client", "interpreter"):
        message = _build(code, kind=kind, role=role)
        assert message["Content-Language"] == code
        subject = str(message["Subject"])
        assert subject != build_message(data=_data(kind=kind), tz=TZ, sender=SENDER)["Subject"]
        for body in _parts(message):
            assert "Guten Tag" not in body and "Mit freundlichen Grüßen" not in body
            if role == "interpreter":
                assert i18n.translate("Dolmetscherin oder Dolmetscher", code) in body


def test_arabic_html_is_right_to_left() -> None:
    _text, html = _parts(_build("ar"))
    assert '<html lang="ar" dir="rtl">' in html


def test_german_stays_as_it_was() -> None:
    message = _build("de")
    assert message["Content-Language"] == "de"
    assert f'<a href="{LINK}">' in _parts(message)[1]


def test_an_unknown_language_is_german() -> None:
    assert _data(language="xx").language == "de"


@pytest.mark.parametrize("code", LANGUAGES)
def test_translated_templates_match_the_german_ones(code: str) -> None:
    for german in sorted(p for p in TEMPLATES.iterdir() if p.suffix in (".txt", ".html")):
        translated = TEMPLATES / code / german.name
        assert translated.exists(), f"{translated} is missing"
        source, text = german.read_text(encoding="utf-8"), translated.read_text(encoding="utf-8")
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), translated
        assert MARKER.findall(text) == MARKER.findall(source), translated


def test_translations_were_made_from_the_current_german_templates() -> None:
    """`translated-from.sha256` names the German templates the translations follow: a changed German
    template fails here until its translations are updated (then `sha256sum *.txt *.html > translated-from.sha256`)."""
    recorded = dict(
        reversed(line.split()) for line in (TEMPLATES / "translated-from.sha256").read_text().splitlines() if line
    )
    current = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(TEMPLATES).iterdir())
        if p.suffix in (".txt", ".html")
    }
    assert recorded == current
