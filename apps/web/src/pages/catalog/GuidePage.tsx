import {
  ClockCircleOutlined,
  DownloadOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  NodeIndexOutlined,
  QuestionCircleOutlined,
  SafetyCertificateOutlined,
} from "@ant-design/icons";
import type { ServiceItem } from "@yiwang/contracts";
import { Alert, Collapse, Descriptions, Empty, Result, Skeleton, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../shared/api";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { ApplyButton } from "./ApplyButton";
import "./catalog.css";
import { FlowDiagram } from "./FlowDiagram";
import { itemName, limitText, useDeptName, useLicenseName, visitsText } from "./labels";
import { useGuide, useHistory } from "./queries";

/** 办事指南: everything a citizen needs before applying, for the current version (or one given version). */
export function GuidePage() {
  const { t, i18n } = useTranslation();
  const { code = "", version } = useParams();
  const v = version ? Number(version) : undefined;
  const guide = useGuide(code, v);
  const trail = [{ title: t("nav.portal"), to: "/" }];
  if (guide.isPending)
    return (
      <div className="yw-container yw-page">
        <Skeleton active paragraph={{ rows: 10 }} />
      </div>
    );
  if (guide.isError) {
    const e = guide.error;
    const gone = e instanceof ApiError && (e.status === 404 || e.status === 410);
    return (
      <div className="yw-container yw-page">
        {gone ? (
          <Result
            status={e.status === 410 ? "warning" : "404"}
            title={e.status === 410 ? t("catalog.guide.retired") : t("catalog.guide.notFound")}
            extra={<Link to="/">{t("catalog.guide.back")}</Link>}
          />
        ) : (
          <ErrorAlert error={e} onRetry={() => void guide.refetch()} />
        )}
      </div>
    );
  }
  const item = guide.data;
  return (
    <div className="yw-container yw-page yw-guide">
      <PageHeading
        title={itemName(item, i18n.resolvedLanguage)}
        subtitle={
          <>
            <Tag>{t(`catalog.kind.${item.kind}`)}</Tag>
            <Tag color="blue">{t(`catalog.caseType.${item.caseType}`)}</Tag>
            <span className="yw-mono">{item.code}</span> · {t("catalog.guide.version", { version: item.version })}
          </>
        }
        trail={trail}
      />
      {v !== undefined && item.versionStatus !== "published" && (
        <Alert
          className="yw-guide-old"
          type="warning"
          showIcon
          message={
            <>
              {t("catalog.guide.viewingOld", { version: item.version })}
              <Link to={`/services/items/${item.code}`}>{t("catalog.guide.viewCurrent")}</Link>
            </>
          }
        />
      )}
      <div className="yw-guide-grid">
        <div className="yw-guide-main">
          <GuideBody item={item} />
        </div>
        <aside className="yw-guide-side">
          <Summary item={item} />
          <History code={item.code} current={item.version} />
        </aside>
      </div>
    </div>
  );
}

function Summary({ item }: { item: ServiceItem }) {
  const { t } = useTranslation();
  const deptName = useDeptName();
  return (
    <Panel title={t("catalog.guide.promiseLimit")} icon={<ClockCircleOutlined />} className="yw-guide-summary">
      <div className="yw-guide-limit" data-testid="promise-limit">
        {limitText(t, item.promiseDays, item.timeUnit)}
      </div>
      <dl className="yw-guide-facts" data-testid="time-limits">
        <dt>{t("catalog.guide.legalLimit")}</dt>
        <dd>{limitText(t, item.legalDays, item.timeUnit)}</dd>
        <dt>{t("catalog.visits")}</dt>
        <dd>{visitsText(t, item.maxVisits)}</dd>
        <dt>{t("catalog.guide.onlineDepth")}</dt>
        <dd>{t(`catalog.depth.${item.onlineDepth}` as "catalog.depth.4")}</dd>
        <dt>{t("catalog.guide.dept")}</dt>
        <dd>{deptName(item.dept)}</dd>
        {item.coDepts.length > 0 && (
          <>
            <dt>{t("catalog.guide.coDepts")}</dt>
            <dd>{item.coDepts.map(deptName).join("、")}</dd>
          </>
        )}
        <dt>{t("catalog.guide.audience")}</dt>
        <dd>{t(`catalog.audience.${item.audience}`)}</dd>
        <dt>{t("catalog.guide.realName")}</dt>
        <dd>{t(`catalog.guide.realNameLevel.${item.realNameLevel}`)}</dd>
      </dl>
      <ApplyButton item={item} />
    </Panel>
  );
}

function History({ code, current }: { code: string; current: number }) {
  const { t } = useTranslation();
  const history = useHistory(code);
  if (!history.data || history.data.versions.length < 2) return null;
  return (
    <Panel title={t("catalog.guide.history")}>
      <ul className="yw-guide-history">
        {history.data.versions.map((v) => (
          <li key={v.version}>
            {v.version === current ? (
              <strong>{t("catalog.guide.version", { version: v.version })}</strong>
            ) : (
              <Link to={`/services/items/${code}/versions/${v.version}`}>
                {t("catalog.guide.version", { version: v.version })}
              </Link>
            )}{" "}
            <span className="yw-muted">{v.publishedAt?.slice(0, 10)}</span>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

function GuideBody({ item }: { item: ServiceItem }) {
  const { t } = useTranslation();
  const licenseName = useLicenseName();
  return (
    <>
      <Panel title={t("catalog.guide.conditions")} icon={<SafetyCertificateOutlined />}>
        {item.conditions.length ? (
          <ol className="yw-guide-list">
            {item.conditions.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ol>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </Panel>
      <Panel title={t("catalog.guide.materials")} icon={<FileTextOutlined />}>
        <ol className="yw-guide-materials" data-testid="materials">
          {item.materials.map((m) => (
            <li key={m.name} className="yw-guide-material">
              <div className="yw-guide-material-name">
                {m.name}{" "}
                <Tag color={m.required ? "red" : "default"}>
                  {m.required ? t("catalog.guide.required") : t("catalog.guide.optional")}
                </Tag>
              </div>
              <div className="yw-guide-material-meta">
                {t(`catalog.guide.format.${m.format}`)} · {t("catalog.guide.copies", { count: m.copies })}
                {m.note && ` · ${m.note}`}
              </div>
              {m.fromLicense && (
                <div className="yw-guide-material-license">
                  <SafetyCertificateOutlined aria-hidden="true" />{" "}
                  {t("catalog.guide.fromLicense", { name: licenseName(m.fromLicense) })}
                  {m.licenseHolder && t(`licenseHolder.of.${m.licenseHolder}`)}
                </div>
              )}
              {(m.blankForm || m.sample) && (
                <div className="yw-guide-material-files">
                  {m.blankForm && (
                    <a href={m.blankForm} download data-testid="blank-form">
                      <DownloadOutlined /> {t("catalog.guide.blankForm")}
                    </a>
                  )}
                  {m.sample && (
                    <a href={m.sample} download>
                      <DownloadOutlined /> {t("catalog.guide.sample")}
                    </a>
                  )}
                </div>
              )}
            </li>
          ))}
        </ol>
      </Panel>
      <Panel title={t("catalog.guide.flow")} icon={<NodeIndexOutlined />}>
        <FlowDiagram steps={item.steps} />
        {item.specialProcedures.length > 0 && (
          <p className="yw-muted">
            {t("catalog.guide.specialProcedures")}：{item.specialProcedures.join("、")}
          </p>
        )}
      </Panel>
      <Panel title={t("catalog.guide.fees")}>
        {item.fees.length === 0 ? (
          <p>{t("catalog.guide.free")}</p>
        ) : (
          <Descriptions
            column={1}
            size="small"
            items={item.fees.map((f) => ({
              key: f.name,
              label: f.name,
              children: (
                <>
                  {t("catalog.guide.yuan", { amount: f.amount })}（{f.basis}）
                  {f.exemption && <div className="yw-muted">{t("payments.exemption", { text: f.exemption })}</div>}
                </>
              ),
            }))}
          />
        )}
      </Panel>
      <Panel title={t("catalog.guide.basis")}>
        <ul className="yw-guide-list">
          {item.legalBasis.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
        {(item.resultName || item.resultLicense) && (
          <p>
            <strong>{t("catalog.guide.result")}：</strong>
            {item.resultName}
            {item.resultLicense && ` · ${t("catalog.guide.resultLicense", { name: licenseName(item.resultLicense) })}`}
          </p>
        )}
      </Panel>
      {item.faq.length > 0 && (
        <Panel
          title={t("catalog.guide.faq")}
          icon={<QuestionCircleOutlined />}
          extra={
            <Link to="/help" data-testid="guide-help-link">
              {t("help.moreFaq")}
            </Link>
          }
        >
          <Collapse
            ghost
            items={item.faq.map((f) => ({ key: f.question, label: f.question, children: <p>{f.answer}</p> }))}
          />
        </Panel>
      )}
      {item.hall && (
        <Panel title={t("catalog.guide.hall")} icon={<EnvironmentOutlined />}>
          <dl className="yw-guide-facts">
            <dt>{t("catalog.guide.address")}</dt>
            <dd>{item.hall.address}</dd>
            <dt>{t("catalog.guide.hours")}</dt>
            <dd>{item.hall.hours}</dd>
            {item.hall.phone && (
              <>
                <dt>{t("catalog.guide.phone")}</dt>
                <dd>{item.hall.phone}</dd>
              </>
            )}
          </dl>
        </Panel>
      )}
    </>
  );
}
