// A short sound and a browser notification when someone starts waiting (text comes as a prop).
import { useEffect, useRef } from "react";

function beep() {
  try {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    const ctx = new Ctx();
    const osc = ctx.createOscillator(), gain = ctx.createGain();
    osc.frequency.value = 880; gain.gain.setValueAtTime(0.15, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.4);
    osc.connect(gain).connect(ctx.destination); osc.start(); osc.stop(ctx.currentTime + 0.4);
    osc.onended = () => ctx.close();
  } catch (e) { /* no audio output */ }
}

export function WaitingAlert({ seq = 0, text = "", title = "" }) {
  const last = useRef(seq);
  useEffect(() => {
    if ("Notification" in window && Notification.permission === "default") Notification.requestPermission().catch(() => {});
  }, []);
  useEffect(() => {
    if (seq === last.current) return;
    last.current = seq;
    beep();
    if ("Notification" in window && Notification.permission === "granted" && document.visibilityState !== "visible") {
      try { new Notification(title, { body: text }); } catch (e) { /* e.g. Android needs a service worker */ }
    }
  }, [seq]);
  return null;
}
