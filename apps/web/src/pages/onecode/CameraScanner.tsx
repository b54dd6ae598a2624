import { CameraOutlined, StopOutlined } from "@ant-design/icons";
import { Alert, Button } from "antd";
import jsQR from "jsqr";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * Camera scanning for the window's page and the gate page: the browser's BarcodeDetector where it exists
 * (Chrome on Android, macOS), else frames drawn on a canvas and decoded by jsQR. A modest rate (about five
 * frames a second, each scaled to at most 640 px) keeps a gate's phone cool; a decoded text is reported once
 * until another is seen or REPEAT_MS has passed. Loaded lazily: neither page pays for it until it opens.
 */

const FRAME_MS = 200;
const MAX_SIDE = 640;
/** The same code in front of the camera is not reported again within this time. */
const REPEAT_MS = 3000;

type Problem = "denied" | "noCamera" | "failed";

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type DetectorClass = (new (o: { formats: string[] }) => Detector) & { getSupportedFormats?: () => Promise<string[]> };

/** BarcodeDetector for QR codes when the browser has one, else null (jsQR then). */
async function nativeDetector(): Promise<Detector | null> {
  const Ctor = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (!Ctor) return null;
  try {
    const formats = (await Ctor.getSupportedFormats?.()) ?? ["qr_code"];
    return formats.includes("qr_code") ? new Ctor({ formats: ["qr_code"] }) : null;
  } catch {
    return null;
  }
}

function problemOf(e: unknown): Problem {
  const name = (e as { name?: string })?.name;
  if (name === "NotAllowedError" || name === "SecurityError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "NotReadableError") return "noCamera";
  return "failed";
}

/** One frame: the native detector's answer, or jsQR's over the scaled-down pixels. */
async function readFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement, detector: Detector | null) {
  if (video.readyState < 2 || !video.videoWidth) return null;
  if (detector) return (await detector.detect(video))[0]?.rawValue ?? null;
  const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
  canvas.width = Math.round(video.videoWidth * scale);
  canvas.height = Math.round(video.videoHeight * scale);
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
  const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(data, width, height, { inversionAttempts: "dontInvert" })?.data ?? null;
}

export interface CameraScannerProps {
  onCode: (text: string) => void;
  /** Keep scanning after a code (a gate); else the camera stops at the first code (a window). */
  continuous?: boolean;
}

export default function CameraScanner({ onCode, continuous = false }: CameraScannerProps) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const [on, setOn] = useState(false);
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [engine, setEngine] = useState<"native" | "jsqr" | null>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  const stop = useCallback(() => {
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
    setOn(false);
  }, []);

  useEffect(() => stop, [stop]);

  const start = async () => {
    setProblem(null);
    if (!navigator.mediaDevices?.getUserMedia) return setProblem("noCamera");
    setStarting(true);
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
      setOn(true);
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setStarting(false);
    }
  };

  // While the camera is on: show it, and read a frame every FRAME_MS (one at a time, never piling up).
  useEffect(() => {
    const el = video.current;
    if (!on || !el || !stream.current) return;
    el.srcObject = stream.current;
    void el.play().catch(() => {});
    const canvas = document.createElement("canvas");
    let detector: Detector | null = null;
    let cancelled = false;
    let last = { text: "", at: 0 };
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const text = await readFrame(el, canvas, detector);
        if (cancelled) return;
        const now = Date.now();
        if (text && (text !== last.text || now - last.at > REPEAT_MS)) {
          last = { text, at: now };
          onCodeRef.current(text);
          if (!continuous) return stop();
        }
      } catch {
        // A frame that cannot be read (the stream ending, a detector hiccup): try the next one.
      }
      if (!cancelled) timer = setTimeout(() => void tick(), FRAME_MS);
    };
    void nativeDetector().then((d) => {
      detector = d;
      setEngine(d ? "native" : "jsqr");
      if (!cancelled) void tick();
    });
    return () => {
      cancelled = true;
      clearTimeout(timer);
      el.srcObject = null;
    };
  }, [on, continuous, stop]);

  return (
    <div className="yw-onecode-camera" data-testid="onecode-camera" data-on={on} data-engine={engine ?? ""}>
      {on ? (
        <>
          <video ref={video} className="yw-onecode-video" muted playsInline autoPlay />
          <Button icon={<StopOutlined />} onClick={stop} data-testid="onecode-camera-stop">
            {t("onecode.camera.stop")}
          </Button>
        </>
      ) : (
        <Button
          type="primary"
          size="large"
          icon={<CameraOutlined />}
          loading={starting}
          onClick={() => void start()}
          data-testid="onecode-camera-start"
        >
          {t("onecode.camera.start")}
        </Button>
      )}
      {problem && (
        <Alert
          type="warning"
          showIcon
          data-testid="onecode-camera-problem"
          data-problem={problem}
          message={t(`onecode.camera.${problem}`)}
          description={t("onecode.camera.fallback")}
        />
      )}
    </div>
  );
}
