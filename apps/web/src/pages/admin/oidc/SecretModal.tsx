import type { OidcClientWithSecret } from "@yiwang/contracts";
import { Alert, Button, Descriptions, Modal, Typography } from "antd";
import { useTranslation } from "react-i18next";

/** The client secret, shown exactly once (after registration or rotation) with a copy button. */
export function SecretModal({ client, onClose }: { client: OidcClientWithSecret | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={client !== null}
      title={t("oidc.admin.secretTitle")}
      closable={false}
      maskClosable={false}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="oidc-secret-close">
          {t("oidc.admin.secretDone")}
        </Button>
      }
    >
      {client && (
        <>
          <Alert type="warning" showIcon message={t("oidc.admin.secretNote")} style={{ marginBottom: 16 }} />
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("oidc.admin.clientId")}>
              <Typography.Text code copyable>
                {client.clientId}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t("oidc.admin.clientSecret")}>
              <Typography.Text code copyable data-testid="oidc-secret">
                {client.clientSecret}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Modal>
  );
}
