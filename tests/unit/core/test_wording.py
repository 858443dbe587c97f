"""One home for wording: every German text on a screen is marked for the catalogue where it is written.

- In the modules that build screens (`state*` / `views*` modules of any package, `ui/`, `pages/` and
  the app module) a German string literal must be the argument of `_` (translated now) or `N_`
  (marked now, translated when shown). Read from the syntax tree: docstrings, dictionary keys and
  subscripts are no texts; "German" is a German letter or quotation mark, a small German word, a
  noun of this app's screens, or a capitalised sentence of several words.
- `pybabel extract` (run through babel's API with `babel.cfg`) finds the texts of the domain errors,
  which are raised in plain modules and translated when a screen shows them.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "videotermin_app"
MARKERS = frozenset({"_", "N_"})

_GERMAN_LETTERS = re.compile(r"[äöüÄÖÜß„“]")
_GERMAN_WORDS = re.compile(  # small words that English does not have, in any case
    r"\b(?:sie|ihr|ihre|ihren|ihrem|ihrer|mein|meine|meinen|bitte|der|die|das|den|dem|und|oder|nicht|kein|keine|ist|sind|"
    r"ein|eine|einen|mit|zu|zum|zur|von|auf|bei|nach|noch|jetzt|hier)\b",
    re.IGNORECASE,
)
_GERMAN_NOUNS = re.compile(  # capitalised words of this app's screens
    r"\b(?:Termin|Termine|Weiter|Abbrechen|Speichern|Absenden|Anmelden|Abmelden|Hilfe|Datenschutz|Kamera|"
    r"Mikrofon|Verbindung|Einladung|Teilnehmende|Beratung|Wartebereich|Uhr|Minuten|Dauer|Beginn|Name|Rolle)\b"
)
_SENTENCE = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:[ ,][A-Za-zÄÖÜäöüß.,:;!?()/-]+){2,}$")

# Literals that look German but are no wording (keep this list tiny, with the reason).
ALLOWED = frozenset(
    {
        # CSS font stacks: a list of font family names, not a text
        "Arial, Helvetica, sans-serif",
    }
)


def looks_german(text: str) -> bool:
    stripped = text.strip()
    if not stripped or stripped in ALLOWED:
        return False
    return bool(
        _GERMAN_LETTERS.search(stripped)
        or _GERMAN_WORDS.search(stripped)
        or _GERMAN_NOUNS.search(stripped)
        or _SENTENCE.match(stripped)
    )


def screen_modules() -> list[Path]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        in_view_package = relative.parts[0] in ("ui", "pages")
        if in_view_package or path.name.startswith(("state", "views")) or relative.as_posix() == "videotermin_app.py":
            found.append(path)
    return found


def _is_marker_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name in MARKERS


def unmarked_texts(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, text) of every German string literal that is not marked for the catalogue."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skipped.add(id(node.value))  # a docstring (also of an attribute): never shown
        elif _is_marker_call(node):
            assert isinstance(node, ast.Call)
            skipped.update(id(arg) for arg in node.args[:1] if isinstance(arg, ast.Constant))
        elif isinstance(node, ast.Dict):
            skipped.update(id(key) for key in node.keys if isinstance(key, ast.Constant))
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            skipped.add(id(node.slice))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skipped
            and looks_german(node.value)
        ):
            yield node.lineno, node.value


def test_the_detector_knows_german_from_code() -> None:
    for text in ("Weiter", "Zurück", "Bitte wählen", "Termin anlegen", "Mein Videotermin", "Der Link ist gut."):
        assert looks_german(text), text
    for text in ("field-start", "triangle_alert", "0.5rem 1rem", "red", "on_click", "data-testid", "100%", ""):
        assert not looks_german(text), text


def test_the_detector_sees_what_is_not_marked() -> None:
    source = (
        '"""Ein Modul über Termine."""\n'
        'a = _("Weiter")\n'
        'b = N_("Zurück")\n'
        'c = i18n._("Hilfe")\n'
        'd = rx.text("Bitte warten")\n'
        'e = {"Termin": 1}["Termin"]\n'
        'f = f"Für {name} ist kein Termin frei."\n'
    )
    found = [text for _line, text in unmarked_texts(ast.parse(source))]
    assert found == ["Bitte warten", "Für ", " ist kein Termin frei."]


def test_every_german_text_on_a_screen_is_marked_for_the_catalogue() -> None:
    modules = screen_modules()
    assert len(modules) > 30  # the walk found the screens
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in modules
        for line, text in unmarked_texts(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not problems, "German text not marked with _() or N_():\n" + "\n".join(problems)


def test_pybabel_extract_finds_the_domain_error_messages() -> None:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config, "babel.cfg")  # type: ignore[no-untyped-call]  # babel has no hints here
    found = {
        message
        for _filename, _lineno, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS
        )
        if isinstance(message, str)
    }
    for message in (
        "Der Beginn liegt in der Vergangenheit.",  # booking.booking
        "Die E-Mail-Adresse „{email}“ ist ungültig. Bitte prüfen Sie sie.",  # with a parameter
        "Bitte geben Sie Vor- und Nachnamen an.",  # booking.form_input
        "Dieser Termin ist bereits abgesagt.",  # booking.appointments
        "Es gibt bereits ein Konto für {address}.",  # accounts.advisors
        "Sie können Ihr eigenes Konto nicht deaktivieren.",  # accounts.admin
        "E-Mail-Adresse oder Passwort ist nicht richtig.",  # accounts.auth
        "Zu viele Versuche. Bitte warten Sie {seconds} Sekunden.",
        "Diese Frage gehört nicht zur Umfrage.",  # privacy.survey
        "Der Beratungsraum öffnet erst 5 Minuten vor Beginn des Termins.",  # room.rooms
        "Die E-Mail konnte nicht versendet werden.",  # mail.mailer
        "Gebucht",  # core.labels
        "Dolmetscher/in",
    ):
        assert message in found, message


# German-only screens (Leichte Sprache, the accessibility statement): their `_` is the server's (German at compile time).
GERMAN_ONLY_SCREENS = frozenset({"accessibility/views_easy_language.py", "accessibility/views_statement.py"})


def server_translations_in_view_code(tree: ast.AST) -> list[int]:
    """Lines where view code takes `_` (or `i18n._`) from `core.i18n`: compiled once, it would stay German."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "videotermin_app.core.i18n":
            lines += [node.lineno for alias in node.names if alias.name == "_"]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "_"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "i18n"
        ):
            lines.append(node.lineno)
    return lines


def test_the_detector_sees_a_server_translation_in_view_code() -> None:
    source = "from videotermin_app.core.i18n import N_, _\nx = i18n._('Hilfe')\nfrom videotermin_app.core.views_text import _\n"
    assert server_translations_in_view_code(ast.parse(source)) == [1, 2]


def test_screens_translate_in_the_browser() -> None:
    """`views*`, `ui/` and `pages/` take `_` from `core.views_text` (see DEVELOPERS.md "Texts")."""
    problems = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in screen_modules()
        if not path.name.startswith("state")
        and path.name != "videotermin_app.py"  # page titles: German sources, translated in the browser
        and path.relative_to(PACKAGE).as_posix() not in GERMAN_ONLY_SCREENS
        for line in server_translations_in_view_code(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not problems, "view code must use `from videotermin_app.core.views_text import _`:\n" + "\n".join(problems)
