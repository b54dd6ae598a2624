import {
  AlertOutlined,
  ApiOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  InboxOutlined,
  LikeOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  VerifiedOutlined,
} from "@ant-design/icons";
import { Col, Row } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PageHeading } from "../../shared/PageHeading";
import { hasRole, useMe } from "../../shared/session";
import { licenseAbilities } from "../licenses/util";
import { CountCalculator } from "./CountCalculator";
import { DeadlineCalculator } from "./DeadlineCalculator";
import "../cases/cases.css";

/** The staff workbench: the case inbox (and supervision for department heads and supervisors) first, then tools. */
export function WorkbenchPage() {
  const { t } = useTranslation();
  const me = useMe();
  const supervises = hasRole(me.data, "supervisor") || hasRole(me.data, "dept_admin");
  const licenses = licenseAbilities(me.data);
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("workbench.title")} subtitle={t("workbench.subtitle")} />
      <nav className="yw-workbench-entries" aria-label={t("workbench.title")}>
        <Link to="/workbench/inbox" className="yw-workbench-entry" data-testid="workbench-inbox">
          <InboxOutlined className="yw-workbench-entry-icon" aria-hidden="true" />
          <span>
            <strong>{t("cases.inbox.title")}</strong>
            <span className="yw-cell-sub">{t("cases.inbox.subtitle")}</span>
          </span>
        </Link>
        {hasRole(me.data, "window_clerk") && (
          <Link to="/workbench/hall" className="yw-workbench-entry" data-testid="workbench-hall">
            <TeamOutlined className="yw-workbench-entry-icon" aria-hidden="true" />
            <span>
              <strong>{t("appointments.desk.title")}</strong>
              <span className="yw-cell-sub">{t("appointments.desk.subtitle")}</span>
            </span>
          </Link>
        )}
        {supervises && (
          <Link to="/workbench/supervision" className="yw-workbench-entry" data-testid="workbench-supervision">
            <AlertOutlined className="yw-workbench-entry-icon" aria-hidden="true" />
            <span>
              <strong>{t("cases.supervision.title")}</strong>
              <span className="yw-cell-sub">{t("cases.supervision.subtitle")}</span>
            </span>
          </Link>
        )}
        {supervises && (
          <Link to="/workbench/indicators" className="yw-workbench-entry" data-testid="workbench-indicators">
            <DashboardOutlined className="yw-workbench-entry-icon" aria-hidden="true" />
            <span>
              <strong>{t("indicators.dashboard.title")}</strong>
              <span className="yw-cell-sub">{t("indicators.dashboard.entry")}</span>
            </span>
          </Link>
        )}
        {(licenses.read || licenses.editTypes) && (
          <Link to="/workbench/licenses" className="yw-workbench-entry" data-testid="workbench-licenses">
            <SafetyCertificateOutlined className="yw-workbench-entry-icon" aria-hidden="true" />
            <span>
              <strong>{t("licenses.manage.title")}</strong>
              <span className="yw-cell-sub">{t("licenses.manage.desc")}</span>
            </span>
          </Link>
        )}
        {licenses.seals && (
          <Link to="/workbench/seals" className="yw-workbench-entry" data-testid="workbench-seals">
            <VerifiedOutlined className="yw-workbench-entry-icon" aria-hidden="true" />
            <span>
              <strong>{t("licenses.seals.title")}</strong>
              <span className="yw-cell-sub">{t("licenses.seals.desc")}</span>
            </span>
          </Link>
        )}
        {(["window_clerk", "approver", "dept_admin", "supervisor"] as const).some((r) => hasRole(me.data, r)) && (
          <Link to="/workbench/evaluation" className="yw-workbench-entry" data-testid="workbench-evaluation">
            <LikeOutlined className="yw-workbench-entry-icon" aria-hidden="true" />
            <span>
              <strong>{t("evaluation.inbox.title")}</strong>
              <span className="yw-cell-sub">{t("evaluation.inbox.subtitle")}</span>
            </span>
          </Link>
        )}
        {(hasRole(me.data, "dept_admin") || hasRole(me.data, "platform_admin")) && (
          <Link to="/workbench/exchange" className="yw-workbench-entry" data-testid="workbench-exchange">
            <ApiOutlined className="yw-workbench-entry-icon" aria-hidden="true" />
            <span>
              <strong>{t("exchange.title")}</strong>
              <span className="yw-cell-sub">{t("exchange.subtitle")}</span>
            </span>
          </Link>
        )}
        {hasRole(me.data, "dept_admin") && (
          <Link to="/workbench/opendata" className="yw-workbench-entry" data-testid="workbench-opendata">
            <DatabaseOutlined className="yw-workbench-entry-icon" aria-hidden="true" />
            <span>
              <strong>{t("opendata.publisher.title")}</strong>
              <span className="yw-cell-sub">{t("opendata.publisher.entry")}</span>
            </span>
          </Link>
        )}
      </nav>
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={13}>
          <DeadlineCalculator />
        </Col>
        <Col xs={24} lg={11}>
          <CountCalculator />
        </Col>
      </Row>
    </div>
  );
}
