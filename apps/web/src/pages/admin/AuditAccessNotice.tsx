import { LoginOutlined } from "@ant-design/icons";
import { Alert } from "antd";
import { useTranslation } from "react-i18next";
import { LinkButton } from "../../shared/LinkButton";
import { hasRole, loginPath, useMe } from "../../shared/session";

/**
 * Who may search the log: an auditor logged in through the staff login (password + TOTP). The tree head
 * and proofs stay public, so the page works for everyone; this says what searching needs.
 */
export function AuditAccessNotice() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return null;
  const data = me.data;
  if (!data) {
    return (
      <Alert
        className="yw-readonly"
        type="warning"
        showIcon
        message={t("adminStaff.audit.loginTitle")}
        description={t("adminStaff.audit.loginHelp")}
        action={
          <LinkButton to={loginPath("staff", "/admin/audit")} type="primary" icon={<LoginOutlined />}>
            {t("adminStaff.audit.login")}
          </LinkButton>
        }
      />
    );
  }
  if (!hasRole(data, "auditor")) {
    return (
      <Alert
        className="yw-readonly"
        type="warning"
        showIcon
        message={t("adminStaff.audit.notAuditor", { name: data.displayName })}
      />
    );
  }
  return (
    <Alert
      className="yw-readonly"
      type="success"
      showIcon
      message={t("adminStaff.audit.asAuditor", { name: data.displayName })}
    />
  );
}
