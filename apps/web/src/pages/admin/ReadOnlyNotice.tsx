import { LockOutlined } from "@ant-design/icons";
import { Alert } from "antd";
import { useTranslation } from "react-i18next";

/**
 * The write API exists but needs an administrator token, and the browser has no way to obtain one until
 * the identity module lands. Saying so beats offering edit buttons that can only fail.
 */
export function ReadOnlyNotice() {
  const { t } = useTranslation();
  return (
    <Alert
      className="yw-readonly"
      type="info"
      showIcon
      icon={<LockOutlined />}
      message={t("admin.readOnlyTitle")}
      description={t("admin.readOnly")}
    />
  );
}
