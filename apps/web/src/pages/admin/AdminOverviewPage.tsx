import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  CalendarOutlined,
  ClockCircleOutlined,
  MessageOutlined,
  RightOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import { Col, Row, Statistic } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useTreeHead } from "../../shared/audit";
import { platformToday } from "../../shared/dates";
import { PageHeading } from "../../shared/PageHeading";
import { useCalendarYear, useDepartments } from "../../shared/queries";
import { hasRole, useMe } from "../../shared/session";
import { useCatalogSearch } from "../catalog/queries";
import { useDeadJobs } from "./jobs/jobsApi";
import { useFailedDeliveries } from "./notifications/notifyAdminApi";
import { ReadOnlyNotice } from "./ReadOnlyNotice";
import { useSecurityAlerts } from "./security/securityApi";
import { useStaffList } from "./staff/staffApi";

interface EntryProps {
  to: string;
  icon: ReactNode;
  title: string;
  desc: string;
  statTitle: string;
  stat?: number;
  loading: boolean;
  testId: string;
}

function Entry({ to, icon, title, desc, statTitle, stat, loading, testId }: EntryProps) {
  const { t } = useTranslation();
  return (
    <Link to={to} className="yw-panel yw-entry" data-testid={testId}>
      <div className="yw-entry-head">
        <span className="yw-entry-icon" aria-hidden="true">
          {icon}
        </span>
        <span className="yw-entry-title">{title}</span>
        <span className="yw-entry-open">
          {t("admin.open")} <RightOutlined />
        </span>
      </div>
      <p className="yw-entry-desc">{desc}</p>
      <Statistic title={statTitle} value={stat ?? "—"} loading={loading} />
    </Link>
  );
}

/** Entry points into the administration areas, each with a live figure so the page is more than links. */
export function AdminOverviewPage() {
  const { t } = useTranslation();
  const year = Number(platformToday().slice(0, 4));
  const departments = useDepartments({ limit: 100, offset: 0 });
  const calendar = useCalendarYear(year);
  const holidays = calendar.data?.days.filter((d) => d.kind === "holiday").length;
  // The tree head is public, so the overview can show the log's size without an auditor token.
  const sth = useTreeHead();
  // The number of staff accounts is not public: only administrators see it.
  const me = useMe();
  const staffAdmin =
    hasRole(me.data, "platform_admin") || hasRole(me.data, "dept_admin") || hasRole(me.data, "security_admin");
  const staff = useStaffList({ limit: 1, offset: 0 }, staffAdmin);
  const catalog = useCatalogSearch({ pageSize: 1 });
  // Dead jobs are for platform administrators only (jobs.manage): the entry is not shown to anyone else.
  const platformAdmin = hasRole(me.data, "platform_admin");
  const deadJobs = useDeadJobs({ limit: 1, offset: 0 }, platformAdmin);
  const failedNotices = useFailedDeliveries(platformAdmin);
  // Security (alerts, dual control): the security administrators' and the auditors' (三员分立).
  const security = hasRole(me.data, "security_admin") || hasRole(me.data, "auditor");
  const alerts = useSecurityAlerts({ status: "open", limit: 1, offset: 0 }, security);

  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("admin.title")} subtitle={t("admin.subtitle")} />
      <ReadOnlyNotice editable />
      <Row gutter={[24, 24]}>
        <Col xs={24} md={12} xl={8}>
          <Entry
            to="/admin/departments"
            testId="admin-departments"
            icon={<ApartmentOutlined />}
            title={t("admin.departments.title")}
            desc={t("admin.departments.desc")}
            statTitle={t("home.departments.title")}
            stat={departments.data?.total}
            loading={departments.isPending}
          />
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Entry
            to="/admin/calendar"
            testId="admin-calendar"
            icon={<CalendarOutlined />}
            title={t("admin.calendar.title")}
            desc={t("admin.calendar.desc")}
            statTitle={`${year} · ${t("admin.calendar.holidays")}`}
            stat={holidays}
            loading={calendar.isPending}
          />
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Entry
            to="/admin/audit"
            testId="admin-audit"
            icon={<AuditOutlined />}
            title={t("admin.audit.title")}
            desc={t("admin.audit.overviewDesc")}
            statTitle={t("admin.audit.signedEntries")}
            stat={sth.data?.tree_size}
            loading={sth.isPending}
          />
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Entry
            to="/admin/staff"
            testId="admin-staff"
            icon={<TeamOutlined />}
            title={t("adminStaff.title")}
            desc={t("adminStaff.desc")}
            statTitle={t("adminStaff.statTitle")}
            stat={staff.data?.total}
            loading={staffAdmin && staff.isPending}
          />
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Entry
            to="/admin/catalog"
            testId="admin-catalog"
            icon={<AppstoreOutlined />}
            title={t("catalog.admin.title")}
            desc={t("catalog.admin.desc")}
            statTitle={t("catalog.admin.statItems")}
            stat={catalog.data?.total}
            loading={catalog.isPending}
          />
        </Col>
        {platformAdmin && (
          <Col xs={24} md={12} xl={8}>
            <Entry
              to="/admin/jobs"
              testId="admin-jobs"
              icon={<ClockCircleOutlined />}
              title={t("adminJobs.title")}
              desc={t("adminJobs.overviewDesc")}
              statTitle={t("adminJobs.statTitle")}
              stat={deadJobs.data?.total}
              loading={deadJobs.isPending}
            />
          </Col>
        )}
        {security && (
          <Col xs={24} md={12} xl={8}>
            <Entry
              to="/admin/security"
              testId="admin-security"
              icon={<SafetyCertificateOutlined />}
              title={t("adminSecurity.title")}
              desc={t("adminSecurity.overviewDesc")}
              statTitle={t("adminSecurity.statTitle")}
              stat={alerts.data?.open}
              loading={alerts.isPending}
            />
          </Col>
        )}
        {platformAdmin && (
          <Col xs={24} md={12} xl={8}>
            <Entry
              to="/admin/notifications"
              testId="admin-notifications"
              icon={<MessageOutlined />}
              title={t("notifyAdmin.title")}
              desc={t("notifyAdmin.desc")}
              statTitle={t("notifyAdmin.tabDead")}
              stat={failedNotices.data?.total}
              loading={failedNotices.isPending}
            />
          </Col>
        )}
      </Row>
    </div>
  );
}
