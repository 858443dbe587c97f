// Camera, microphone and speaker choice, shared by the device check (media_check.jsx) and the call
// (call_peer.jsx); wrapped by ui/devices.py. No texts: labels arrive as props, notes are Python
// children shown or hidden here. The choice stays on this device (localStorage `vt_devices`); the
// server never sees a deviceId.
//
// - `getLocalMedia({audio, video})`: getUserMedia with the remembered devices (`deviceId: {exact}`);
//   a device that has gone falls back to the default one (and `DeviceNote` shows its note).
// - `useLocalMedia(api)`: the component holding the live camera/microphone stream registers itself
//   ({stream(), setStream(stream), peerConnections(), keepVideoSenders()}); a choice made while it
//   runs swaps the track in place (`switchTrack`).
// - `replaceOutgoingTrack(kind, track)`: puts `track` into every peer connection's sender of that
//   kind and into the local stream (preview), keeps enabled (mute / camera off), stops the old one.
import { useEffect, useRef, useState, useSyncExternalStore } from "react";

const KEY = "vt_devices";
const KINDS = ["videoinput", "audioinput", "audiooutput"];
const listeners = new Set();
let state = { choice: readChoice(), devices: [], fellBack: false, facingCapable: false };
let holder = null;
let switching = Promise.resolve();

function readChoice() {
  const out = { videoinput: "", audioinput: "", audiooutput: "", facing: "" };
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) || "{}");
    for (const k of [...KINDS, "facing"]) {
      if (typeof raw[k] === "string" && raw[k].length <= 256) out[k] = raw[k];
    }
  } catch (e) { /* nothing remembered, or storage blocked */ }
  return out;
}

function update(changes) {
  state = { ...state, ...changes };
  listeners.forEach((l) => l());
}

function remember(changes) {
  const choice = { ...state.choice, ...changes };
  try { localStorage.setItem(KEY, JSON.stringify(choice)); } catch (e) { /* storage blocked: this page only */ }
  update({ choice });
}

const subscribe = (l) => { listeners.add(l); return () => listeners.delete(l); };
const snapshot = () => state;
export const useDevices = () => useSyncExternalStore(subscribe, snapshot, snapshot);

export const canChooseSpeaker = () =>
  typeof HTMLMediaElement !== "undefined" && "setSinkId" in HTMLMediaElement.prototype;

export async function refreshDevices() {
  const md = navigator.mediaDevices;
  if (!md || !md.enumerateDevices) return;
  try {
    const list = await md.enumerateDevices();
    update({ devices: list.filter((d) => KINDS.includes(d.kind) && d.deviceId)
      .map((d) => ({ kind: d.kind, id: d.deviceId, label: d.label })) });
  } catch (e) { /* keep the last list */ }
}

if (typeof navigator !== "undefined" && navigator.mediaDevices && navigator.mediaDevices.addEventListener) {
  navigator.mediaDevices.addEventListener("devicechange", refreshDevices);
}

function videoConstraint(base, choice) {
  const v = { ...(base === true ? {} : base) };
  if (choice.videoinput) v.deviceId = { exact: choice.videoinput };
  else if (choice.facing) v.facingMode = { exact: choice.facing };
  return v;
}

function audioConstraint(base, choice) {
  const a = { ...(base === true ? {} : base) };
  if (choice.audioinput) a.deviceId = { exact: choice.audioinput };
  return Object.keys(a).length ? a : true;
}

const GONE = ["OverconstrainedError", "NotFoundError", "NotReadableError", "ConstraintNotSatisfiedError"];

// Remember what a track really is (the device behind "default", or the camera a facing chose).
function learn(stream) {
  const changes = {};
  const v = stream.getVideoTracks()[0], a = stream.getAudioTracks()[0];
  if (v) {
    const caps = v.getCapabilities ? v.getCapabilities() : {};
    update({ facingCapable: Array.isArray(caps.facingMode) && caps.facingMode.length > 0 });
  }
  if (v && state.choice.videoinput && v.getSettings().deviceId) changes.videoinput = v.getSettings().deviceId;
  if (a && state.choice.audioinput && a.getSettings().deviceId) changes.audioinput = a.getSettings().deviceId;
  if (Object.keys(changes).length) remember(changes);
}

/** getUserMedia with the remembered devices; a remembered device that is gone falls back to the default. */
export async function getLocalMedia({ audio = true, video = true } = {}) {
  const md = navigator.mediaDevices;
  const choice = state.choice;
  const want = (c) => ({ audio: audio ? audioConstraint(audio, c) : false, video: video ? videoConstraint(video, c) : false });
  let stream;
  try {
    stream = await md.getUserMedia(want(choice));
  } catch (e) {
    const chosen = (video && (choice.videoinput || choice.facing)) || (audio && choice.audioinput);
    if (!chosen || !GONE.includes(e.name)) throw e;
    // drop the camera choice, else the microphone's, else both: keep what is still there
    const none = { videoinput: "", facing: "", audioinput: "" };
    const tries = [{ ...choice, videoinput: "", facing: "" }, { ...choice, audioinput: "" }, none];
    for (const c of tries) {
      try { stream = await md.getUserMedia(want(c)); break; }
      catch (e2) { if (c === none) throw e2; }
    }
    update({ fellBack: true });
  }
  learn(stream);
  refreshDevices();
  return stream;
}

/** Register the component holding the live stream (one at a time: the device check or the call). */
export function useLocalMedia(api) {
  const ref = useRef(api);
  ref.current = api;
  useEffect(() => {
    const entry = {
      stream: () => ref.current.stream(),
      setStream: (s) => ref.current.setStream(s),
      peerConnections: () => (ref.current.peerConnections ? ref.current.peerConnections() : []),
      keepVideoSenders: () => !!(ref.current.keepVideoSenders && ref.current.keepVideoSenders()),
    };
    holder = entry;
    return () => { if (holder === entry) holder = null; };
  }, []);
}

/** Swap the outgoing track of `kind` ("audio" or "video") everywhere: every peer connection's sender of
 * that kind, the local stream and its preview. The new track keeps the old one's `enabled` (mute,
 * camera off); the old track is stopped unless `stopOld` is false (a processed track, e.g. a blurred
 * picture, that still needs the camera track it came from). While a screen is shared the video senders
 * keep the screen. */
export async function replaceOutgoingTrack(kind, track, { stopOld = true } = {}) {
  if (!holder) return false;
  const stream = holder.stream();
  const old = stream ? stream.getTracks().filter((t) => t.kind === kind) : [];
  if (old.length) track.enabled = old[0].enabled;
  if (!(kind === "video" && holder.keepVideoSenders())) {
    for (const pc of holder.peerConnections()) {
      if (pc.connectionState === "closed") continue;
      for (const t of pc.getTransceivers()) {
        const sending = t.sender.track ? t.sender.track.kind === kind : t.receiver.track.kind === kind;
        if (sending && t.currentDirection !== "stopped" && t.sender.track !== track) {
          try { await t.sender.replaceTrack(track); } catch (e) { /* closed meanwhile */ }
        }
      }
    }
  }
  const next = new MediaStream([...(stream ? stream.getTracks().filter((t) => t.kind !== kind) : []), track]);
  holder.setStream(next);
  if (stopOld) old.forEach((t) => { if (t !== track) t.stop(); });
  return true;
}

// A new device of one kind for the running stream (camera or microphone changed while in use).
// Returns whether it worked; unless `quiet`, a failure shows the note (the old device goes on).
async function switchTrack(kind, quiet = false) {
  if (!holder || !holder.stream()) return false;
  const md = navigator.mediaDevices;
  const c = state.choice;
  const stream = holder.stream();
  const current = kind === "video" ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0];
  if (!current) return false;
  const base = current.getConstraints ? { ...current.getConstraints() } : {};
  delete base.deviceId; delete base.facingMode;
  const ask = () => md.getUserMedia(kind === "video" ? { video: videoConstraint(base, c) } : { audio: audioConstraint(base, c) });
  let fresh;
  try { fresh = await ask(); }
  catch (e) {
    // phones often open one camera at a time: let go of the old one first
    if (kind !== "video" || e.name !== "NotReadableError") { if (!quiet) update({ fellBack: true }); return false; }
    current.stop();
    try { fresh = await ask(); } catch (e2) { if (!quiet) update({ fellBack: true }); return false; }
  }
  const track = kind === "video" ? fresh.getVideoTracks()[0] : fresh.getAudioTracks()[0];
  update({ fellBack: false });
  learn(fresh);
  await replaceOutgoingTrack(kind, track);
  refreshDevices();
  return true;
}

const queue = (fn) => { switching = switching.then(fn, fn); return switching; };

export function chooseDevice(kind, id) {
  if (kind === "audiooutput") { remember({ audiooutput: id }); applySinkEverywhere(); return; }
  remember(kind === "videoinput" ? { videoinput: id, facing: "" } : { audioinput: id });
  queue(() => switchTrack(kind === "videoinput" ? "video" : "audio"));
}

/** Kamera wechseln: front/back where the camera tells its facing (phones), else (or when that fails)
 * the next camera in the list. */
export function flipCamera() {
  const cams = state.devices.filter((d) => d.kind === "videoinput");
  if (cams.length < 2) return;
  const stream = holder && holder.stream();
  const track = stream && stream.getVideoTracks()[0];
  const now = track ? track.getSettings() : {};
  const at = cams.findIndex((d) => d.id === (now.deviceId || state.choice.videoinput));
  const nextCamera = () => remember({ videoinput: cams[(at + 1) % cams.length].id, facing: "" });
  queue(async () => {
    if (state.facingCapable) {
      const facing = (now.facingMode || state.choice.facing) === "environment" ? "user" : "environment";
      remember({ facing, videoinput: "" });
      if (await switchTrack("video", true)) return;
    }
    nextCamera();
    await switchTrack("video");
  });
}

/** The own picture is shown mirrored, as people know it from a mirror, except from a camera that
 * faces away from them (a phone's back camera): there a mirror would turn what they point at around. */
export const mirrorTransform = (track) =>
  track && track.getSettings && track.getSettings().facingMode === "environment" ? "none" : "scaleX(-1)";

/** Play a media element's sound through the chosen speaker (where the browser can). */
export function applySink(el) {
  const id = state.choice.audiooutput;
  if (!el || !canChooseSpeaker() || !id || el.sinkId === id) return;
  el.setSinkId(id).catch(() => { /* gone: the default speaker plays */ });
}

function applySinkEverywhere() {
  document.querySelectorAll("video, audio").forEach(applySink);
}

const hasMany = (s) => s.devices.filter((d) => d.kind === "videoinput").length > 1;

function Choice({ id, kind, label, devices, value }) {
  const list = devices.filter((d) => d.kind === kind);
  if (!list.length) return null;
  const shown = list.some((d) => d.id === value) ? value : (list.find((d) => d.id === "default") || list[0]).id;
  return (
    <div className="vt-device">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={shown} onChange={(e) => chooseDevice(kind, e.target.value)}>
        {list.map((d, i) => <option key={d.id} value={d.id}>{d.label || `${label} ${i + 1}`}</option>)}
      </select>
    </div>
  );
}

/** The comboboxes Kamera, Mikrofon and (where the browser can) Lautsprecher, once devices are known. */
export function DeviceChooser({ idPrefix = "vt-device", cameraLabel, microphoneLabel, speakerLabel, ...rest }) {
  const s = useDevices();
  const [mounted, setMounted] = useState(false);
  useEffect(() => { setMounted(true); refreshDevices(); }, []);
  // before permission the browser lists devices without names: nothing to choose from yet
  if (!mounted || !s.devices.some((d) => d.label)) return null;
  return (
    <div className="vt-devices" {...rest}>
      <Choice id={`${idPrefix}-camera`} kind="videoinput" label={cameraLabel} devices={s.devices} value={s.choice.videoinput} />
      <Choice id={`${idPrefix}-microphone`} kind="audioinput" label={microphoneLabel} devices={s.devices} value={s.choice.audioinput} />
      {canChooseSpeaker() ? (
        <Choice id={`${idPrefix}-speaker`} kind="audiooutput" label={speakerLabel} devices={s.devices} value={s.choice.audiooutput} />
      ) : null}
    </div>
  );
}

/** Its child (the **Kamera wechseln** button) only where there is more than one camera (a phone's front
 * and back camera are two). */
export function CameraSwitch({ children }) {
  const s = useDevices();
  const many = hasMany(s);
  return (
    <span className="vt-camera-switch" style={{ display: many ? "contents" : "none" }}
          onClick={many ? flipCamera : undefined}>
      {many ? children : null}
    </span>
  );
}

/** Its child (a note) while a remembered device was gone and the default one is used instead. */
export function DeviceNote({ children }) {
  const s = useDevices();
  return s.fellBack ? children : null;
}
