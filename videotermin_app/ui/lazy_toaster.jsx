// Reflex's toaster (sonner), loaded after the page has loaded instead of with it.
// Reflex's connection overlay shows its "Cannot connect to server" toast through `refs.__toast`;
// Reflex's own provider puts sonner (7 KB compressed) into the first download of every page,
// before the page can show anything. Here it is fetched once the page has loaded and the browser
// is idle, while the server is still reachable (a toast is needed only when the connection is lost,
// and then sonner could no longer be fetched). If the fetch fails there is simply no toast; the
// overlay's blinking "no connection" icon remains.
import { createElement, useContext, useEffect, useState } from "react";
import { ColorModeContext } from "$/utils/context";
import { refs } from "$/utils/state";

const AFTER_LOAD_MS = 2000;

export function LazyToaster(props) {
  const { resolvedColorMode } = useContext(ColorModeContext);
  const [sonner, setSonner] = useState(null);
  useEffect(() => {
    let done = false;
    let timer = null;
    const fetchSonner = () =>
      import("sonner")
        .then((module) => {
          refs["__toast"] = module.toast;
          if (!done) setSonner(module);
        })
        .catch(() => {});
    const whenIdle = () => {
      timer = setTimeout(() => {
        if (window.requestIdleCallback) window.requestIdleCallback(fetchSonner, { timeout: 5000 });
        else fetchSonner();
      }, AFTER_LOAD_MS);
    };
    if (document.readyState === "complete") whenIdle();
    else window.addEventListener("load", whenIdle, { once: true });
    return () => {
      done = true;
      clearTimeout(timer);
      window.removeEventListener("load", whenIdle);
    };
  }, []);
  if (!sonner) return null;
  return createElement(sonner.Toaster, { ...props, theme: resolvedColorMode });
}
