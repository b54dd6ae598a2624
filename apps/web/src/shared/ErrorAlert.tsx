import { Alert, Button } from "antd";
import { useTranslation } from "react-i18next";
import { ApiError } from "./api";
import { useErrorText } from "./useErrorText";

/** An API failure as shown to people: the localized message, the request id for support, and a retry. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert
      type="error"
      showIcon
      message={errorText(error)}
      description={requestId ? t("common.requestId", { id: requestId }) : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t("common.retry")}
          </Button>
        ) : undefined
      }
    />
  );
}
