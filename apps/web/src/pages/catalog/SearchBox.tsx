import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import "./catalog.css";

/**
 * The one search box: Enter or the button opens the results page for the typed words. A native search
 * field rather than antd's Input.Search: it sits on the landing page, and Input pulls antd's form
 * machinery (about 18 kB gzip) into the first load. Styled as antd's (see .yw-searchbox in catalog.css).
 */
export function SearchBox({ initial = "", size = "large" }: { initial?: string; size?: "large" | "middle" }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  useEffect(() => setValue(initial), [initial]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = value.trim();
    if (text) navigate(`/services/search?q=${encodeURIComponent(text)}`);
  };
  return (
    <form className={`yw-searchbox yw-searchbox-${size} yw-catalog-search`} onSubmit={submit}>
      <input
        type="search"
        className="yw-searchbox-input"
        data-testid="catalog-search"
        value={value}
        maxLength={100}
        placeholder={t("catalog.searchPlaceholder")}
        aria-label={t("catalog.searchLabel")}
        enterKeyHint="search"
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" className="yw-searchbox-button">
        {t("catalog.searchButton")}
      </button>
    </form>
  );
}
