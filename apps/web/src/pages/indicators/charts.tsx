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

/**
 * A chart's data drawn afresh on a canvas and saved as PNG (bars, or a line for a trend): the charts are
 * HTML and SVG styled by the page's CSS, which a serialised SVG would lose; drawing from the data keeps the
 * picture true to the figures and needs no library. Dark like the operations screen, 2× for print.
 */
export function chartPng(
  data: BarDatum[],
  o: { title: string; unit?: string; kind?: "bars" | "line"; max?: number },
): Promise<Blob> {
  const scale = 2;
  const w = 960;
  const rowH = 32;
  const h = o.kind === "line" ? 420 : 80 + Math.max(1, data.length) * rowH;
  const canvas = document.createElement("canvas");
  canvas.width = w * scale;
  canvas.height = h * scale;
  const g = canvas.getContext("2d");
  if (!g) return Promise.reject(new Error("no 2d canvas"));
  g.scale(scale, scale);
  g.fillStyle = "#0b1426";
  g.fillRect(0, 0, w, h);
  g.fillStyle = "#e6edf7";
  g.font = "bold 22px sans-serif";
  g.fillText(o.title, 24, 40);
  g.font = "16px sans-serif";
  const top = o.max ?? Math.max(1, ...data.map((d) => d.value ?? 0));
  if (o.kind === "line") {
    const pad = 48;
    const x = (i: number) => pad + (data.length <= 1 ? (w - 2 * pad) / 2 : (i * (w - 2 * pad)) / (data.length - 1));
    const y = (v: number) => h - pad - (v / top) * (h - 2 * pad - 40);
    g.strokeStyle = "#3ea6ff";
    g.lineWidth = 3;
    g.beginPath();
    data.forEach((d, i) => {
      if (i === 0) g.moveTo(x(i), y(d.value ?? 0));
      else g.lineTo(x(i), y(d.value ?? 0));
    });
    g.stroke();
    g.fillStyle = "#e6edf7";
    data.forEach((d, i) => {
      g.fillText(String(d.value ?? "—"), x(i) - 8, y(d.value ?? 0) - 10);
      if (i === 0 || i === data.length - 1) g.fillText(d.label.slice(5), x(i) - 20, h - 16);
    });
  } else {
    data.forEach((d, i) => {
      const y = 70 + i * rowH;
      g.fillStyle = "#e6edf7";
      g.fillText(d.label.slice(0, 16), 24, y + 20);
      g.fillStyle = "#3ea6ff";
      g.fillRect(300, y + 6, Math.max(0, Math.min(1, (d.value ?? 0) / top)) * (w - 440), rowH - 12);
      g.fillStyle = "#e6edf7";
      g.fillText(fmt(d.value, o.unit ?? ""), w - 120, y + 20);
    });
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("toBlob gave nothing"))), "image/png"),
  );
}

/** A small "PNG" button that downloads the chart as `<fileName>.png`. */
export function PngButton({
  data,
  title,
  fileName,
  label,
  unit,
  kind,
  max,
  testId,
}: {
  data: BarDatum[];
  title: string;
  fileName: string;
  label: string;
  unit?: string;
  kind?: "bars" | "line";
  max?: number;
  testId?: string;
}) {
  const save = async () => {
    const blob = await chartPng(data, { title, unit, kind, max });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `${fileName}.png`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <button type="button" className="yw-ind-png" onClick={() => void save()} data-testid={testId} title={label}>
      PNG
    </button>
  );
}
