import { ClockCircleOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { platformToday } from "../shared/dates";
import { useMe } from "../shared/session";

/**
 * A staff member's warning in the last STAFF_PASSWORD_WARN_DAYS before their password expires (the server
 * sends `passwordDaysLeft` only then), with the way to change it. An expired password is caught at the next
 * login, where it must be changed before anything else works.
 */
export function PasswordExpiryBar() {
  const { t } = useTranslation();
  const me = useMe();
  const days = me.data?.kind === "staff" ? me.data.passwordDaysLeft : null;
  const expiresAt = me.data?.passwordExpiresAt;
  if (days === null || days === undefined || !expiresAt) return null;
  const date = platformToday(new Date(expiresAt));
  return (
    <div className="yw-acting-bar" role="status" data-testid="password-expiry-bar">
      <span>
        <ClockCircleOutlined />{" "}
        {days === 0 ? t("account.password.expiresToday") : t("account.password.expiresIn", { count: days, date })}
      </span>
      <Link to="/account">{t("account.password.changeNow")}</Link>
    </div>
  );
}
