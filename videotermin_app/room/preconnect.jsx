// Pre-connection while a person waits (room/preconnect.py, docs/architecture.md "Instant admission"):
// the advisor's workspace and the waiting person's browser connect (ICE and DTLS) with no track on
// any sender, so no media flows, and nothing of it is shown or played. At admission CallPeer takes
// the connection (takePreconnected) and only puts the real tracks on its senders (adoptMedia:
// RTCRtpSender.replaceTrack, no renegotiation). No texts, no rules: the server decides who pairs
// with whom and relays the signals (`signals` prop in, onSignal/onAck out, like CallPeer).
import { useEffect, useRef, useState } from "react";

const STATS_EVERY_MS = 2000;
const LINGER_MS = 10000;  // a connection nobody wants any more is closed after this (CallPeer may take it first)
const RETRY_MS = 5000;    // the advisor offers again this long after a pre-connection failed
const registry = new Map();  // the other person's key -> {pc, session, early, timer}

// The connected pre-connection to `key` with exactly this session (the advisor tab's number on the
// participant's side, the participant's epoch on the advisor's), handed over to the caller; else null.
export function takePreconnected(key, session) {
  const entry = registry.get(key);
  if (!entry || !session || entry.session !== session || entry.pc.connectionState !== "connected") return null;
  registry.delete(key);
  clearTimeout(entry.timer);
  const pc = entry.pc;
  pc.onicecandidate = null; pc.onconnectionstatechange = null;
  return pc;
}

// Switch the media on over a taken connection: the real tracks on the existing senders (no
// renegotiation, both directions were negotiated as sendrecv); the other side's tracks come from
// the receivers, which exist since the pre-connection was negotiated.
export function adoptMedia(pc, local, videoTrack) {
  for (const t of pc.getTransceivers()) {
    if (t.stopped || t.currentDirection === "stopped") continue;
    const kind = t.receiver.track.kind;
    const track = kind === "video" ? videoTrack : (local && local.getAudioTracks()[0]) || null;
    if (track) t.sender.replaceTrack(track).catch(() => {});
  }
  return new MediaStream(pc.getReceivers().map((r) => r.track));
}

function closeNow(key) {
  const entry = registry.get(key);
  if (!entry) return;
  registry.delete(key);
  clearTimeout(entry.timer);
  entry.pc.close();
}

function release(key) {
  const entry = registry.get(key);
  if (!entry || entry.timer) return;
  entry.timer = setTimeout(() => { if (registry.get(key) === entry) closeNow(key); }, LINGER_MS);
}

export function PreConnect(props) {
  // side: "advisor" offers to every waiting person in `targets`; "participant" answers the advisor
  const { side = "", targets = [], signals = [], iceServers = [], iceRenewMs = 0, active = false, ready = false } = props;
  const cb = useRef(props);
  cb.current = props;
  const emit = (name, value) => cb.current[name] && cb.current[name](value);
  const seen = useRef(-1);
  const acked = useRef(-1);
  const lastPath = useRef("");
  const [retry, setRetry] = useState(0);
  const on = active && ready && (side === "advisor" || side === "participant");

  const send = (key, session, kind, data) => emit("onSignal", { to: key, to_epoch: session, kind, data });

  const make = (key, session) => {
    const pc = new RTCPeerConnection({ iceServers: cb.current.iceServers || [] });
    const entry = { pc, session, early: [], timer: null };
    registry.set(key, entry);
    pc.onicecandidate = ({ candidate }) => candidate && send(key, session, "candidate", candidate.toJSON());
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === "failed" && side === "advisor" && registry.get(key) === entry) {
        closeNow(key);
        setTimeout(() => setRetry((n) => n + 1), RETRY_MS);
      }
    };
    return entry;
  };

  const offer = async (key, epoch) => {
    const { pc } = make(key, epoch);
    pc.addTransceiver("audio", { direction: "sendrecv" });  // no track: nothing is sent until admission
    pc.addTransceiver("video", { direction: "sendrecv" });
    try {
      await pc.setLocalDescription();
      send(key, epoch, "description", { type: pc.localDescription.type, sdp: pc.localDescription.sdp });
    } catch (e) { closeNow(key); }
  };

  // the advisor: one pre-connection per waiting person (a reload of theirs brings a new epoch)
  useEffect(() => {
    if (!on || side !== "advisor") return;
    const wanted = new Map(targets.map((t) => [t.key, t.epoch]));
    registry.forEach((entry, key) => { if (wanted.get(key) !== entry.session) release(key); });
    wanted.forEach((epoch, key) => {
      const entry = registry.get(key);
      if (entry && entry.session === epoch) { clearTimeout(entry.timer); entry.timer = null; return; }
      closeNow(key);
      offer(key, epoch);
    });
  }, [on, side, retry, JSON.stringify(targets)]);

  // not waiting any more (fetched, declined, left) or the desk closed: whatever CallPeer did not take goes
  useEffect(() => {
    if (!on) registry.forEach((_, key) => release(key));
    return () => registry.forEach((_, key) => release(key));
  }, [on]);

  const iceKey = JSON.stringify(iceServers);
  useEffect(() => {
    registry.forEach(({ pc }) => {
      try { pc.setConfiguration({ ...pc.getConfiguration(), iceServers }); } catch (e) { /* closed meanwhile */ }
    });
  }, [iceKey]);
  useEffect(() => {
    if (!on || !iceRenewMs) return;
    const timer = setInterval(() => emit("onIceRenew", true), iceRenewMs);
    return () => clearInterval(timer);
  }, [on, iceRenewMs]);
  useEffect(() => { if (active && side === "advisor") emit("onStart", true); }, [active, side]);

  // incoming signals, one at a time and in order
  const busy = useRef(false);
  const pump = async () => {
    if (busy.current) { busy.again = true; return; }
    busy.current = true;
    try {
      do {
        busy.again = false;
        for (const sig of cb.current.signals || []) {
          if (sig.id <= seen.current) continue;
          seen.current = sig.id;
          try { await handle(sig); } catch (e) { /* a broken pre-connection: admission negotiates afresh */ }
        }
        if (seen.current > acked.current) { acked.current = seen.current; emit("onAck", seen.current); }
      } while (busy.again);
    } finally { busy.current = false; }
  };
  const handle = async (sig) => {
    let entry = registry.get(sig.from);
    if (side === "participant" && sig.kind === "description" && sig.data.type === "offer" && sig.from === "advisor") {
      closeNow("advisor");  // a new pre-connection of the advisor (another tab, or a retry)
      entry = make("advisor", sig.from_epoch);
      const pc = entry.pc;
      await pc.setRemoteDescription(sig.data);
      pc.getTransceivers().forEach((t) => { t.direction = "sendrecv"; });  // still no track: nothing is sent
      await pc.setLocalDescription();
      send("advisor", sig.from_epoch, "description", { type: pc.localDescription.type, sdp: pc.localDescription.sdp });
    } else if (!entry || entry.session !== sig.from_epoch || entry.timer) {
      return;  // not (or no longer) this pre-connection
    } else if (sig.kind === "description" && sig.data.type === "answer" && side === "advisor") {
      if (entry.pc.signalingState !== "have-local-offer") return;
      await entry.pc.setRemoteDescription(sig.data);
    } else if (sig.kind === "candidate") {
      if (!entry.pc.remoteDescription) { entry.early.push(sig.data); return; }
      await entry.pc.addIceCandidate(sig.data);
      return;
    } else {
      return;
    }
    for (const c of entry.early.splice(0)) await entry.pc.addIceCandidate(c).catch(() => {});
  };
  useEffect(() => { if (on) pump(); }, [signals, on]);

  // the advisor's waiting list shows the path measured on each pre-connection (graded in Python)
  useEffect(() => {
    if (!on || side !== "advisor") return;
    const timer = setInterval(async () => {
      const out = [];
      for (const [key, entry] of registry) {
        if (entry.timer) continue;
        let rtt = null;
        const stats = await entry.pc.getStats().catch(() => new Map());
        stats.forEach((s) => {
          if (s.type !== "transport" || !s.selectedCandidatePairId) return;
          const pair = stats.get(s.selectedCandidatePairId);
          if (pair && pair.currentRoundTripTime != null) rtt = Math.round(pair.currentRoundTripTime * 1000);
        });
        out.push({ key, epoch: entry.session, state: entry.pc.connectionState, rtt_ms: rtt });
      }
      const text = JSON.stringify(out);
      if (out.length && text !== lastPath.current) { lastPath.current = text; emit("onPath", out); }
    }, STATS_EVERY_MS);
    return () => clearInterval(timer);
  }, [on, side]);

  return null;
}
