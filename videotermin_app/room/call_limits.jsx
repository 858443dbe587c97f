// Encoding limits on every sender of one connection (RTCRtpSender.setParameters): what to send is
// decided in Python (room/send_limits.py, docs/architecture.md "Sending on a phone uplink").
// getParameters/setParameters of one sender must not overlap, so the calls of one connection queue up.
const queues = new WeakMap();

async function applyNow(pc, limits, sharing) {
  for (const t of pc.getTransceivers()) {
    if (t.stopped || t.currentDirection === "stopped" || pc.connectionState === "closed") continue;
    const sender = t.sender;
    const params = sender.getParameters();
    if (!params.encodings || !params.encodings.length) continue;
    if (t.receiver.track.kind === "audio") {
      params.encodings.forEach((e) => { e.priority = limits.audio_priority; e.networkPriority = limits.audio_priority; });
    } else {
      params.encodings.forEach((e) => {
        e.maxBitrate = limits.video_bps;
        e.maxFramerate = sharing ? limits.share_fps : limits.video_fps;
        e.priority = limits.video_priority;
        e.networkPriority = limits.video_priority;
      });
      params.degradationPreference = sharing ? limits.share_degradation : limits.video_degradation;
    }
    try { await sender.setParameters(params); }
    catch (e) {  // a browser without degradationPreference: the bit-rate limits still count
      try { const again = sender.getParameters(); again.encodings = params.encodings; await sender.setParameters(again); }
      catch (e2) { /* closed meanwhile */ }
    }
  }
}

export function applySendLimits(pc, limits, sharing) {
  if (!pc || !limits || !limits.video_bps) return Promise.resolve();
  const next = (queues.get(pc) || Promise.resolve()).then(() => applyNow(pc, limits, !!sharing)).catch(() => {});
  queues.set(pc, next);
  return next;
}
