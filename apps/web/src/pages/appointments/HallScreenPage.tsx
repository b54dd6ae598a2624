import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useLiveScreen } from "./api";
import "./appointments.css";

function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(id);
  }, []);
  return <span className="yw-hall-screen-clock">{now.toLocaleTimeString([], { hour12: false })}</span>;
}

/**
 * /hall/:id/screen — 叫号屏 for the hall's TV (public; numbers and windows only): the latest call large, the
 * recent ones below it, waiting counts per window type; live over SSE.
 */
export function HallScreenPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const { id = "" } = useParams();
  const { screen, connected } = useLiveScreen(id);
  const [latest, ...earlier] = screen?.called ?? [];
  return (
    <div className="yw-hall-screen" data-testid="hall-screen" data-connected={connected}>
      <h1>
        <span>{screen ? (en ? (screen.nameEn ?? screen.name) : screen.name) : t("appointments.screen.title")}</span>
        <Clock />
      </h1>
      <div className="yw-hall-screen-main">
        <div className="yw-hall-screen-latest" aria-live="polite">
          {latest ? (
            <>
              <div className="label" data-testid="screen-latest" data-label={latest.label}>
                {latest.label}
              </div>
              <div className="window">{t("appointments.screen.goTo", { window: latest.window })}</div>
            </>
          ) : (
            <div className="window">{t("appointments.screen.none")}</div>
          )}
        </div>
        <table>
          <thead>
            <tr>
              <th>{t("appointments.screen.number")}</th>
              <th>{t("appointments.screen.window")}</th>
            </tr>
          </thead>
          <tbody>
            {earlier.map((c) => (
              <tr key={`${c.label}-${c.calledAt}`} data-testid="screen-called" data-label={c.label}>
                <td>{c.label}</td>
                <td>{c.window}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="yw-hall-screen-waiting">
        {screen?.waiting.map((w) => (
          <span key={w.windowTypeId}>
            {en ? (w.nameEn ?? w.name) : w.name}: {t("appointments.screen.waiting", { count: w.count })}
          </span>
        ))}
      </div>
    </div>
  );
}
