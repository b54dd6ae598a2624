import { CheckCircleOutlined } from "@ant-design/icons";
import { base64ToBytes, bytesToBase64, bytesToHex } from "@yiwang/merkle";
import { Alert, Descriptions, Skeleton } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useInclusionCheck, useTreeHead, useTreeHeadSignature } from "../../shared/audit";
import type { AuditLogEntry } from "../../shared/contracts";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { Panel } from "../../shared/Panel";
import { HashText } from "./AuditTreeHead";

const hex = (b64: string) => bytesToHex(base64ToBytes(b64));

/** The leaf bytes exactly as logged: what was hashed is what is shown, not a re-serialisation. */
function entryText(leafInput: string): string {
  return new TextDecoder().decode(base64ToBytes(leafInput));
}

/** The outcome of checking one entry against the latest signed tree head, with the evidence used. */
export function AuditVerifyPanel({ entry }: { entry: AuditLogEntry | null }) {
  const { t } = useTranslation();
  const sth = useTreeHead();
  const inclusion = useInclusionCheck(entry, sth.data);
  const signature = useTreeHeadSignature(sth.data);

  let body: ReactNode;
  if (!entry) {
    body = <p className="yw-muted">{t("admin.audit.pickHint")}</p>;
  } else if (sth.data && entry.leaf_index >= sth.data.tree_size) {
    body = (
      <Alert
        type="info"
        showIcon
        message={t("admin.audit.notCovered", { index: entry.leaf_index, size: sth.data.tree_size })}
      />
    );
  } else if (inclusion.isError || sth.isError || signature.isError) {
    body = (
      <ErrorAlert
        error={inclusion.error ?? sth.error ?? signature.error}
        onRetry={() => void (signature.isError ? signature.refetch() : inclusion.refetch())}
      />
    );
  } else if (!inclusion.data || !signature.data) {
    body = <Skeleton active paragraph={{ rows: 3 }} title={false} />;
  } else {
    const { proof, check } = inclusion.data;
    const head = signature.data;
    // Green needs both: the proof leads to the root, and that root is the one the log signed.
    const problems: string[] = [];
    if (!check.ok) problems.push(`${t("admin.audit.proofFailed")} ${t(`admin.audit.${check.reason}`)}`);
    if (head.status === "invalid")
      problems.push(`${t("admin.audit.sigInvalid")} ${t(`admin.audit.sig_${head.reason}`)}`);
    if (head.status === "unsupported") problems.push(t("admin.audit.sigUnsupported"));
    body = (
      <>
        {check.ok && head.status === "valid" ? (
          <Alert type="success" showIcon message={t("admin.audit.verified")} data-testid="audit-verified" />
        ) : check.ok && head.status === "unsupported" ? (
          <Alert
            type="warning"
            showIcon
            message={t("admin.audit.proofOnly")}
            description={t("admin.audit.sigUnsupported")}
            data-testid="audit-unchecked"
          />
        ) : (
          <Alert
            type="error"
            showIcon
            message={t("admin.audit.failed")}
            description={problems.map((p) => <div key={p}>{p}</div>)}
            data-testid="audit-failed"
          />
        )}
        <p className="yw-muted yw-note">{t("admin.audit.localCheck")}</p>
        <Descriptions
          size="small"
          layout="vertical"
          colon={false}
          column={1}
          items={[
            {
              key: "leaf",
              label: t("admin.audit.leafHash"),
              children: <HashText b64={bytesToBase64(check.leafHash)} />,
            },
            {
              key: "path",
              label: `${t("admin.audit.proofPath")} (${proof.audit_path.length})`,
              children:
                proof.audit_path.length === 0 ? (
                  t("admin.audit.emptyPath")
                ) : (
                  <ol className="yw-audit-path">
                    {proof.audit_path.map((p, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: position in the path is what matters
                      <li key={i} className="yw-mono yw-hash">
                        {hex(p)}
                      </li>
                    ))}
                  </ol>
                ),
            },
            {
              key: "json",
              label: t("admin.audit.entryJson"),
              children: <pre className="yw-audit-json">{entryText(entry.leaf_input)}</pre>,
            },
          ]}
        />
      </>
    );
  }

  const title = entry ? `${t("admin.audit.verifyTitle")} · #${entry.leaf_index}` : t("admin.audit.verifyTitle");
  return (
    <Panel title={title} icon={<CheckCircleOutlined />} className="yw-audit-verify">
      {body}
    </Panel>
  );
}
