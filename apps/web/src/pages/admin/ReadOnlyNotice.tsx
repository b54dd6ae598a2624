import { LockOutlined, LoginOutlined } from "@ant-design/icons";
import { Alert } from "antd";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { LinkButton } from "../../shared/LinkButton";
import { hasRole, loginPath, useMe } from "../../shared/session";

/**
 * Why a platform administrator's page is read-only for this visitor: nobody is logged in (with the way to
 * the staff login), or the account is not a platform administrator. For an administrator on a page that
 * edits (`editable`), nothing is shown.
 */
export function ReadOnlyNotice({ editable = false }: { editable?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return null;
  const data = me.data;
  const admin = hasRole(data, "platform_admin");
  if (admin && editable) return null;
  const description = !data
    ? t("adminStaff.readOnly.login")
    : admin
      ? t("adminStaff.readOnly.notHere")
      : t("adminStaff.readOnly.notAdmin", { name: data.displayName });
  return (
    <Alert
      className="yw-readonly"
      type="info"
      showIcon
      icon={<LockOutlined />}
      message={t("admin.readOnlyTitle")}
      description={description}
      data-testid="readonly-notice"
      action={
        data ? undefined : (
          <LinkButton
            to={loginPath("staff", `${location.pathname}${location.search}`)}
            size="small"
            icon={<LoginOutlined />}
          >
            {t("adminStaff.audit.login")}
          </LinkButton>
        )
      }
    />
  );
}
