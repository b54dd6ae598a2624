import { Button, Checkbox, Input, message } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "../../shared/useErrorText";
import { useQuickApply } from "./api";

/**
 * 快申快享: the facts are the registry's (shown read-only above this form by the calculator's explanation),
 * so the enterprise only gives and confirms the account to be paid.
 */
export function QuickApplyForm({ benefitId }: { benefitId: string }) {
  const { t } = useTranslation();
  const apply = useQuickApply();
  const errorText = useErrorText();
  const [account, setAccount] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const valid = /^\d{8,30}$/.test(account);
  return (
    <div className="yw-policies-quick" data-testid="policies-quick-form">
      <p>{t("policies.portal.quickHint")}</p>
      <Input
        aria-label={t("policies.portal.bankAccount")}
        placeholder={t("policies.portal.bankAccount")}
        inputMode="numeric"
        value={account}
        onChange={(e) => setAccount(e.target.value.replace(/\s/g, ""))}
        status={account && !valid ? "error" : undefined}
      />
      <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)}>
        {t("policies.portal.confirmAccount")}
      </Checkbox>
      <Button
        type="primary"
        disabled={!valid || !confirmed}
        loading={apply.isPending}
        onClick={async () => {
          try {
            const r = await apply.mutateAsync({ id: benefitId, bankAccount: account });
            message.success(t("policies.portal.applied", { date: r.dueOn ?? "", number: r.caseNumber ?? "" }));
          } catch (err) {
            message.error(errorText(err));
          }
        }}
      >
        {t("policies.portal.apply")}
      </Button>
    </div>
  );
}
