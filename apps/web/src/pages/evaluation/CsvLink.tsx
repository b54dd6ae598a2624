import { DownloadOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";

/**
 * A plain download link to a CSV export: same-origin, so the session cookie goes along, and the browser saves
 * the server's attachment itself — no blob juggling in the page (and nothing CSP would have to allow).
 */
export function CsvLink({ href }: { href: string }) {
  const { t } = useTranslation();
  return (
    <a className="ant-btn ant-btn-default yw-eval-export" href={href} download data-testid="evaluation-export">
      <DownloadOutlined aria-hidden="true" /> {t("evaluation.stats.export")}
    </a>
  );
}
