import { useTranslation } from "react-i18next";
import { setElderMode, useElderMode } from "../shared/elderMode";

/**
 * The 长辈版 toggle in the header: a plain toggle button (aria-pressed) styled like the language switch, so
 * it adds no antd code to the first load. Its text stays visible on phones: an older visitor looks for the word.
 */
export function ElderSwitch() {
  const { t } = useTranslation();
  const on = useElderMode();
  return (
    <button
      type="button"
      className={on ? "yw-elder-switch yw-elder-switch-on" : "yw-elder-switch"}
      aria-pressed={on}
      title={t(on ? "elder.turnOff" : "elder.turnOn")}
      data-testid="elder-switch"
      onClick={() => setElderMode(!on)}
    >
      {t("elder.label")}
    </button>
  );
}
