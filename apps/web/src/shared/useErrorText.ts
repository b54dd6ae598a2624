import { useTranslation } from "react-i18next";
import { ApiError, NETWORK_ERROR, UNEXPECTED_RESPONSE } from "./api";

/** The message to show a person for an error, in the current language (API errors carry both). */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.code === NETWORK_ERROR) return t("common.networkError");
      if (error.status > 0 && error.code !== UNEXPECTED_RESPONSE) {
        return i18n.resolvedLanguage === "en" ? error.messageEn : error.message;
      }
    }
    return t("common.unknownError");
  };
}
