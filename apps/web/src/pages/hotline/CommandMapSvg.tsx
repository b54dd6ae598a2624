import type { useCommandMap, useTrack } from "./fieldApi";

type MapData = NonNullable<ReturnType<typeof useCommandMap>["data"]>;
type Track = NonNullable<ReturnType<typeof useTrack>["data"]>;

const WIDTH = 600;

/**
 * The command map as plain SVG (no tiles offline): the districts' outlines, field staff at their newest
 * positions, open field events; with a track selected, the view zooms to it. An equirectangular projection
 * scaled by cos(latitude) is true enough over one city.
 */
export function CommandMapSvg(props: {
  data: MapData;
  track: Track | null;
  selected: string | null;
  onSelect: (accountId: string) => void;
}) {
  const { bounds } = props.data;
  const k = Math.cos((((bounds.north + bounds.south) / 2) * Math.PI) / 180);
  const scale = WIDTH / ((bounds.east - bounds.west) * k);
  const height = (bounds.north - bounds.south) * scale;
  const x = (long: number) => (long - bounds.west) * k * scale;
  const y = (lat: number) => (bounds.north - lat) * scale;
  const pts = props.track?.points ?? [];
  let view = `0 0 ${WIDTH} ${height.toFixed(1)}`;
  if (pts.length > 0) {
    // Zoom to the track with a margin, at least ~1 km across so a standing patrol is not a dot.
    const xs = pts.map((p) => x(p.long));
    const ys = pts.map((p) => y(p.lat));
    const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 10) * 1.4;
    const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
    const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
    view = `${(cx - span / 2).toFixed(2)} ${(cy - span / 2).toFixed(2)} ${span.toFixed(2)} ${span.toFixed(2)}`;
  }
  const unit = pts.length > 0 ? Math.max(0.05, Math.max(10, pts.length) / 400) : 1;
  return (
    <svg
      viewBox={view}
      role="img"
      aria-label="command map"
      data-testid="field-map"
      style={{ width: "100%", maxHeight: "70vh", background: "#f5f7fa", border: "1px solid #d9d9d9" }}
    >
      {props.data.districts.map((d) => (
        <g key={d.code}>
          <polygon
            points={d.ring.map(([lo, la]) => `${x(lo).toFixed(1)},${y(la).toFixed(1)}`).join(" ")}
            fill="#e6f4ff"
            stroke="#1677ff"
            strokeWidth={pts.length > 0 ? 0.3 : 1.5}
          />
          {pts.length === 0 && d.ring.length > 0 && (
            <text
              x={d.ring.reduce((s, [lo]) => s + x(lo), 0) / d.ring.length}
              y={d.ring.reduce((s, [, la]) => s + y(la), 0) / d.ring.length}
              textAnchor="middle"
              fontSize={18}
              fill="#0958d9"
            >
              {d.name}
            </text>
          )}
        </g>
      ))}
      {props.data.events.map((e) => (
        <rect
          key={e.id}
          data-testid="field-map-event"
          x={x(e.long) - 5 * unit}
          y={y(e.lat) - 5 * unit}
          width={10 * unit}
          height={10 * unit}
          fill="#fa541c"
        >
          <title>
            {e.number} {e.categoryName}
          </title>
        </rect>
      ))}
      {pts.length > 1 && (
        <polyline
          data-testid="field-track"
          data-points={pts.length}
          points={pts.map((p) => `${x(p.long).toFixed(2)},${y(p.lat).toFixed(2)}`).join(" ")}
          fill="none"
          stroke="#722ed1"
          strokeWidth={2 * unit}
        />
      )}
      {props.data.staff
        .filter((s) => s.position)
        .map((s) => {
          const p = s.position as { lat: number; long: number };
          const on = s.accountId === props.selected;
          return (
            // biome-ignore lint/a11y/useSemanticElements: an SVG mark; the list beside the map has real buttons
            <circle
              key={s.accountId}
              role="button"
              tabIndex={0}
              data-testid="field-map-staff"
              cx={x(p.long)}
              cy={y(p.lat)}
              r={(on ? 8 : 6) * unit}
              fill={on ? "#722ed1" : "#52c41a"}
              stroke="#fff"
              strokeWidth={unit}
              onClick={() => props.onSelect(s.accountId)}
              onKeyDown={(ev) => ev.key === "Enter" && props.onSelect(s.accountId)}
            >
              <title>{s.callSign}</title>
            </circle>
          );
        })}
    </svg>
  );
}
