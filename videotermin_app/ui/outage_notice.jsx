// A calm line when the server could not carry out the last action (for instance while Redis is
// briefly gone). The server fills it through Reflex's own `_set_value` event (no script is
// evaluated, so the CSP stays strict); the line clears itself after a while or on the next fill.
import { useEffect, useRef } from "react";

const SHOWN_MS = 20000;

export function OutageNotice({ ref, id, className }) {
  const own = useRef(null);
  useEffect(() => {
    const el = own.current;
    if (!el) return undefined;
    let timer = null;
    const observer = new MutationObserver(() => {
      clearTimeout(timer);
      if (el.value) timer = setTimeout(() => { el.value = ""; }, SHOWN_MS);
    });
    observer.observe(el, { childList: true, characterData: true, subtree: true });
    return () => { observer.disconnect(); clearTimeout(timer); };
  }, []);
  const both = (el) => {
    own.current = el;
    if (typeof ref === "function") ref(el); else if (ref) ref.current = el;
  };
  return <output ref={both} id={id} className={className} />;
}
