// The visitor's language in the browser (see core/views_text.py and docs/architecture.md "Languages").
// Chosen with `?lang=xx` in any URL or with the **Sprache** combobox, remembered on the device
// (localStorage `vt_lang`, which Reflex's LangState reads, and a cookie of the same name for the
// server-rendered notice pages). Every text on a screen is `vtT(vtLang, "<German source>")`: the
// German source is compiled into the page, the other languages come as one JSON file per language
// (`/i18n/<lang>.json`), loaded when that language is chosen. `<html lang>` and `dir` follow.
import { useEffect, useSyncExternalStore } from "react";

const LANGUAGES = ["de", "en", "uk", "ar", "tr"];
const RTL = ["ar"];
const KEY = "vt_lang";
const GERMAN = { lang: "de", cat: {} };
const catalogues = { de: {} };
const listeners = new Set();
let snapshot = GERMAN;
let wanted = "de";
let remembered = "de"; // what this device remembers (a page that does not offer it shows German meanwhile)
let reported = null;
const titleSources = {};

const known = (code) => (LANGUAGES.includes(code) ? code : null);

function remember(code) {
  try {
    localStorage.setItem(KEY, code);
  } catch (e) {}
  try {
    document.cookie = `${KEY}=${code}; path=/; max-age=31536000; SameSite=Lax`;
  } catch (e) {}
}

function applyDocument(code) {
  const root = document.documentElement;
  root.lang = code;
  root.dir = RTL.includes(code) ? "rtl" : "ltr";
  translateTitle();
}

// The page title is set by the router in German; shown in the chosen language.
function translateTitle() {
  const shown = document.title;
  const source = titleSources[shown] || shown;
  const text = snapshot.cat[source] || source;
  titleSources[text] = source;
  if (text !== shown) document.title = text;
}

function publish(code) {
  snapshot = code === "de" ? GERMAN : { lang: code, cat: catalogues[code] };
  applyDocument(code);
  listeners.forEach((listener) => listener());
}

export function vtSetLang(choice, keep = true) {
  const code = known(choice) || "de";
  wanted = code;
  if (keep) {
    remembered = code;
    remember(code);
  }
  if (catalogues[code]) {
    publish(code);
    return;
  }
  fetch(`/i18n/${code}.json`, { cache: "no-cache" })
    .then((answer) => (answer.ok ? answer.json() : null))
    .catch(() => null)
    .then((catalogue) => {
      if (!catalogue) return; // unreachable: the page stays German and says so (lang="de")
      catalogues[code] = catalogue;
      if (wanted === code) publish(code);
    });
}

if (typeof window !== "undefined") {
  let code = null;
  try {
    code = known(new URLSearchParams(window.location.search).get("lang"));
  } catch (e) {}
  if (!code) {
    try {
      code = known(localStorage.getItem(KEY));
    } catch (e) {}
  }
  vtSetLang(code || "de");
  // The router writes the German page title on every navigation: show it in the chosen language.
  try {
    new MutationObserver(() => translateTitle()).observe(document.head, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  } catch (e) {}
}

const subscribe = (listener) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useVtLang() {
  return useSyncExternalStore(
    subscribe,
    () => snapshot,
    () => GERMAN,
  );
}

export function vtT(state, message) {
  if (typeof message !== "string") return message;
  return state.cat[message] || message;
}

export function vtF(text, values) {
  return String(text).replace(/\{(\w+)\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole,
  );
}

export function LanguageSelect({ languages, names, label, onChoose, id }) {
  const state = useVtLang();
  useEffect(() => {
    // The advisor's pages offer fewer languages: German while the remembered one is not offered.
    const shown = languages.includes(remembered) ? remembered : "de";
    if (shown !== wanted) vtSetLang(shown, false);
  }, [languages.join(",")]);
  useEffect(() => {
    translateTitle();
    // Tell the server this tab's language (first render and every change), once per change.
    if (onChoose && state.lang === wanted && reported !== state.lang) {
      reported = state.lang;
      onChoose(state.lang);
    }
  }, [state.lang]);
  const value = languages.includes(state.lang) ? state.lang : "de";
  return (
    <div className="vt-language">
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor"
        strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <circle cx="12" cy="12" r="10" />
        <path d="M2 12h20M12 2a15.3 15.3 0 0 1 4 10 15.3 15.3 0 0 1-4 10 15.3 15.3 0 0 1-4-10 15.3 15.3 0 0 1 4-10z" />
      </svg>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => vtSetLang(event.target.value)}>
        {languages.map((code) => (
          <option key={code} value={code} lang={code} dir={RTL.includes(code) ? "rtl" : "ltr"}>
            {names[code] || code}
          </option>
        ))}
      </select>
    </div>
  );
}
