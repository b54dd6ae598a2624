import { Button } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * A finger-drawn signature on the phone (两人执法: each inspector signs the result). Pointer events cover touch,
 * pen and mouse; `onChange` receives the PNG data URL after each stroke, or null when cleared.
 */
export function SignaturePad({ onChange }: { onChange: (png: string | null) => void }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [signed, setSigned] = useState(false);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    // Device pixels for a crisp line; the canvas is as wide as its container.
    const ratio = window.devicePixelRatio || 1;
    c.width = c.clientWidth * ratio;
    c.height = c.clientHeight * ratio;
    const ctx = c.getContext("2d");
    if (!ctx) return;
    ctx.scale(ratio, ratio);
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.strokeStyle = "#1f1f1f";
  }, []);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const clear = () => {
    const c = canvas.current;
    c?.getContext("2d")?.clearRect(0, 0, c.width, c.height);
    setSigned(false);
    onChange(null);
  };
  return (
    <div className="yw-sv-sign">
      <p>{t("supervision.inspect.sign")}</p>
      <canvas
        ref={canvas}
        data-testid="signature-pad"
        aria-label={t("supervision.inspect.sign")}
        role="img"
        className="yw-sv-sign-canvas"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drawing.current = true;
          const ctx = e.currentTarget.getContext("2d");
          const p = point(e);
          ctx?.beginPath();
          ctx?.moveTo(p.x, p.y);
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const ctx = e.currentTarget.getContext("2d");
          const p = point(e);
          ctx?.lineTo(p.x, p.y);
          ctx?.stroke();
        }}
        onPointerUp={(e) => {
          if (!drawing.current) return;
          drawing.current = false;
          setSigned(true);
          onChange(e.currentTarget.toDataURL("image/png"));
        }}
      />
      {signed && (
        <Button type="link" onClick={clear} data-testid="signature-clear">
          {t("supervision.inspect.signClear")}
        </Button>
      )}
    </div>
  );
}
