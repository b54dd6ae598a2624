import {
  DeleteOutlined,
  FileOutlined,
  LoadingOutlined,
  SafetyCertificateOutlined,
  UploadOutlined,
} from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import type { CaseDetail, CaseMaterial, ServiceItem } from "@yiwang/contracts";
import { Alert, Button, Popconfirm, Skeleton, Tag, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { useGuide } from "../catalog/queries";
import { LicenseMaterialRef, UseLicenseButton } from "../licenses/UseLicense";
import { caseKey, deleteMaterial, uploadMaterial } from "./api";

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** What the server accepts (it sniffs the content; the extension list only helps the file picker). */
export const UPLOAD_ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.ofd";

export function formatSize(bytes: number | null): string {
  if (bytes === null) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

type Mode = "view" | "edit" | "supplement";

interface Props {
  detail: CaseDetail;
  /** view: download links only; edit (draft): upload and delete; supplement: upload, delete what was added now. */
  mode: Mode;
  /** 容缺受理: deferred materials the applicant may hand in now, in any mode. */
  later?: string[];
  /** Material names the server reported missing on submit, highlighted. */
  missing?: string[];
  /** Materials a supplement request names, highlighted. */
  requested?: string[];
}

function FileRow({ m, detail, mode }: { m: CaseMaterial; detail: CaseDetail; mode: Mode }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const removable = mode === "edit" || (mode === "supplement" && m.supplement);
  return (
    <li className="yw-case-file" data-testid="case-file">
      <span className="yw-case-file-name">
        {m.kind === "license" ? <SafetyCertificateOutlined /> : <FileOutlined />}{" "}
        {m.kind === "license" ? (
          <LicenseMaterialRef caseId={detail.id} licenseId={m.licenseId} />
        ) : m.url ? (
          <a href={m.url} target="_blank" rel="noreferrer" download={m.fileName ?? undefined}>
            {m.fileName ?? m.licenseId ?? m.material}
          </a>
        ) : (
          (m.fileName ?? m.licenseId ?? m.material)
        )}
      </span>
      <span className="yw-cell-sub">
        {m.kind === "license" ? t("cases.materials.license") : formatSize(m.size)}
        {m.supplement && (
          <Tag color="orange" className="yw-case-file-tag">
            {t("cases.materials.supplemented")}
          </Tag>
        )}
      </span>
      {removable && (
        <Popconfirm
          title={t("cases.materials.deleteConfirm")}
          okText={t("cases.materials.delete")}
          cancelText={t("cases.common.cancel")}
          onConfirm={async () => {
            setBusy(true);
            setError(null);
            try {
              await deleteMaterial(detail.id, m.id);
              await qc.invalidateQueries({ queryKey: caseKey(detail.id) });
            } catch (e) {
              setError(errorText(e));
            } finally {
              setBusy(false);
            }
          }}
        >
          <Button
            size="small"
            type="text"
            danger
            icon={<DeleteOutlined />}
            loading={busy}
            aria-label={t("cases.materials.deleteFile", { name: m.fileName ?? m.material })}
          />
        </Popconfirm>
      )}
      {error && <Alert type="error" showIcon message={error} className="yw-case-file-error" />}
    </li>
  );
}

function UploadButton({ detail, material }: { detail: CaseDetail; material: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Upload
        accept={UPLOAD_ACCEPT}
        multiple
        showUploadList={false}
        beforeUpload={(file) => {
          if (file.size > MAX_UPLOAD_BYTES) {
            setError(t("cases.materials.tooLarge", { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onSuccess, onError }) => {
          setError(null);
          setUploading((n) => n + 1);
          uploadMaterial(detail.id, material, file as File)
            .then((res) => {
              onSuccess?.(res);
              return qc.invalidateQueries({ queryKey: caseKey(detail.id) });
            })
            .catch((e: unknown) => {
              setError(errorText(e));
              onError?.(e as Error);
            })
            .finally(() => setUploading((n) => n - 1));
        }}
      >
        <Button
          size="small"
          icon={uploading ? <LoadingOutlined /> : <UploadOutlined />}
          disabled={uploading > 0}
          aria-label={t("cases.materials.uploadFor", { name: material })}
        >
          {uploading ? t("cases.materials.uploading") : t("cases.materials.upload")}
        </Button>
      </Upload>
      {error && (
        <Alert
          type="error"
          showIcon
          message={error}
          className="yw-case-file-error"
          closable
          onClose={() => setError(null)}
          role="alert"
        />
      )}
    </>
  );
}

/**
 * 申请材料: the item version's materials, each with what has been uploaded for it (download links, authorised
 * by the server on every request) and, while the applicant may change them, an upload button.
 */
export function MaterialsList({ detail, mode, missing = [], requested = [], later = [] }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const item = useGuide(detail.itemCode, detail.itemVersion);
  // 法定代表人身份证明 takes the representative's own license: only she can consent, an agent uploads a copy.
  const mayUseLicense = (w: ServiceItem["materials"][number]) =>
    w.licenseHolder !== "representative" || me.data?.actingFor?.as === "representative";
  if (item.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  const wanted: ServiceItem["materials"] = item.data?.materials ?? [];
  const names = new Set(wanted.map((m) => m.name));
  const others = detail.materials.filter((m) => !names.has(m.material));
  const canUpload = mode !== "view";
  return (
    <ol className="yw-case-materials" data-testid="case-materials">
      {wanted.map((w, i) => {
        const files = detail.materials.filter((m) => m.material === w.name);
        // "Missing" is what the last submit reported: it no longer holds once something is attached.
        const stillMissing = missing.includes(w.name) && files.length === 0;
        const flagged = stillMissing || requested.includes(w.name);
        return (
          <li
            key={w.name}
            className={flagged ? "yw-case-material yw-case-material-flagged" : "yw-case-material"}
            data-testid={`material-${i}`}
            data-material={w.name}
          >
            <div className="yw-case-material-head">
              <div>
                <span className="yw-case-material-name">{w.name}</span>{" "}
                <Tag color={w.required ? "red" : "default"}>
                  {w.required ? t("cases.materials.required") : t("cases.materials.optional")}
                </Tag>
                {stillMissing && (
                  <Tag color="error" data-testid="material-missing">
                    {t("cases.materials.missing")}
                  </Tag>
                )}
                {requested.includes(w.name) && <Tag color="warning">{t("cases.materials.requested")}</Tag>}
                {w.note && <div className="yw-cell-sub">{w.note}</div>}
                {w.fromLicense && <div className="yw-cell-sub">{t("cases.materials.fromLicenseHint")}</div>}
              </div>
              {(canUpload || later.includes(w.name)) && (
                <div className="yw-case-material-buttons">
                  {w.fromLicense && mayUseLicense(w) && !files.some((m) => m.kind === "license") && (
                    <UseLicenseButton
                      caseId={detail.id}
                      material={w.name}
                      typeCode={w.fromLicense}
                      holder={w.licenseHolder}
                    />
                  )}
                  <UploadButton detail={detail} material={w.name} />
                </div>
              )}
            </div>
            {files.length > 0 ? (
              <ul className="yw-case-files">
                {files.map((m) => (
                  <FileRow key={m.id} m={m} detail={detail} mode={mode} />
                ))}
              </ul>
            ) : (
              <div className="yw-cell-sub">{t("cases.materials.none")}</div>
            )}
          </li>
        );
      })}
      {others.length > 0 && (
        <li className="yw-case-material" data-testid="material-other">
          <div className="yw-case-material-head">
            <span className="yw-case-material-name">{t("cases.materials.other")}</span>
          </div>
          <ul className="yw-case-files">
            {others.map((m) => (
              <FileRow key={m.id} m={m} detail={detail} mode={mode} />
            ))}
          </ul>
        </li>
      )}
      {wanted.length === 0 && others.length === 0 && <li className="yw-muted">{t("cases.materials.noneRequired")}</li>}
    </ol>
  );
}
