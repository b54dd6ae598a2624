import { Spin } from "antd";
import type { ReactNode } from "react";
import { ErrorAlert } from "../../shared/ErrorAlert";

interface Props {
  label: string;
  /** Undefined until there is something to show (no valid input yet). */
  value?: ReactNode;
  detail?: ReactNode;
  loading: boolean;
  error: unknown;
  testId?: string;
}

/** The highlighted answer of a calculator; keeps the last answer visible (dimmed) while recalculating. */
export function ResultBox({ label, value, detail, loading, error, testId }: Props) {
  if (error) return <ErrorAlert error={error} />;
  return (
    <Spin spinning={loading} delay={200}>
      <output className="yw-result" aria-live="polite" data-testid={testId}>
        <span className="yw-result-label">{label}</span>
        <span className="yw-result-value">{value ?? "—"}</span>
        {detail && <span className="yw-result-detail">{detail}</span>}
      </output>
    </Spin>
  );
}
