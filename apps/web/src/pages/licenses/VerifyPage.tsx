import {
  CheckCircleFilled,
  CloseCircleFilled,
  ExclamationCircleFilled,
  FilePdfOutlined,
  SafetyOutlined,
} from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import type { VerifyOutcome, VerifyResult } from "@yiwang/contracts";
import { PDF_SIGNATURE_REASONS } from "@yiwang/contracts/vocabularies";
import { Alert, Button, Descriptions, Form, Input, Spin, Upload } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { classifyPasted, type VerifyInput, verifyLicense } from "./api";
import { HolderText, useTypeName } from "./LicenseTags";
import { dateOf } from "./util";
import "./licenses.css";

const FORGED_REASONS = [
  "MALFORMED",
  "UNKNOWN_KEY",
  "SIGNATURE_INVALID",
  "UNKNOWN_LICENSE",
  "CONTENT_MISMATCH",
  ...PDF_SIGNATURE_REASONS,
] as const;
type ForgedReason = (typeof FORGED_REASONS)[number];

/** The token a QR code carries in the fragment (`/verify#t=<token>`): never sent to the server as a URL. */
export function tokenFromHash(hash: string): string | null {
  const t = new URLSearchParams(hash.replace(/^#/, "")).get("t");
  return t?.trim() ? t.trim() : null;
}

function ResultIcon({ outcome }: { outcome: VerifyOutcome }) {
  if (outcome === "valid") return <CheckCircleFilled className="yw-verify-result-icon" />;
  if (outcome === "forged" || outcome === "revoked") return <CloseCircleFilled className="yw-verify-result-icon" />;
  return <ExclamationCircleFilled className="yw-verify-result-icon" />;
}

/** The big answer: 有效 (green), 已注销 / 已中止 / 已过期 (red / orange), 无效 (red), with the reason and the license. */
function ResultView({ result }: { result: VerifyResult }) {
  const { t } = useTranslation();
  const typeName = useTypeName();
  const r = result.result;
  let reason: string | null = null;
  if (r === "forged" && result.reason) {
    reason = FORGED_REASONS.includes(result.reason as ForgedReason)
      ? t("licenses.verify.reason", { reason: t(`licenses.verify.reasons.${result.reason as ForgedReason}`) })
      : t("licenses.verify.reasonCode", { code: result.reason });
  } else if (result.reason) {
    reason = t("licenses.verify.statusReason", { reason: result.reason });
  }
  const l = result.license;
  return (
    <section aria-live="polite" data-testid="verify-result" data-result={r}>
      <div className={`yw-verify-result yw-verify-${r}`} role="status">
        <ResultIcon outcome={r} />
        <h2 className="yw-verify-result-title" data-testid="verify-outcome">
          {t(`licenses.verify.result.${r}`)}
        </h2>
        <p>{t(`licenses.verify.resultDesc.${r}`)}</p>
        {reason && (
          <p data-testid="verify-reason" data-reason={result.reason ?? ""}>
            <strong>{reason}</strong>
          </p>
        )}
        {result.pdfSignature && (
          <p
            className="yw-cell-sub"
            data-testid="verify-pdf-signature"
            data-status={result.pdfSignature.status}
            data-reason={result.pdfSignature.reason ?? ""}
          >
            {t(`licenses.verify.pdfSignature.${result.pdfSignature.status}`)}
          </p>
        )}
        <p className="yw-cell-sub">
          {t("licenses.verify.checkedAt", { at: formatPlatformDateTime(result.checkedAt) })}
        </p>
      </div>
      {l && (
        <Panel title={t("licenses.verify.license")} icon={<SafetyOutlined />}>
          <Descriptions
            column={1}
            size="small"
            bordered
            className="yw-license-descriptions"
            data-testid="verify-license"
            items={[
              { key: "type", label: t("licenses.fields.type"), children: typeName(l) },
              {
                key: "identifier",
                label: t("licenses.fields.identifier"),
                children: <span className="yw-mono yw-license-wrap">{l.identifier}</span>,
              },
              { key: "issuer", label: t("licenses.fields.issuer"), children: l.issuer.name },
              { key: "holder", label: t("licenses.fields.holder"), children: <HolderText holder={l.holder} /> },
              { key: "issuedAt", label: t("licenses.fields.issuedAt"), children: dateOf(l.issuedAt) },
              {
                key: "validUntil",
                label: t("licenses.fields.validUntil"),
                children: l.validUntil ?? t("licenses.fields.longTerm"),
              },
            ]}
          />
        </Panel>
      )}
    </section>
  );
}

/** /verify — public verification (no login) of a QR token (`#t=`), a pasted token or credential, or a PDF. */
export function VerifyPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const token = tokenFromHash(location.hash);
  const verify = useMutation({ mutationFn: (input: VerifyInput) => verifyLicense(input) });
  const { mutate, reset } = verify;
  const [form] = Form.useForm<{ text?: string }>();
  const [fileError, setFileError] = useState<string | null>(null);

  // Opened from a QR code: verify at once (and again when the fragment changes).
  useEffect(() => {
    if (token) mutate({ token });
  }, [token, mutate]);

  return (
    <div className="yw-container yw-page yw-verify">
      <PageHeading title={t("licenses.verify.title")} subtitle={t("licenses.verify.subtitle")} />
      {verify.isPending && (
        <div className="yw-verify-result" data-testid="verify-checking">
          <Spin size="large" />
          <p>{t("licenses.verify.checking")}</p>
        </div>
      )}
      {verify.isError && <ErrorAlert error={verify.error} />}
      {verify.isSuccess && (
        <>
          <ResultView result={verify.data} />
          <div className="yw-toolbar yw-note">
            <Button
              onClick={() => {
                reset();
                form.resetFields();
              }}
            >
              {t("licenses.verify.again")}
            </Button>
          </div>
        </>
      )}
      {!verify.isSuccess && !verify.isPending && (
        <Panel>
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => mutate(classifyPasted(v.text ?? ""))}
            data-testid="verify-paste-form"
          >
            <Form.Item
              name="text"
              label={t("licenses.verify.pasteLabel")}
              rules={[{ required: true, whitespace: true, message: t("licenses.verify.pasteRequired") }]}
            >
              <Input.TextArea rows={4} maxLength={20000} placeholder={t("licenses.verify.pastePlaceholder")} />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<SafetyOutlined />} data-testid="verify-submit">
              {t("licenses.verify.submit")}
            </Button>
          </Form>
          <h3 className="yw-case-subtitle">{t("licenses.verify.pdfLabel")}</h3>
          <p className="yw-cell-sub">{t("licenses.verify.pdfHint")}</p>
          <Upload
            accept=".pdf,application/pdf"
            showUploadList={false}
            beforeUpload={(file) => {
              setFileError(null);
              if (file.type !== "application/pdf" && !file.name.toLowerCase().endsWith(".pdf")) {
                setFileError(t("licenses.verify.notPdf"));
              } else {
                mutate({ pdf: file });
              }
              return Upload.LIST_IGNORE;
            }}
          >
            <Button icon={<FilePdfOutlined />} data-testid="verify-pdf">
              {t("licenses.verify.pdfChoose")}
            </Button>
          </Upload>
          {fileError && <Alert type="error" showIcon message={fileError} className="yw-note" />}
        </Panel>
      )}
    </div>
  );
}
