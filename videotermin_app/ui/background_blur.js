// "Hintergrund unscharf": one's own picture with the background blurred, computed in this browser.
// camera frame -> person mask (MediaPipe selfie segmentation; model and runtime come from the pinned
// npm package and are served by the app itself, see background_blur_files.js; loaded only when switched
// on) -> the person drawn sharp over the blurred frame on a canvas -> canvas.captureStream() track.
// No texts and no rules beyond the speed budget: problems go out as "slow" or "failed".
import { useEffect, useRef, useState } from "react";

const FPS = 15;             // frames segmented per second (the camera gives more; 15 is enough for a call)
// the speed budget (budgetMs, from VT_BLUR_MIN_FPS; 0: none): a frame may take at most this on average ...
const WARMUP_FRAMES = 10;   // ... not counting the first frames (the GPU compiles its programs then)
const WINDOW_FRAMES = 20;   // ... over this many frames
const BLUR_PX = 12;
const LOAD_MS = 60000;      // model and runtime (about 6 MB) not there by then: loading failed

let solution = null;  // Promise of the page's one loaded SelfieSegmentation
let queue = Promise.resolve();  // one frame at a time through it
let receiver = null;  // draws the results of the frame being segmented

function addScript(src) {
  return new Promise((resolve, reject) => {
    const el = document.createElement("script");
    el.src = src;
    el.async = true;
    el.onload = resolve;
    el.onerror = () => reject(new Error("script"));
    document.head.appendChild(el);
  });
}

function loadSolution() {
  if (!solution) {
    solution = (async () => {
      const { MAIN, FILES } = await import("./background_blur_files.js");
      if (!window.SelfieSegmentation) await addScript(MAIN);
      if (!window.SelfieSegmentation) throw new Error("not loaded");
      // a name the map does not know stays relative to the page: still the app's own origin
      const seg = new window.SelfieSegmentation({ locateFile: (name) => FILES[name] || name });
      seg.setOptions({ modelSelection: 1, selfieMode: false });
      seg.onResults((results) => receiver && receiver(results));
      let timer = null;
      const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error("timeout")), LOAD_MS); });
      try { await Promise.race([seg.initialize(), late]); } finally { clearTimeout(timer); }
      return seg;
    })();
    solution.catch(() => { solution = null; });
  }
  return solution;
}

function canFilter(ctx) {
  ctx.filter = "blur(2px)";
  const ok = ctx.filter === "blur(2px)";
  ctx.filter = "none";
  return ok;
}

// Starts the pipeline for a camera track; resolves to {track, stream, stop} or rejects when loading fails.
async function startBlur(camera, budgetMs, onProblem) {
  const seg = await loadSolution();
  const video = document.createElement("video");
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([camera]);
  await video.play().catch(() => {});
  const canvas = document.createElement("canvas");
  const settings = camera.getSettings();
  canvas.width = settings.width || 640;
  canvas.height = settings.height || 480;
  const ctx = canvas.getContext("2d");
  const filter = canFilter(ctx);
  const small = document.createElement("canvas");  // where ctx.filter is missing: blur by scaling down and up
  const track = canvas.captureStream(FPS).getVideoTracks()[0];
  let stopped = false, timer = null, frames = 0;
  const times = [];

  const draw = ({ image, segmentationMask }) => {
    const w = canvas.width, h = canvas.height;
    ctx.save();
    ctx.globalCompositeOperation = "copy";
    ctx.filter = filter ? "blur(2px)" : "none";  // soft edge around the person
    ctx.drawImage(segmentationMask, 0, 0, w, h);
    ctx.filter = "none";
    ctx.globalCompositeOperation = "source-in";
    ctx.drawImage(image, 0, 0, w, h);
    ctx.globalCompositeOperation = "destination-over";
    if (filter) {
      ctx.filter = `blur(${BLUR_PX}px)`;
      ctx.drawImage(image, 0, 0, w, h);
    } else {
      small.width = Math.max(1, Math.round(w / 16));
      small.height = Math.max(1, Math.round(h / 16));
      small.getContext("2d").drawImage(image, 0, 0, small.width, small.height);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(small, 0, 0, w, h);
    }
    ctx.restore();
  };

  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    track.stop();
    video.pause();
    video.srcObject = null;
  };

  const tick = async () => {
    if (stopped) return;
    const start = performance.now();
    track.enabled = camera.enabled;  // the camera switched off in the call: black frames, no work
    if (camera.enabled && video.readyState >= 2 && video.videoWidth) {
      if (canvas.width !== video.videoWidth || canvas.height !== video.videoHeight) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
      }
      let failed = false;
      queue = queue.then(async () => {
        if (stopped) return;
        receiver = draw;
        try { await seg.send({ image: video }); } catch (e) { failed = true; }
        receiver = null;
      });
      await queue;
      if (stopped) return;
      if (failed) { stop(); onProblem("failed"); return; }
      // the speed budget: only while the page is seen (a hidden tab's timers are slowed by the browser)
      if (!document.hidden && ++frames > WARMUP_FRAMES) {
        times.push(performance.now() - start);
        if (times.length > WINDOW_FRAMES) times.shift();
        const average = times.reduce((a, b) => a + b, 0) / times.length;
        if (budgetMs > 0 && times.length === WINDOW_FRAMES && average > budgetMs) { stop(); onProblem("slow"); return; }
      }
    }
    timer = setTimeout(tick, Math.max(0, 1000 / FPS - (performance.now() - start)));
  };
  tick();
  return { track, stream: new MediaStream([track]), stop };
}

// The blurred picture while `on` and a camera track is there (`budgetMs`: see startBlur): {track, stream} or null (off, loading, failed).
// `onProblem("slow" | "failed")`: the pipeline stopped by itself; the caller switches the wish off.
export function useBackgroundBlur(on, camera, budgetMs, onProblem) {
  const [blurred, setBlurred] = useState(null);
  const report = useRef(onProblem);
  report.current = onProblem;
  useEffect(() => {
    if (!on || !camera) return undefined;
    let over = false, pipe = null;
    const problem = (why) => {
      if (over) return;
      setBlurred(null);
      if (report.current) report.current(why);
    };
    startBlur(camera, budgetMs || 0, problem).then(
      (p) => { if (over) p.stop(); else { pipe = p; setBlurred(p); } },
      () => problem("failed"),
    );
    return () => { over = true; if (pipe) pipe.stop(); setBlurred(null); };
  }, [on, camera]);
  return blurred;
}

// The outgoing track of `kind` on every connection becomes `track` (the call goes on: replaceTrack).
export function replaceOutgoing(connections, kind, track) {
  for (const pc of connections) {
    pc.getSenders().filter((s) => s.track && s.track.kind === kind).forEach((s) => s.replaceTrack(track).catch(() => {}));
  }
}
