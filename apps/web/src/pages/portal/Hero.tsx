import { useTranslation } from "react-i18next";

export function Hero() {
  const { t } = useTranslation();
  return (
    <section className="yw-hero">
      <div className="yw-container">
        <h1 className="yw-hero-title">{t("home.mission")}</h1>
        <p className="yw-hero-intro">{t("home.intro")}</p>
      </div>
    </section>
  );
}
