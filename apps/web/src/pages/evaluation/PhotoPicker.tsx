import { CameraOutlined, DeleteOutlined } from "@ant-design/icons";
import { EVALUATION_PHOTO_MAX_BYTES } from "@yiwang/contracts/vocabularies";
import { Alert, Button, Spin } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";

/**
 * The evaluation's optional photo: a large "add a photo" button (a phone offers its camera), uploaded as
 * soon as it is picked so submitting stays one tap; a preview with a remove button. The server sniffs the
 * type and checks the size again; the checks here only spare a slow upload that would be refused.
 */
export function PhotoPicker({
  upload,
  onChange,
  onBusy,
}: {
  upload: (file: File) => Promise<{ id: string }>;
  onChange: (photoId: string | undefined) => void;
  onBusy: (busy: boolean) => void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tooLarge, setTooLarge] = useState(false);
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setTooLarge(file.size > EVALUATION_PHOTO_MAX_BYTES);
    if (file.size > EVALUATION_PHOTO_MAX_BYTES) return;
    setBusy(true);
    onBusy(true);
    try {
      const photo = await upload(file);
      setPreview(URL.createObjectURL(file));
      onChange(photo.id);
    } catch (err) {
      setError(err);
      onChange(undefined);
    } finally {
      setBusy(false);
      onBusy(false);
      if (input.current) input.current.value = "";
    }
  };
  const remove = () => {
    setPreview(null);
    onChange(undefined);
  };

  return (
    <div className="yw-eval-section" data-testid="evaluation-photo">
      <div className="yw-eval-meta">{t("evaluation.evaluate.photo")}</div>
      <input
        ref={input}
        type="file"
        accept="image/jpeg,image/png"
        hidden
        data-testid="evaluation-photo-input"
        onChange={(e) => void pick(e.target.files?.[0])}
      />
      {preview ? (
        <div className="yw-eval-photo">
          <img src={preview} alt={t("evaluation.evaluate.photoPreview")} />
          <Button icon={<DeleteOutlined />} onClick={remove} size="large">
            {t("evaluation.evaluate.photoRemove")}
          </Button>
        </div>
      ) : (
        <Button
          icon={busy ? <Spin size="small" /> : <CameraOutlined />}
          size="large"
          onClick={() => input.current?.click()}
          disabled={busy}
        >
          {t("evaluation.evaluate.photoAdd")}
        </Button>
      )}
      {tooLarge && <Alert type="warning" showIcon message={t("evaluation.evaluate.photoTooLarge")} />}
      {Boolean(error) && <ErrorAlert error={error} />}
    </div>
  );
}
