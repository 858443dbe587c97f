// One other person's picture in the call, with name, role, status and connection quality (all from props).
import { useEffect, useRef } from "react";
import { applySink } from "../../ui/devices/devices.jsx";

export function attach(video, stream) {
  if (video && stream && video.srcObject !== stream) {
    video.srcObject = stream;
    applySink(video);
    video.play().catch(() => {});
  }
}

export function Tile({ peer, stream, onPlaying }) {
  const ref = useRef(null);
  useEffect(() => attach(ref.current, stream), [stream]);
  return (
    <figure className="vt-tile" data-peer-key={peer.key} data-connection={peer.connection_level || ""}
            style={{ margin: 0, position: "relative", background: "#1b1f29", borderRadius: 12, overflow: "hidden", minHeight: 160 }}>
      <video ref={ref} data-remote="" data-participant-role={peer.role} autoPlay playsInline
             onPlaying={() => onPlaying(peer.key)}
             style={{ width: "100%", height: "100%", objectFit: "cover", display: "block", aspectRatio: "4 / 3" }} />
      <figcaption style={{ position: "absolute", left: 8, bottom: 8, right: 8, color: "#fff",
                           textShadow: "0 1px 2px #000", fontSize: 15, lineHeight: 1.3 }}>
        <strong>{peer.name}</strong> · {peer.role_label}
        {peer.connection_label ? (
          <span data-connection-level={peer.connection_level} style={{ display: "block", fontSize: 13 }}>
            <span aria-hidden="true" style={{ display: "inline-block", width: 10, height: 10, borderRadius: 5, marginRight: 6,
              background: { green: "#2e9e44", yellow: "#e5a000", red: "#d93036" }[peer.connection_level] || "#999" }} />
            {peer.connection_label}
          </span>) : null}
        {peer.status_label ? <span role="status" style={{ display: "block" }}>{peer.status_label}</span> : null}
      </figcaption>
    </figure>
  );
}
