// The browser half of the call: camera, microphone, one RTCPeerConnection per other person (mesh),
// one offerer per pair with trickle ICE, screen share, fullscreen, getStats. No texts, no rules:
// every label arrives as a prop, every decision is made in Python. Signals go out through
// onSignal and come in through the `signals` prop (a list with increasing ids); onAck tells the
// server the last id handled, so the list only ever holds signals not handled yet.
import { useEffect, useRef, useState } from "react";
import { Tile, attach } from "./call_tile.jsx";
import { useBackgroundBlur, replaceOutgoing } from "../../ui/blur_switch/background_blur.js";
import { getLocalMedia, mirrorTransform, useLocalMedia } from "../../ui/devices/devices.jsx";
import { adoptMedia, takePreconnected } from "./preconnect.jsx";
import { applySendLimits } from "./call_limits.jsx";

const STATS_EVERY_MS = 2000;

export function CallPeer(props) {
  const { selfKey, selfEpoch = 0, peers = [], signals = [], iceServers = [], iceRenewMs = 0, heartbeatMs = 0, active = false, muted = false,
          cameraOff = false, sharing = false, fullscreen = false, localLabel = "", blur = false, blurBudgetMs = 0,
          sendLimits = null } = props;
  const cb = useRef(props);
  cb.current = props;
  const emit = (name, value) => cb.current[name] && cb.current[name](value);
  const local = useRef(null);          // MediaStream of camera + microphone
  const screen = useRef(null);         // MediaStream of a shared screen
  const pcs = useRef(new Map());       // key -> {pc, epoch, offerer, early candidates}
  const seen = useRef(-1);             // highest signal id already handled
  const acked = useRef(-1);            // highest signal id acknowledged to the server
  const localVideo = useRef(null);
  const [streams, setStreams] = useState({});
  const [localReady, setLocalReady] = useState(false);
  const [camera, setCamera] = useState(null);  // the camera's track: the background blur reads from it

  // camera and microphone, once
  useEffect(() => {
    let stopped = false;
    const get = async () => {
      const md = navigator.mediaDevices;
      if (!md || !md.getUserMedia) return emit("onLocal", { ok: false, error: "unsupported", has_video: false, has_audio: false });
      let stream = null, error = "";
      try { stream = await getLocalMedia({ audio: true, video: { width: 640, height: 480 } }); }
      catch (e) { error = e.name || "Error";
        try { stream = await getLocalMedia({ audio: true, video: false }); } catch (e2) { error = e2.name || error; } }
      if (stopped) { stream && stream.getTracks().forEach((t) => t.stop()); return; }
      local.current = stream;
      setCamera(stream ? stream.getVideoTracks()[0] || null : null);
      emit("onLocal", { ok: !!stream, error, has_video: !!stream && stream.getVideoTracks().length > 0,
                        has_audio: !!stream && stream.getAudioTracks().length > 0,
                        can_share: !!(md.getDisplayMedia) && !/Android|iPhone|iPad|Mobile/i.test(navigator.userAgent) });
      attach(localVideo.current, stream);
      setLocalReady(true);
    };
    get();
    const onFs = () => emit("onFullscreen", !!document.fullscreenElement);
    document.addEventListener("fullscreenchange", onFs);
    // the network changed (Wi-Fi to mobile data, back online): new ICE paths for every connection
    const onOnline = () => pcs.current.forEach((entry, key) => {
      if (entry.offerer) entry.pc.restartIce(); else send(key, "restart", {});
    });
    window.addEventListener("online", onOnline);
    return () => {
      stopped = true;
      document.removeEventListener("fullscreenchange", onFs);
      window.removeEventListener("online", onOnline);
      pcs.current.forEach((entry) => entry.pc.close());
      pcs.current.clear();
      [local.current, screen.current].forEach((s) => s && s.getTracks().forEach((t) => t.stop()));
    };
  }, []);

  useEffect(() => attach(localVideo.current, local.current), [localReady]);

  // device choice (ui/devices.jsx): a camera or microphone chosen mid-call is swapped into every
  // connection's sender (replaceOutgoingTrack); while a screen is shared the senders keep the screen,
  // and while the background is blurred they keep the blurred track: the new camera goes to the blur,
  // whose new canvas track then replaces the old one (the effect on `blurred` below)
  useLocalMedia({
    stream: () => local.current,
    setStream: (s) => {
      local.current = s;
      setCamera(s.getVideoTracks()[0] || null);
      if (!screen.current) attach(localVideo.current, shown());
    },
    peerConnections: () => [...pcs.current.values()].map((entry) => entry.pc),
    keepVideoSenders: () => !!screen.current || !!(blurRef.current && blurRef.current.track),
  });

  // mute / camera wishes
  useEffect(() => {
    const s = local.current;
    if (!s) return;
    s.getAudioTracks().forEach((t) => { t.enabled = !muted; });
    s.getVideoTracks().forEach((t) => { t.enabled = !cameraOff; });
  }, [muted, cameraOff, localReady]);

  const send = (key, kind, data) => {
    const entry = pcs.current.get(key);
    emit("onSignal", { to: key, to_epoch: entry ? entry.epoch : 0, kind, data });
  };

  // background blur (ui/background_blur.js): while on, its canvas track is the outgoing picture and
  // the preview; off or stopped by itself (too slow, failed to load), the camera track is back
  const blurred = useBackgroundBlur(blur, camera, blurBudgetMs, (why) => emit("onBlurProblem", why));
  const blurRef = useRef(null);
  blurRef.current = blurred;
  const shown = () => screen.current || (blurRef.current && blurRef.current.stream) || local.current;
  useEffect(() => {
    if (screen.current || !camera) return;
    replaceOutgoing([...pcs.current.values()].map((e) => e.pc), "video", currentVideoTrack());
    attach(localVideo.current, shown());
  }, [blurred]);

  const currentVideoTrack = () => {
    const s = screen.current && screen.current.getVideoTracks()[0];
    return s || (blurRef.current && blurRef.current.track) || (local.current && local.current.getVideoTracks()[0]) || null;
  };

  // One side offers, the other answers (no glare): the smaller key offers, the larger one answers
  // and attaches its tracks only once the offer is there. ICE restarts are the offerer's job.
  const addLocalTracks = (pc) => {
    const s = local.current;
    if (s) s.getTracks().forEach((t) => pc.addTrack(t.kind === "video" ? (currentVideoTrack() || t) : t, s));
    else { pc.addTransceiver("audio", { direction: "recvonly" }); pc.addTransceiver("video", { direction: "recvonly" }); }
  };

  // A connection made while the person waited (preconnect.jsx) is taken over unless `fresh`: then
  // admission only switches the media on. The offerer says "adopt"; an answerer without that
  // connection answers "fresh", and an offer where "adopt" was expected replaces the taken one.
  const open = (peer, fresh = false) => {
    const taken = fresh ? null : takePreconnected(peer.key, peer.pre);
    const pc = taken || new RTCPeerConnection({ iceServers });
    const entry = { pc, epoch: peer.epoch, offerer: selfKey < peer.key, early: [], adopted: !!taken, confirmed: false };
    pcs.current.set(peer.key, entry);
    if (entry.offerer) {
      if (!taken) addLocalTracks(pc);
      pc.onnegotiationneeded = async () => {
        try { await pc.setLocalDescription();
          send(peer.key, "description", { type: pc.localDescription.type, sdp: pc.localDescription.sdp }); }
        catch (e) { /* the next negotiationneeded retries */ }
      };
    }
    pc.onicecandidate = ({ candidate }) => candidate && send(peer.key, "candidate", candidate.toJSON());
    pc.ontrack = ({ track, streams }) => setStreams((old) => {
      const stream = streams[0] || old[peer.key] || new MediaStream();
      if (!streams[0] && !stream.getTracks().includes(track)) stream.addTrack(track);
      return { ...old, [peer.key]: stream };
    });
    pc.onconnectionstatechange = () => {
      emit("onPeerState", { key: peer.key, state: pc.connectionState });
      if (pc.connectionState === "connected") applySendLimits(pc, cb.current.sendLimits, cb.current.sharing);
      if (pc.connectionState === "failed") {
        if (entry.offerer) pc.restartIce(); else send(peer.key, "restart", {});
      }
    };
    if (taken) {
      const stream = adoptMedia(pc, local.current, currentVideoTrack());
      setStreams((old) => ({ ...old, [peer.key]: stream }));
      applySendLimits(pc, cb.current.sendLimits, cb.current.sharing);
      if (entry.offerer) send(peer.key, "adopt", {});
      emit("onPeerState", { key: peer.key, state: pc.connectionState });
    }
    return entry;
  };

  const close = (key) => {
    const entry = pcs.current.get(key);
    if (entry) entry.pc.close();
    pcs.current.delete(key);
    setStreams((old) => { const next = { ...old }; delete next[key]; return next; });
  };

  // the set of other people: open, re-open after their reload (new epoch), close when gone
  useEffect(() => {
    if (!active || !localReady) return;
    const wanted = new Map(peers.filter((p) => p.in_call).map((p) => [p.key, p]));
    pcs.current.forEach((entry, key) => {
      const p = wanted.get(key);
      if (!p || p.epoch !== entry.epoch) close(key);
    });
    wanted.forEach((p, key) => { if (!pcs.current.has(key)) open(p); });
  }, [active, localReady, JSON.stringify(peers.map((p) => [p.key, p.epoch, p.in_call]))]);

  useEffect(() => { if (!active) { pcs.current.forEach((_, k) => close(k)); } }, [active]);

  // incoming signals, handled one at a time and in order
  const busy = useRef(false);
  const pump = async () => {
    if (busy.current) { busy.again = true; return; }
    busy.current = true;
    try {
      do {
        busy.again = false;
        const { signals: list = [], peers: known = [], selfEpoch: mine = 0 } = cb.current;
        for (const sig of list) {
          if (sig.id <= seen.current) continue;
          seen.current = sig.id;
          if (sig.to_epoch !== mine) continue;  // meant for an earlier tab of mine
          const peer = known.find((p) => p.key === sig.from);
          // the server sends peers with their signals: an unknown sender or another session is dropped
          if (!peer || peer.epoch !== sig.from_epoch || !peer.in_call) continue;
          let entry = pcs.current.get(sig.from);
          if (!entry || entry.epoch !== peer.epoch) { close(sig.from); entry = open(peer); }
          if (entry.adopted && !entry.confirmed && sig.kind === "description" && sig.data.type === "offer") {
            close(sig.from); entry = open(peer, true);  // the offerer negotiates afresh
          }
          const pc = entry.pc;
          try {
            if (sig.kind === "description") {
              if (sig.data.type === "answer" && pc.signalingState !== "have-local-offer") continue;  // stale
              if (sig.data.type === "offer" && entry.offerer) continue;  // never happens between honest peers
              const first = !pc.remoteDescription;
              await pc.setRemoteDescription(sig.data);
              for (const c of entry.early.splice(0)) await pc.addIceCandidate(c).catch(() => {});
              if (sig.data.type === "offer") {
                if (first) addLocalTracks(pc);
                await pc.setLocalDescription();
                send(sig.from, "description", { type: pc.localDescription.type, sdp: pc.localDescription.sdp });
              }
            } else if (sig.kind === "candidate") {
              if (!pc.remoteDescription) { entry.early.push(sig.data); continue; }
              await pc.addIceCandidate(sig.data);
            } else if (sig.kind === "restart" && entry.offerer) {
              pc.restartIce();
            } else if (sig.kind === "adopt" && !entry.offerer) {
              if (entry.adopted) entry.confirmed = true; else send(sig.from, "fresh", {});
            } else if (sig.kind === "fresh" && entry.offerer && entry.adopted) {
              close(sig.from); open(peer, true);
            }
          } catch (e) { emit("onPeerState", { key: sig.from, state: "error" }); }
        }
        if (seen.current > acked.current) { acked.current = seen.current; emit("onAck", seen.current); }
      } while (busy.again);
    } finally { busy.current = false; }
  };
  useEffect(() => { if (active && localReady) pump(); },
            [signals, active, localReady, JSON.stringify(peers.map((p) => [p.key, p.epoch, p.in_call]))]);

  // screen share: replace the outgoing video track everywhere
  useEffect(() => {
    const swap = (track) => pcs.current.forEach(({ pc }) => pc.getSenders()
      .filter((s) => s.track ? s.track.kind === "video" : false).forEach((s) => s.replaceTrack(track)));
    if (sharing && !screen.current) {
      navigator.mediaDevices.getDisplayMedia({ video: true }).then((s) => {
        screen.current = s;
        const track = s.getVideoTracks()[0];
        track.onended = () => emit("onShareEnded", true);
        swap(track);
        attach(localVideo.current, s);
      }).catch(() => emit("onShareEnded", true));
    } else if (!sharing && screen.current) {
      screen.current.getTracks().forEach((t) => t.stop());
      screen.current = null;
      const cam = currentVideoTrack();
      if (cam) swap(cam);
      attach(localVideo.current, shown());
    }
  }, [sharing]);

  // encoding limits on every sender (they follow the number of people and screen sharing)
  const limitsKey = JSON.stringify(sendLimits);
  useEffect(() => { pcs.current.forEach(({ pc }) => applySendLimits(pc, sendLimits, sharing)); }, [limitsKey, sharing]);

  useEffect(() => {
    if (fullscreen && !document.fullscreenElement) document.documentElement.requestFullscreen().catch(() => emit("onFullscreen", false));
    if (!fullscreen && document.fullscreenElement) document.exitFullscreen().catch(() => {});
  }, [fullscreen]);

  // TURN credentials are time-limited: ask for new ones every iceRenewMs (the server decides), and hand
  // new ones to every open connection (used by its next ICE restart).
  const iceKey = JSON.stringify(iceServers);
  useEffect(() => {
    pcs.current.forEach(({ pc }) => {
      try { pc.setConfiguration({ ...pc.getConfiguration(), iceServers }); } catch (e) { /* closed meanwhile */ }
    });
  }, [iceKey]);
  useEffect(() => {
    if (!active || !iceRenewMs) return;
    const timer = setInterval(() => emit("onIceRenew", true), iceRenewMs);
    return () => clearInterval(timer);
  }, [active, iceRenewMs]);

  // while the waiting area or the call is shown: tell the server this tab is still there (it closes
  // an appointment nobody ended only when no tab of anyone gave a sign for a while)
  useEffect(() => {
    if (!selfKey || !heartbeatMs) return;
    const timer = setInterval(() => emit("onHeartbeat", true), heartbeatMs);
    return () => clearInterval(timer);
  }, [selfKey, selfEpoch, heartbeatMs]);

  // raw numbers per person for the quality indicator (judged in Python)
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(async () => {
      const out = [];
      for (const [key, { pc }] of pcs.current) {
        const r = { key, rtt_ms: null, loss_percent: null, jitter_ms: null, upload_kbps: null, video_fps: null };
        let lost = 0, got = 0;
        (await pc.getStats()).forEach((s) => {
          if (s.type === "candidate-pair" && s.nominated && s.state === "succeeded") {
            if (s.currentRoundTripTime != null) r.rtt_ms = s.currentRoundTripTime * 1000;
            if (s.availableOutgoingBitrate != null) r.upload_kbps = s.availableOutgoingBitrate / 1000;
          }
          if (s.type === "inbound-rtp") {
            lost += s.packetsLost || 0; got += s.packetsReceived || 0;
            if (s.kind === "video" && s.framesPerSecond != null) r.video_fps = s.framesPerSecond;
            if (s.kind === "audio" && s.jitter != null) r.jitter_ms = s.jitter * 1000;
          }
        });
        if (got + lost > 0) r.loss_percent = (100 * lost) / (got + lost);
        out.push(r);
      }
      if (out.length) emit("onStats", out);
    }, STATS_EVERY_MS);
    return () => clearInterval(timer);
  }, [active]);

  const others = active ? peers.filter((p) => p.in_call) : [];
  const inset = others.length === 1;  // one other person: the own picture sits small in the corner
  const own = (
    <figure key="own" style={inset
        ? { margin: 0, position: "absolute", right: 8, top: 8, width: "26%", maxWidth: 200, minWidth: 96, zIndex: 2 }
        : { margin: others.length ? 0 : "0 auto", maxWidth: others.length ? "none" : 560, width: "100%" }}>
      <video id="local-video" autoPlay
             ref={(el) => { localVideo.current = el; attach(el, shown()); }} playsInline muted aria-label={localLabel}
             style={{ width: "100%", borderRadius: inset ? 8 : 12, background: "#1b1f29", display: "block",
                      transform: sharing ? "none" : mirrorTransform(camera), aspectRatio: "4 / 3", objectFit: "cover",
                      boxShadow: inset ? "0 2px 8px rgba(0,0,0,.45)" : "none", border: inset ? "2px solid #fff" : "none" }} />
      {inset ? null : <figcaption style={{ fontSize: 14, marginTop: 4 }}>{localLabel}</figcaption>}
    </figure>
  );
  return (
    <div className="vt-call" style={{ position: "relative", width: "100%" }}>
      {others.length ? (
        <div style={{ display: "grid", gap: 8, width: "100%",
                      gridTemplateColumns: inset ? "1fr" : "repeat(auto-fit, minmax(220px, 1fr))" }}>
          {others.map((p) => <Tile key={`${p.key}-${p.epoch}`} peer={p} stream={streams[p.key]}
                                    onPlaying={(key) => emit("onRemotePlaying", key)} />)}
          {inset ? null : own}
        </div>
      ) : null}
      {inset || !others.length ? own : null}
    </div>
  );
}
