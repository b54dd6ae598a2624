import { useTranslation } from "react-i18next";

interface Field {
  id: string;
  label: string;
  type: string;
}
type Row = Record<string, string | number | boolean | null>;

const WIDTH = 640;
const BAR = 28;
const GAP = 10;
const LABEL = 170;

/**
 * A chart of the previewed rows: the first numeric column as bars, labelled by the first text columns. Plain
 * SVG with the numbers written beside the bars (readable without colour, at any zoom, by screen readers via
 * the table it illustrates); a charting library would cost a lazy chunk for ten bars.
 */
export function RowsChart({ fields, rows }: { fields: Field[]; rows: Row[] }) {
  const { t } = useTranslation();
  const value = fields.find((f) => f.type === "integer" || f.type === "number");
  const labels = fields.filter((f) => f.type === "text" || f.type === "date").slice(0, 2);
  if (!value || labels.length === 0 || rows.length === 0) return null;
  const bars = rows
    .map((r) => ({
      key: String(r._id),
      label: labels.map((l) => r[l.id] ?? "").join(" · "),
      n: Number(r[value.id] ?? 0),
    }))
    .filter((b) => Number.isFinite(b.n));
  const max = Math.max(1, ...bars.map((b) => Math.abs(b.n)));
  const height = bars.length * (BAR + GAP);
  const scale = (WIDTH - LABEL - 70) / max;
  return (
    <figure className="yw-od-chart" data-testid="opendata-chart">
      <figcaption>
        {t("opendata.chartCaption", { value: value.label, labels: labels.map((l) => l.label).join("、") })}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={value.label} preserveAspectRatio="xMinYMin meet">
        {bars.map((b, i) => {
          const y = i * (BAR + GAP);
          const w = Math.max(1, Math.abs(b.n) * scale);
          return (
            <g key={b.key}>
              <text
                x={LABEL - 8}
                y={y + BAR / 2}
                textAnchor="end"
                dominantBaseline="middle"
                className="yw-od-chart-label"
              >
                {b.label.length > 14 ? `${b.label.slice(0, 13)}…` : b.label}
              </text>
              <rect x={LABEL} y={y} width={w} height={BAR} rx={3} className="yw-od-chart-bar" />
              <text x={LABEL + w + 6} y={y + BAR / 2} dominantBaseline="middle" className="yw-od-chart-value">
                {b.n.toLocaleString()}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
