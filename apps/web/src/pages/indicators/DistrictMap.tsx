/**
 * An SVG choropleth of the city's districts (no map library: four outlines are a few hundred bytes of
 * path, and the page stays a small lazy chunk). Each district is filled by its value on a scale from the
 * card's dark blue to the screen's bright blue, carries a <title> (the tooltip: name and value) and, with
 * `hrefOf`, is a link to the list behind the figure.
 */

/** An outline as the API gives it: a ring of [longitude, latitude]. */
export interface DistrictOutline {
  code: string;
  name: string;
  ring: number[][];
}

export interface DistrictValue {
  code: string;
  name: string;
  value: number;
}

const W = 600;
const LOW = [0x1d, 0x2f, 0x52];
const HIGH = [0x4f, 0xc3, 0xff];

/** The colour of a share 0…1 of the largest value: a straight mix of the two ends. */
export function shade(share: number): string {
  const s = Math.max(0, Math.min(1, share));
  const hex = LOW.map((lo, i) =>
    Math.round(lo + ((HIGH[i] as number) - lo) * s)
      .toString(16)
      .padStart(2, "0"),
  );
  return `#${hex.join("")}`;
}

export function DistrictMap({
  outlines,
  values,
  label,
  unit,
  hrefOf,
  onOpen,
}: {
  outlines: DistrictOutline[];
  values: DistrictValue[];
  label: string;
  unit: string;
  hrefOf?: (code: string) => string;
  onOpen?: (href: string) => void;
}) {
  const points = outlines.flatMap((d) => d.ring);
  if (points.length === 0) return null;
  const lons = points.map((p) => p[0] ?? 0);
  const lats = points.map((p) => p[1] ?? 0);
  const west = Math.min(...lons);
  const east = Math.max(...lons);
  const south = Math.min(...lats);
  const north = Math.max(...lats);
  // Equirectangular at the city's middle latitude: at city scale the shapes keep their proportions.
  const kx = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const scale = W / ((east - west) * kx || 1);
  const h = Math.round((north - south) * scale);
  const project = ([lon = 0, lat = 0]: number[]) =>
    [((lon - west) * kx * scale).toFixed(1), ((north - lat) * scale).toFixed(1)] as const;
  const byCode = new Map(values.map((v) => [v.code, v.value]));
  const top = Math.max(1, ...values.map((v) => v.value));

  return (
    <figure className="yw-ind-map" data-testid="ops-district-map">
      <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-label={label}>
        {outlines.map((d) => {
          const value = byCode.get(d.code) ?? 0;
          const path = `M${d.ring.map((p) => project(p).join(",")).join("L")}Z`;
          const cx = d.ring.reduce((s, p) => s + (p[0] ?? 0), 0) / d.ring.length;
          const cy = d.ring.reduce((s, p) => s + (p[1] ?? 0), 0) / d.ring.length;
          const [tx, ty] = project([cx, cy]);
          const tip = `${d.name}：${value}${unit}`;
          const shape = (
            <>
              <path d={path} fill={shade(value / top)} className="yw-ind-map-district" data-code={d.code}>
                <title>{tip}</title>
              </path>
              <text x={tx} y={ty} textAnchor="middle" className="yw-ind-map-label">
                {d.name}
                <tspan x={tx} dy="1.3em">
                  {value}
                </tspan>
              </text>
            </>
          );
          const href = hrefOf?.(d.code);
          return href ? (
            <a
              key={d.code}
              href={href}
              aria-label={tip}
              onClick={(e) => {
                if (!onOpen) return;
                e.preventDefault();
                onOpen(href);
              }}
            >
              {shape}
            </a>
          ) : (
            <g key={d.code}>{shape}</g>
          );
        })}
      </svg>
      <figcaption className="yw-ind-map-legend" data-testid="ops-district-legend">
        <span>0</span>
        <span className="yw-ind-map-scale" style={{ background: `linear-gradient(90deg, ${shade(0)}, ${shade(1)})` }} />
        <span>
          {top}
          {unit}
        </span>
      </figcaption>
    </figure>
  );
}
