// Local preview and device check ("Testanruf"): getUserMedia, a microphone level, and one
// RTCPeerConnection to the backend's echo peer. No texts, no thresholds, no business rules:
// props in, measurements out (see views_media_check.py).
import { useEffect, useRef, useState } from "react";

const VIDEO_STYLE = { width: "100%", maxWidth: "22rem", aspectRatio: "4 / 3", background: "#111",
                      borderRadius: "10px", objectFit: "cover" };

function gathered(pc, timeoutMs) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { if (pc.iceGatheringState === "complete") resolve(); };
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, timeoutMs);
  });
}

function connected(pc) {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pc.connectionState === "connected") resolve();
      else if (["failed", "closed"].includes(pc.connectionState)) reject(new Error(pc.connectionState));
    };
    pc.addEventListener("connectionstatechange", check);
    check();
  });
}

// Whether a TURN relay works from this network: a second connection that may use only the TURN
// servers (relay policy) gathers candidates; a "relay" candidate means coturn answered and granted an
// allocation with the tab's credentials. null: no TURN server handed out, nothing to tell.
const RELAY_PROBE_MS = 5000;

async function probeRelay(iceServers) {
  const turn = (iceServers || []).filter((s) => [].concat(s.urls || []).some((u) => /^turns?:/.test(u)));
  if (!turn.length) return null;
  let probe = null;
  try {
    probe = new RTCPeerConnection({ iceServers: turn, iceTransportPolicy: "relay" });
    const found = new Promise((resolve) => {
      probe.addEventListener("icecandidate", ({ candidate }) => {
        if (!candidate) resolve(false);
        else if (candidate.type === "relay" || / typ relay/.test(candidate.candidate)) resolve(true);
      });
      setTimeout(() => resolve(false), RELAY_PROBE_MS);
    });
    probe.createDataChannel("relay-probe");
    await probe.setLocalDescription(await probe.createOffer());
    return await found;
  } catch (e) {
    return false;
  } finally {
    if (probe) probe.close();
  }
}

async function measure(pc) {
  const report = await pc.getStats();
  let pair = null, outVideo = null;
  const inbound = [];
  report.forEach((s) => {
    if (s.type === "transport" && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId) || pair;
    if (s.type === "candidate-pair" && s.nominated && s.state === "succeeded" && !pair) pair = s;
    if (s.type === "inbound-rtp") inbound.push(s);
    if (s.type === "outbound-rtp" && s.kind === "video" && s.qualityLimitationReason !== undefined) {
      outVideo = s;
    }
  });
  const out = {};
  if (outVideo) out.quality_limitation = outVideo.qualityLimitationReason;
  if (pair) {
    if (pair.availableOutgoingBitrate) out.upload_kbps = pair.availableOutgoingBitrate / 1000;
    if (pair.availableIncomingBitrate) out.download_kbps = pair.availableIncomingBitrate / 1000;
    if (pair.currentRoundTripTime !== undefined) out.rtt_ms = pair.currentRoundTripTime * 1000;
  }
  let received = 0, lost = 0;
  const jitters = {};  // audio jitter when there is audio: video jitter mostly shows the echo's re-encoding
  inbound.forEach((s) => {
    received += s.packetsReceived || 0;
    lost += Math.max(s.packetsLost || 0, 0);
    if (s.jitter !== undefined) jitters[s.kind] = Math.max(jitters[s.kind] || 0, s.jitter * 1000);
    if (s.kind === "video") {
      out.frames_received = s.framesDecoded || 0;
      if (s.framesPerSecond !== undefined) out.video_fps = s.framesPerSecond;
    }
    if (s.kind === "audio") out.audio_received = (s.packetsReceived || 0) > 0;
  });
  if (received + lost > 0) out.loss_percent = (100 * lost) / (received + lost);
  const jitter = jitters.audio !== undefined ? jitters.audio : jitters.video;
  if (jitter !== undefined) out.jitter_ms = jitter;
  return out;
}

export function MediaCheck({ mediaRequest, checkRun, answerSdp, iceServers, measureMs, localLabel, echoLabel,
                             onMedia, onOffer, onStats, onLevel, ...rest }) {
  const localRef = useRef(null), echoRef = useRef(null), stream = useRef(null), pc = useRef(null);
  const relay = useRef(Promise.resolve(null));
  const meter = useRef(null), cb = useRef({});
  const [hasLocal, setHasLocal] = useState(false);
  const [hasEcho, setHasEcho] = useState(false);
  cb.current = { onMedia, onOffer, onStats, onLevel };

  // the measurement plus, when TURN was handed out, whether a relay path works (key "relay")
  const report = async (stats) => {
    const ok = await relay.current;
    return ok === null ? stats : { ...stats, relay: ok };
  };

  const closePc = () => { if (pc.current) { pc.current.close(); pc.current = null; } };

  useEffect(() => {
    return () => {
      closePc();
      if (meter.current) { clearInterval(meter.current.timer); meter.current.ctx.close(); }
      if (stream.current) stream.current.getTracks().forEach((t) => t.stop());
    };
  }, []);

  useEffect(() => {
    if (!mediaRequest) return;
    if (stream.current) {
      const s = stream.current;
      cb.current.onMedia?.({ ok: true, error_name: "", has_video: s.getVideoTracks().length > 0,
                             has_audio: s.getAudioTracks().length > 0 });
      return;
    }
    (async () => {
      let s = null, error = "";
      if (!navigator.mediaDevices?.getUserMedia) error = "NotSupportedError";
      else {
        try { s = await navigator.mediaDevices.getUserMedia({ video: true, audio: true }); }
        catch (e) {
          error = e.name || "Error";
          if (["NotFoundError", "OverconstrainedError", "NotReadableError"].includes(error)) {
            try { s = await navigator.mediaDevices.getUserMedia({ audio: true }); error = ""; }
            catch (e2) { error = e2.name || error; }
          }
        }
      }
      if (!s) { cb.current.onMedia?.({ ok: false, error_name: error, has_video: false, has_audio: false }); return; }
      stream.current = s;
      if (localRef.current) localRef.current.srcObject = s;
      setHasLocal(s.getVideoTracks().length > 0);
      const AudioCtx = window.AudioContext || window.webkitAudioContext;
      if (AudioCtx && s.getAudioTracks().length) {
        const ctx = new AudioCtx();
        const analyser = ctx.createAnalyser();
        analyser.fftSize = 1024;
        ctx.createMediaStreamSource(s).connect(analyser);
        const data = new Float32Array(analyser.fftSize);
        let last = -1;
        const timer = setInterval(() => {
          analyser.getFloatTimeDomainData(data);
          const rms = Math.sqrt(data.reduce((sum, v) => sum + v * v, 0) / data.length);
          const level = Math.round(Math.min(1, rms * 4) * 20) / 20;
          if (level !== last) { last = level; cb.current.onLevel?.(level); }
        }, 250);
        meter.current = { ctx, timer };
        ctx.resume?.();
      }
      cb.current.onMedia?.({ ok: true, error_name: "", has_video: s.getVideoTracks().length > 0,
                             has_audio: s.getAudioTracks().length > 0 });
    })();
  }, [mediaRequest]);

  useEffect(() => {
    if (!checkRun || !stream.current) return;
    closePc();
    const peer = new RTCPeerConnection({ iceServers: iceServers || [] });
    pc.current = peer;
    relay.current = probeRelay(iceServers);
    stream.current.getTracks().forEach((t) => peer.addTrack(t, stream.current));
    const echoStream = new MediaStream();
    peer.ontrack = (ev) => {
      echoStream.addTrack(ev.track);
      if (echoRef.current) echoRef.current.srcObject = echoStream;
      setHasEcho(true);
    };
    (async () => {
      try {
        await peer.setLocalDescription(await peer.createOffer());
        await gathered(peer, 3000);
        if (pc.current === peer) cb.current.onOffer?.(peer.localDescription.sdp);
      } catch (e) {
        if (pc.current === peer) cb.current.onStats?.(await report({}));
      }
    })();
  }, [checkRun]);

  useEffect(() => {
    const peer = pc.current;
    if (!answerSdp || !peer || peer.signalingState !== "have-local-offer") return;
    (async () => {
      try {
        await peer.setRemoteDescription({ type: "answer", sdp: answerSdp });
        await connected(peer);
        await new Promise((resolve) => setTimeout(resolve, measureMs || 6000));
        if (pc.current !== peer) return;
        const stats = await report(await measure(peer));
        if (pc.current === peer) cb.current.onStats?.(stats);
      } catch (e) {
        if (pc.current === peer) cb.current.onStats?.(await report({}));
      }
      if (pc.current === peer) { closePc(); setHasEcho(false); }
    })();
  }, [answerSdp]);

  return (
    <div {...rest}>
      <video id="local-video" ref={localRef} muted playsInline autoPlay aria-label={localLabel}
             style={{ ...VIDEO_STYLE, transform: "scaleX(-1)", display: hasLocal ? "block" : "none" }} />
      <video id="echo-video" ref={echoRef} playsInline autoPlay aria-label={echoLabel}
             style={{ ...VIDEO_STYLE, display: hasEcho ? "block" : "none" }} />
    </div>
  );
}
