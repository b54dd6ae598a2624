import { TeamOutlined } from "@ant-design/icons";
import { Result, Skeleton, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../shared/api";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { BundleApplyButton } from "./BundleApplyButton";
import "./catalog.css";
import { limitText, useDeptName } from "./labels";
import { useBundle } from "./queries";

/** 一件事: the items applied for together, step by step, with parallel steps side by side. */
export function BundlePage() {
  const { t, i18n } = useTranslation();
  const { code = "" } = useParams();
  const bundle = useBundle(code);
  const deptName = useDeptName();
  if (bundle.isPending)
    return (
      <div className="yw-container yw-page">
        <Skeleton active />
      </div>
    );
  if (bundle.isError)
    return (
      <div className="yw-container yw-page">
        {bundle.error instanceof ApiError && bundle.error.status < 500 ? (
          <Result
            status="404"
            title={t("catalog.bundle.notFound")}
            extra={<Link to="/">{t("catalog.guide.back")}</Link>}
          />
        ) : (
          <ErrorAlert error={bundle.error} onRetry={() => void bundle.refetch()} />
        )}
      </div>
    );
  const b = bundle.data;
  const members = new Map(b.members.map((m) => [m.code, m]));
  const en = i18n.resolvedLanguage === "en";
  const card = (code: string) => {
    const m = members.get(code);
    return (
      <Link key={code} to={`/services/items/${code}`} className="yw-bundle-item">
        <span className="yw-bundle-item-name">{m ? (en && m.nameEn ? m.nameEn : m.name) : code}</span>
        {m && (
          <span className="yw-muted">
            {deptName(m.dept)} · {limitText(t, m.promiseDays, m.timeUnit)}
          </span>
        )}
      </Link>
    );
  };
  return (
    <div className="yw-container yw-page">
      <PageHeading
        title={en && b.nameEn ? b.nameEn : b.name}
        subtitle={b.description}
        trail={[{ title: t("nav.portal"), to: "/" }]}
      />
      <Panel title={t("catalog.bundle.members")} icon={<TeamOutlined />}>
        <ol className="yw-bundle-steps" data-testid="bundle-steps">
          {b.items.map((s, i) => (
            <li key={typeof s === "string" ? s : s.parallel.join()}>
              <div className="yw-bundle-step-label">
                {t("catalog.bundle.step", { n: i + 1 })}
                {typeof s !== "string" && <Tag color="blue">{t("catalog.bundle.together")}</Tag>}
              </div>
              <div className="yw-bundle-step-items">{typeof s === "string" ? card(s) : s.parallel.map(card)}</div>
            </li>
          ))}
        </ol>
        <BundleApplyButton bundle={b} />
      </Panel>
    </div>
  );
}
