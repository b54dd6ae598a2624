import { PictureOutlined } from "@ant-design/icons";
import { Button, Input } from "antd";
import { type ChangeEvent, lazy, Suspense, useRef } from "react";
import { useTranslation } from "react-i18next";
import { decodeQrImage } from "./decode";

// Loaded only when a scanning page opens: the camera code stays out of the first load.
const CameraScanner = lazy(() => import("./CameraScanner"));

export interface ScanInputsProps {
  /** A code read by the camera or pasted (what a hardware scanner types). */
  onCode: (text: string) => void;
  /** An uploaded picture's code, or null when no code could be read from it. */
  onPicture: (text: string | null) => void;
  /** Keep the camera reading after a code (a gate), instead of stopping at the first (a window). */
  continuous?: boolean;
  size?: "large";
  submitLabel: string;
  /** Prefix of the upload and paste inputs' test ids (`<prefix>-upload`, `<prefix>-paste`). */
  testIdPrefix: string;
}

/** The three ways a code reaches a page: the camera, a picture of it, or its text pasted. */
export function ScanInputs({ onCode, onPicture, continuous, size, submitLabel, testIdPrefix }: ScanInputsProps) {
  const { t } = useTranslation();
  const fileInput = useRef<HTMLInputElement>(null);
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    onPicture(await decodeQrImage(file).catch(() => null));
  };
  return (
    <>
      <Suspense fallback={null}>
        <CameraScanner onCode={onCode} continuous={continuous} />
      </Suspense>
      <Button icon={<PictureOutlined />} onClick={() => fileInput.current?.click()}>
        {t("onecode.clerk.upload")}
      </Button>
      <input
        ref={fileInput}
        type="file"
        accept="image/*"
        onChange={(e) => void onFile(e)}
        data-testid={`${testIdPrefix}-upload`}
        hidden
      />
      <Input.Search
        size={size}
        placeholder={t("onecode.clerk.pastePlaceholder")}
        enterButton={submitLabel}
        onSearch={(v) => v.trim() && onCode(v.trim())}
        data-testid={`${testIdPrefix}-paste`}
      />
    </>
  );
}
