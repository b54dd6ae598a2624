/**
 * Plain SVG charts (no chart library: echarts is not installed here, and these stay a few kB inside the
 * lazy page chunk). Every bar and point is a button when `onSelect` is given: the drill-down.
 */

export interface BarDatum {
  key: string;
  label: string;
  value: number | null;
}

const fmt = (v: number | null, unit: string) => (v === null ? "—" : `${Math.round(v * 10) / 10}${unit}`);

export function BarList({
  data,
  unit = "",
  onSelect,
  testId,
  max,
}: {
  data: BarDatum[];
  unit?: string;
  onSelect?: (d: BarDatum) => void;
  testId?: string;
  max?: number;
}) {
  const top = max ?? Math.max(1, ...data.map((d) => d.value ?? 0));
  return (
    <ol className="yw-ind-bars" data-testid={testId}>
      {data.map((d) => {
        const width = `${Math.max(0, Math.min(100, ((d.value ?? 0) / top) * 100))}%`;
        const body = (
          <>
            <span className="yw-ind-bar-label">{d.label}</span>
            <span className="yw-ind-bar-track" aria-hidden="true">
              <span className="yw-ind-bar-fill" style={{ width }} />
            </span>
            <span className="yw-ind-bar-value">{fmt(d.value, unit)}</span>
          </>
        );
        return (
          <li key={d.key}>
            {onSelect ? (
              <button type="button" className="yw-ind-bar" onClick={() => onSelect(d)} data-key={d.key}>
                {body}
              </button>
            ) : (
              <div className="yw-ind-bar">{body}</div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function TrendLine({ data, label }: { data: BarDatum[]; label: string }) {
  const w = 600;
  const h = 200;
  const pad = 28;
  const top = Math.max(1, ...data.map((d) => d.value ?? 0));
  const x = (i: number) => pad + (data.length <= 1 ? (w - 2 * pad) / 2 : (i * (w - 2 * pad)) / (data.length - 1));
  const y = (v: number) => h - pad - (v / top) * (h - 2 * pad);
  const points = data.map((d, i) => `${x(i)},${y(d.value ?? 0)}`).join(" ");
  return (
    <svg className="yw-ind-trend" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} className="yw-ind-axis" />
      <polyline points={points} className="yw-ind-line" fill="none" />
      {data.map((d, i) => (
        <g key={d.key}>
          <circle cx={x(i)} cy={y(d.value ?? 0)} r={4} className="yw-ind-dot">
            <title>{`${d.label}: ${d.value ?? "—"}`}</title>
          </circle>
          {(i === 0 || i === data.length - 1 || data.length <= 8) && (
            <text x={x(i)} y={h - 8} textAnchor="middle" className="yw-ind-tick">
              {d.label.slice(5)}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}
