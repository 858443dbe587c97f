// Local preview and device check ("Testanruf"): getUserMedia, a microphone level, and one
// RTCPeerConnection to the backend's echo peer. No texts, no thresholds, no business rules:
// props in, measurements out (see views_media_check.py).
import { useEffect, useRef, useState } from "react";
import { useBackgroundBlur } from "../../ui/blur_switch/background_blur.js";
import { applySink, getLocalMedia, mirrorTransform, useLocalMedia } from "../../ui/devices/devices.jsx";

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

// The line's rates: two data channels to the echo peer. "vt-rate-up": this browser sends at most
// RATE_MAX_BYTES for at most RATE_MAX_MS (paced: RATE_PACE_BYTES per 10 ms) and the server counts what
// arrives. "vt-rate-down": the server sends its burst and this browser tells it how many bytes arrived
// so far (every ~100 ms and at "end"). The server computes both rates by its own clock
// (device_check/rate_probe.py). `done` resolves when both bursts are over (or after RATE_WAIT_MS);
// then "done" tells the server to count media loss from here on, as this browser does.
const RATE_MAX_BYTES = 1000000, RATE_MAX_MS = 3000, RATE_WAIT_MS = 3500, RATE_CHUNK = 16384;
const RATE_PACE_BYTES = 49152, CLOSE_AFTER_MS = 10000;

// After the bursts the media is sampled every SAMPLE_MS; the measurement stops as soon as the figures
// are stable (`stable`), after at least MEDIA_MIN_MS, and at the latest when `measureMs` (counted from
// the connection) is over. Stable: over the last STABLE_SAMPLES samples frames kept arriving (with a
// camera), loss moved by at most half a point and RTT, jitter and frame rate by at most 20 % (or a few
// ms / frames): measuring longer would not change what the grading sees. No thresholds of the grading here.
const MEDIA_MIN_MS = 2500, SAMPLE_MS = 250, STABLE_SAMPLES = 4;

function near(a, b, rel, abs) {
  if (a === undefined || b === undefined) return a === b;
  return Math.abs(a - b) <= Math.max(abs, rel * Math.max(Math.abs(a), Math.abs(b)));
}

function stable(samples, hasVideo) {
  if (samples.length < STABLE_SAMPLES) return false;
  const last = samples.slice(-STABLE_SAMPLES), newest = last[last.length - 1];
  if (newest.rtt_ms === undefined || newest.loss_percent === undefined) return false;
  if (hasVideo && (newest.video_fps === undefined || !newest.frames_received)) return false;
  for (let i = 1; i < last.length; i++) {
    const a = last[i - 1], b = last[i];
    if (hasVideo && !((b.frames_received || 0) > (a.frames_received || 0))) return false;
    if (!near(a.loss_percent, b.loss_percent, 0, 0.5)) return false;
    if (!near(a.rtt_ms, b.rtt_ms, 0.2, 5) || !near(a.jitter_ms, b.jitter_ms, 0.2, 5)) return false;
    if (!near(a.video_fps, b.video_fps, 0.2, 2)) return false;
  }
  return true;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const BAR_STYLE = { width: "100%", maxWidth: "22rem", height: "0.5rem", borderRadius: "999px",
                    background: "var(--gray-a4, #e5e5e5)", overflow: "hidden" };
const FILL_STYLE = { height: "100%", background: "var(--accent-9, #0d74ce)", transition: "width 200ms linear" };

function rateChannels(peer) {
  const up = peer.createDataChannel("vt-rate-up");
  const down = peer.createDataChannel("vt-rate-down");
  down.binaryType = "arraybuffer";
  let received = 0, lastAck = 0, upDone, downDone;
  const upOver = new Promise((r) => { upDone = r; }), downOver = new Promise((r) => { downDone = r; });
  const ack = () => { if (down.readyState === "open") { down.send(String(received)); lastAck = performance.now(); } };
  down.onmessage = (ev) => {
    if (typeof ev.data === "string") { ack(); downDone(); return; }
    received += ev.data.byteLength || 0;
    if (performance.now() - lastAck >= 100) ack();
  };
  down.onclose = downDone;
  up.onclose = upDone;
  up.bufferedAmountLowThreshold = 262144;
  up.onopen = () => {
    const chunk = new ArrayBuffer(RATE_CHUNK), until = performance.now() + RATE_MAX_MS;
    let sent = 0, inSlice = 0;
    const pump = () => {
      up.onbufferedamountlow = null;
      try {
        while (up.readyState === "open" && sent < RATE_MAX_BYTES && performance.now() < until) {
          if (up.bufferedAmount > 1048576) { up.onbufferedamountlow = pump; return; }
          if (inSlice >= RATE_PACE_BYTES) { inSlice = 0; setTimeout(pump, 10); return; }
          up.send(chunk);
          sent += RATE_CHUNK;
          inSlice += RATE_CHUNK;
        }
      } catch (e) { /* the server closed the channel: the burst is over */ }
      upDone();
    };
    pump();
  };
  const over = Promise.all([upOver, downOver]);
  return {
    done: () => Promise.race([over, new Promise((r) => setTimeout(r, RATE_WAIT_MS))]),
    mark: () => { try { if (down.readyState === "open") down.send("done"); } catch (e) { /* closed */ } },
  };
}

// Packets received and lost so far on all inbound streams (media loss is counted after the bursts).
async function packetCounts(pc) {
  let received = 0, lost = 0;
  (await pc.getStats()).forEach((s) => {
    if (s.type === "inbound-rtp") { received += s.packetsReceived || 0; lost += Math.max(s.packetsLost || 0, 0); }
  });
  return { received, lost };
}

async function measure(pc, since) {
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
  if (since) { received = Math.max(received - since.received, 0); lost = Math.max(lost - since.lost, 0); }
  if (received + lost > 0) out.loss_percent = (100 * lost) / (received + lost);
  const jitter = jitters.audio !== undefined ? jitters.audio : jitters.video;
  if (jitter !== undefined) out.jitter_ms = jitter;
  return out;
}

export function MediaCheck({ mediaRequest, checkRun, answerSdp, iceServers, measureMs, localLabel, echoLabel,
                             blur, blurBudgetMs, progressLabel, onMedia, onOffer, onStats, onLevel, onBlurProblem, ...rest }) {
  const localRef = useRef(null), echoRef = useRef(null), stream = useRef(null), pc = useRef(null);
  const relay = useRef(Promise.resolve(null)), rates = useRef(null);
  const meter = useRef(null), cb = useRef({});
  const [hasLocal, setHasLocal] = useState(false);
  const [hasEcho, setHasEcho] = useState(false);
  const [progress, setProgress] = useState(null);  // percent while a test call runs, else null
  cb.current = { onMedia, onOffer, onStats, onLevel, onBlurProblem };
  // the own picture with the background blurred (ui/background_blur.js); the test call sends the camera
  const [camera, setCamera] = useState(null);
  const blurred = useBackgroundBlur(!!blur, camera, blurBudgetMs, (why) => cb.current.onBlurProblem?.(why));
  useEffect(() => {
    const shown = blurred ? blurred.stream : stream.current;
    if (localRef.current && shown && localRef.current.srcObject !== shown) localRef.current.srcObject = shown;
  }, [blurred, camera]);

  // the measurement plus, when TURN was handed out, whether a relay path works (key "relay")
  const report = async (stats) => {
    const ok = await relay.current;
    setProgress(null);
    return ok === null ? stats : { ...stats, relay: ok };
  };

  // the microphone level of the current stream (again after the microphone was changed)
  const stopMeter = () => {
    if (meter.current) { clearInterval(meter.current.timer); meter.current.ctx.close(); meter.current = null; }
  };
  const startMeter = (s) => {
    stopMeter();
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
  };

  // a camera or microphone chosen while the preview runs: devices.jsx swaps the track in place
  useLocalMedia({
    stream: () => stream.current,
    setStream: (s) => {
      stream.current = s;
      // the blurred preview follows the new camera (useBackgroundBlur restarts on a new track)
      setCamera(s.getVideoTracks()[0] || null);
      if (localRef.current && !blur) localRef.current.srcObject = s;
      setHasLocal(s.getVideoTracks().length > 0);
      startMeter(s);
    },
    peerConnections: () => (pc.current ? [pc.current] : []),
  });

  const closePc = () => { if (pc.current) { pc.current.close(); pc.current = null; } };

  useEffect(() => {
    return () => {
      closePc();
      stopMeter();
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
        try { s = await getLocalMedia({ video: true, audio: true }); }
        catch (e) {
          error = e.name || "Error";
          if (["NotFoundError", "OverconstrainedError", "NotReadableError"].includes(error)) {
            try { s = await getLocalMedia({ audio: true, video: false }); error = ""; }
            catch (e2) { error = e2.name || error; }
          }
        }
      }
      if (!s) { cb.current.onMedia?.({ ok: false, error_name: error, has_video: false, has_audio: false }); return; }
      stream.current = s;
      // the blurred preview follows the new camera (useBackgroundBlur restarts on a new track)
      setCamera(s.getVideoTracks()[0] || null);
      if (localRef.current && !blur) localRef.current.srcObject = s;
      setHasLocal(s.getVideoTracks().length > 0);
      setCamera(s.getVideoTracks()[0] || null);
      startMeter(s);
      cb.current.onMedia?.({ ok: true, error_name: "", has_video: s.getVideoTracks().length > 0,
                             has_audio: s.getAudioTracks().length > 0 });
    })();
  }, [mediaRequest]);

  useEffect(() => {
    if (!checkRun || !stream.current) return;
    closePc();
    setProgress(5);
    const peer = new RTCPeerConnection({ iceServers: iceServers || [] });
    pc.current = peer;
    relay.current = probeRelay(iceServers);
    stream.current.getTracks().forEach((t) => peer.addTrack(t, stream.current));
    rates.current = rateChannels(peer);
    const echoStream = new MediaStream();
    peer.ontrack = (ev) => {
      echoStream.addTrack(ev.track);
      if (echoRef.current) { echoRef.current.srcObject = echoStream; applySink(echoRef.current); }
      setHasEcho(true);
    };
    (async () => {
      try {
        await peer.setLocalDescription(await peer.createOffer());
        await gathered(peer, 3000);
        if (pc.current === peer) { setProgress(15); cb.current.onOffer?.(peer.localDescription.sdp); }
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
        setProgress(25);
        await peer.setRemoteDescription({ type: "answer", sdp: answerSdp });
        await connected(peer);
        setProgress(35);
        const start = performance.now(), probe = rates.current;
        await probe.done();
        if (pc.current !== peer) return;
        const since = await packetCounts(peer);  // the bursts crowd the line: judge the media after them
        probe.mark();
        setProgress(50);
        const mediaStart = performance.now();
        const cap = Math.max((measureMs || 6000) - (mediaStart - start), MEDIA_MIN_MS);
        const hasVideo = !!stream.current && stream.current.getVideoTracks().length > 0;
        const samples = [];
        let figures = {};
        for (;;) {
          await sleep(SAMPLE_MS);
          if (pc.current !== peer) return;
          figures = await measure(peer, since);
          samples.push(figures);
          const elapsed = performance.now() - mediaStart;
          setProgress(50 + 45 * Math.min(elapsed / cap, 1));
          if (elapsed >= cap || (elapsed >= MEDIA_MIN_MS && stable(samples, hasVideo))) break;
        }
        const stats = await report(figures);
        if (pc.current === peer) cb.current.onStats?.(stats);
      } catch (e) {
        if (pc.current === peer) cb.current.onStats?.(await report({}));
      }
      // The server closes the echo peer once it has read its side (the rates live there); closing here
      // at once could end the echo peer before the report is read, so this is only a late safety net.
      if (pc.current === peer) {
        setHasEcho(false);
        setTimeout(() => { if (pc.current === peer) closePc(); }, CLOSE_AFTER_MS);
      }
    })();
  }, [answerSdp]);

  return (
    <div {...rest}>
      <video id="local-video" ref={localRef} muted playsInline autoPlay aria-label={localLabel}
             style={{ ...VIDEO_STYLE, transform: mirrorTransform(camera), display: hasLocal ? "block" : "none" }} />
      <video id="echo-video" ref={echoRef} playsInline autoPlay aria-label={echoLabel}
             style={{ ...VIDEO_STYLE, display: hasEcho ? "block" : "none" }} />
      {progress !== null && (
        <div id="device-check-progress" role="progressbar" aria-label={progressLabel} aria-valuemin={0}
             aria-valuemax={100} aria-valuenow={Math.round(progress)} style={BAR_STYLE}>
          <div style={{ ...FILL_STYLE, width: `${Math.round(progress)}%` }} />
        </div>
      )}
    </div>
  );
}
