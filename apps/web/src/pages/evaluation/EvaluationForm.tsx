import type { GiveEvaluationRequest, IndicatorSet } from "@yiwang/contracts";
import { EVALUATION_TEXT_MAX } from "@yiwang/contracts/vocabularies";
import { Alert, Button, Collapse, Input, Rate } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PhotoPicker } from "./PhotoPicker";
import { LEVELS, type Level, levelKey } from "./vocab";

/**
 * The evaluation itself, for the citizen's page and the kiosk: five large level buttons (one tap), the
 * reason tags the indicator set offers for that level, optional detail scores and text, one submit.
 * Opening it and rating "非常满意" takes two taps: the level, then submit. `uploadPhoto` (the citizen's page,
 * not the kiosk) offers an optional photo, uploaded when picked.
 */
export function EvaluationForm({
  set,
  pending,
  error,
  onSubmit,
  uploadPhoto,
}: {
  set: IndicatorSet;
  pending: boolean;
  error: unknown;
  onSubmit: (body: Omit<GiveEvaluationRequest, "channel">) => void;
  uploadPhoto?: (file: File) => Promise<{ id: string }>;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.resolvedLanguage === "en";
  const [level, setLevel] = useState<Level | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [scores, setScores] = useState<Record<string, number>>({});
  const [text, setText] = useState("");
  const [tried, setTried] = useState(false);
  const [photoId, setPhotoId] = useState<string | undefined>(undefined);
  const [uploading, setUploading] = useState(false);
  const reasons = level ? set.reasons.filter((r) => r.levels.includes(level)) : [];
  const bad = level !== null && level <= 2;
  const choose = (l: Level) => {
    setLevel(l);
    setTags((ts) => ts.filter((tag) => set.reasons.find((r) => r.code === tag)?.levels.includes(l)));
  };
  const toggle = (code: string) => setTags((ts) => (ts.includes(code) ? ts.filter((x) => x !== code) : [...ts, code]));
  const submit = () => {
    setTried(true);
    if (level === null) return;
    onSubmit({ level, tags, scores, text, ...(photoId ? { photoId } : {}) });
  };
  const details = set.indicators.filter((i) => i.code !== "overall");

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      data-testid="evaluation-form"
    >
      <fieldset className="yw-eval-levels">
        <legend className="yw-panel-title">{t("evaluation.evaluate.question")}</legend>
        {LEVELS.map((l) => (
          <button
            key={l}
            type="button"
            className="yw-eval-level"
            aria-pressed={level === l}
            data-bad={l <= 2}
            data-testid={`level-${l}`}
            onClick={() => choose(l)}
          >
            {t(levelKey(l))}
          </button>
        ))}
      </fieldset>
      {tried && level === null && <Alert type="warning" showIcon message={t("evaluation.evaluate.pickLevel")} />}
      {reasons.length > 0 && (
        <fieldset className="yw-eval-section yw-eval-tags">
          <legend className="yw-eval-meta">{t("evaluation.evaluate.reasons")}</legend>
          {reasons.map((r) => (
            <button
              key={r.code}
              type="button"
              className="yw-eval-tag"
              aria-pressed={tags.includes(r.code)}
              onClick={() => toggle(r.code)}
            >
              {en ? r.en : r.zh}
            </button>
          ))}
        </fieldset>
      )}
      {bad && <Alert type="info" showIcon message={t("evaluation.evaluate.badHint")} />}
      {details.length > 0 && (
        <Collapse
          ghost
          className="yw-eval-section"
          items={[
            {
              key: "more",
              label: t("evaluation.evaluate.more"),
              children: details.map((i) => (
                <div key={i.code} className="yw-eval-section">
                  <div className="yw-eval-meta">{en ? i.en : i.zh}</div>
                  <Rate
                    value={scores[i.code] ?? 0}
                    onChange={(v) => setScores((s) => ({ ...s, [i.code]: v }))}
                    aria-label={en ? i.en : i.zh}
                    style={{ fontSize: 30 }}
                  />
                </div>
              )),
            },
          ]}
        />
      )}
      <div className="yw-eval-section">
        <div className="yw-eval-meta" id="eval-text">
          {t("evaluation.evaluate.text")}
        </div>
        <Input.TextArea
          aria-labelledby="eval-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={EVALUATION_TEXT_MAX}
          showCount
          autoSize={{ minRows: 3 }}
          placeholder={t("evaluation.evaluate.textPlaceholder")}
        />
      </div>
      {uploadPhoto && <PhotoPicker upload={uploadPhoto} onChange={setPhotoId} onBusy={setUploading} />}
      {Boolean(error) && <ErrorAlert error={error} />}
      <Button
        type="primary"
        htmlType="submit"
        className="yw-eval-submit"
        disabled={uploading}
        loading={pending}
        data-testid="evaluation-submit"
      >
        {t("evaluation.evaluate.submit")}
      </Button>
    </form>
  );
}
