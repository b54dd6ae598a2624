import {
  CheckCircleFilled,
  CloseCircleFilled,
  QuestionCircleFilled,
  ReloadOutlined,
  SafetyCertificateOutlined,
} from "@ant-design/icons";
import { base64ToBytes, bytesToHex } from "@yiwang/merkle";
import { Button, Descriptions, Skeleton, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useTreeHead, useTreeHeadSignature } from "../../shared/audit";
import type { SignedTreeHead } from "../../shared/contracts";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { Panel } from "../../shared/Panel";

/** A long hash shortened for display; the copy button still copies all of it. */
export function HashText({ b64, testId }: { b64: string; testId?: string }) {
  const hex = bytesToHex(base64ToBytes(b64));
  return (
    <Typography.Text className="yw-mono" copyable={{ text: hex }} title={hex} data-testid={testId}>
      {`${hex.slice(0, 16)}…${hex.slice(-8)}`}
    </Typography.Text>
  );
}

/** The outcome of checking the head's Ed25519 signature in this browser. */
export function TreeHeadSignatureStatus({ sth }: { sth: SignedTreeHead }) {
  const { t } = useTranslation();
  const sig = useTreeHeadSignature(sth);
  if (sig.isError) return <ErrorAlert error={sig.error} onRetry={() => void sig.refetch()} />;
  if (!sig.data) return <Skeleton.Input active size="small" />;
  const check = sig.data;
  if (check.status === "valid") {
    return (
      <Typography.Text type="success" data-testid="audit-sth-signature" data-status="valid" title={check.kid}>
        <CheckCircleFilled /> {t("admin.audit.sigValid", { kid: `${check.kid.slice(0, 12)}…` })}
      </Typography.Text>
    );
  }
  if (check.status === "unsupported") {
    return (
      <Typography.Text type="warning" data-testid="audit-sth-signature" data-status="unsupported">
        <QuestionCircleFilled /> {t("admin.audit.sigUnsupported")}
      </Typography.Text>
    );
  }
  return (
    <Typography.Text type="danger" data-testid="audit-sth-signature" data-status="invalid">
      <CloseCircleFilled /> {t("admin.audit.sigInvalid")} {t(`admin.audit.sig_${check.reason}`)}
    </Typography.Text>
  );
}

/** The head every verification on this page is checked against. */
export function AuditTreeHead() {
  const { t } = useTranslation();
  const sth = useTreeHead();
  const refresh = (
    <Button size="small" icon={<ReloadOutlined />} loading={sth.isFetching} onClick={() => void sth.refetch()}>
      {t("admin.audit.refresh")}
    </Button>
  );

  return (
    <Panel title={t("admin.audit.sth")} icon={<SafetyCertificateOutlined />} extra={refresh}>
      {sth.isError ? (
        <ErrorAlert error={sth.error} onRetry={() => void sth.refetch()} />
      ) : !sth.data ? (
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      ) : (
        <Descriptions
          size="small"
          layout="vertical"
          colon={false}
          column={{ xs: 1, sm: 2, lg: 4, xl: 4, xxl: 4 }}
          data-testid="audit-sth"
          items={[
            { key: "size", label: t("admin.audit.treeSize"), children: sth.data.tree_size },
            {
              key: "time",
              label: t("admin.audit.signedAt"),
              children: <span className="yw-mono">{formatPlatformDateTime(sth.data.timestamp)}</span>,
            },
            { key: "root", label: t("admin.audit.rootHash"), children: <HashText b64={sth.data.sha256_root_hash} /> },
            {
              key: "kid",
              label: t("admin.audit.keyId"),
              children: (
                <Typography.Text className="yw-mono" copyable={{ text: sth.data.key_id }} title={sth.data.key_id}>
                  {`${sth.data.key_id.slice(0, 12)}…`}
                </Typography.Text>
              ),
            },
            {
              key: "sig",
              label: t("admin.audit.signature"),
              span: "filled",
              children: <TreeHeadSignatureStatus sth={sth.data} />,
            },
          ]}
        />
      )}
    </Panel>
  );
}
