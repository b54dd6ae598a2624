import { Input } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

/** The one search box: Enter or the button opens the results page for the typed words. */
export function SearchBox({ initial = "", size = "large" }: { initial?: string; size?: "large" | "middle" }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  useEffect(() => setValue(initial), [initial]);
  return (
    <Input.Search
      className="yw-catalog-search"
      data-testid="catalog-search"
      value={value}
      size={size}
      maxLength={100}
      allowClear
      enterButton={t("catalog.searchButton")}
      placeholder={t("catalog.searchPlaceholder")}
      aria-label={t("catalog.searchLabel")}
      onChange={(e) => setValue(e.target.value)}
      onSearch={(q) => {
        const text = q.trim();
        if (text) navigate(`/services/search?q=${encodeURIComponent(text)}`);
      }}
    />
  );
}
