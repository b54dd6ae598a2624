import { KeyOutlined } from "@ant-design/icons";
import { Alert, Form, Input } from "antd";
import { useTranslation } from "react-i18next";
import { Panel } from "../../shared/Panel";

interface Props {
  value: string;
  onChange: (token: string) => void;
}

/**
 * Where the auditor's development token is typed. Labelled as development-only on purpose: once unified
 * identity exists this panel goes away, and nobody should mistake it for a real sign-in.
 */
export function AuditTokenPanel({ value, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <Panel title={t("admin.audit.tokenTitle")} icon={<KeyOutlined />}>
      <Alert
        type="warning"
        showIcon
        message={t("admin.audit.tokenNotice")}
        description={t("admin.audit.tokenHelp")}
        className="yw-audit-token-alert"
      />
      <Form layout="vertical" requiredMark={false} onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label={t("admin.audit.tokenLabel")} htmlFor="yw-auditor-token" className="yw-audit-token-field">
          <Input.Password
            id="yw-auditor-token"
            value={value}
            placeholder="dev-auditor"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => onChange(e.target.value.trim())}
          />
        </Form.Item>
      </Form>
    </Panel>
  );
}
