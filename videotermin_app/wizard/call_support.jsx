// Can this browser do the video call? Reported once after mounting through `onResult(true|false)`
// (see views_call_support.py). Feature detection lives here rather than in `rx.call_script`,
// whose string is run with eval() in the browser, which the Content-Security-Policy forbids.
import { useEffect } from "react";

export function CallSupport({ onResult }) {
  useEffect(() => {
    const ok =
      typeof window.RTCPeerConnection === "function" &&
      !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia) &&
      window.isSecureContext === true;
    if (onResult) onResult(ok);
  }, []);
  return null;
}
