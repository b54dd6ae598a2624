import { AppstoreAddOutlined, EnvironmentOutlined } from "@ant-design/icons";
import { useMutation, useQueries } from "@tanstack/react-query";
import type { Bundle } from "@yiwang/contracts";
import { Alert, Button } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { loginPath, useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { createBundleApplication } from "../cases/api";
import "../cases/cases.css";
import { guideQuery } from "./queries";

/**
 * 一次申报: one application for the whole bundle — a draft case per item, filled in one by one and submitted
 * together. As with a single item, visitors log in first and come back; legal-person items need the
 * enterprise identity (and personal-only items the personal one), which the hint above the button says.
 */
export function BundleApplyButton({ bundle }: { bundle: Bundle }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const errorText = useErrorText();
  const codes = bundle.items.flatMap((s) => (typeof s === "string" ? [s] : s.parallel));
  // Who may apply is each item's audience (not part of the bundle's member summary).
  const audiences = useQueries({
    queries: codes.map((code) => guideQuery(code)),
    combine: (results) => results.map((r) => r.data?.audience),
  });
  const create = useMutation({
    mutationFn: () => createBundleApplication(bundle.code),
    onSuccess: (app) => navigate(`/cases/bundles/${app.id}`),
  });

  if (bundle.members.some((m) => m.onlineDepth < 3))
    return <Alert type="info" showIcon icon={<EnvironmentOutlined />} message={t("cases.bundle.notOnline")} />;

  const legal = audiences.includes("legal_person");
  const personal = audiences.includes("natural_person");
  const citizen = me.data?.kind === "citizen";
  const acting = citizen && !!me.data?.actingFor;
  const hint =
    legal && personal
      ? { message: t("cases.bundle.mixedAudience"), action: null }
      : legal && citizen && !acting
        ? { message: t("cases.apply.needEnterprise"), action: t("cases.apply.switchEnterprise") }
        : personal && acting
          ? { message: t("cases.bundle.needPersonal"), action: t("cases.apply.switchEnterprise") }
          : null;

  const onClick = () => {
    if (!me.data) return navigate(loginPath("citizen", `${location.pathname}${location.search}`));
    create.mutate();
  };

  return (
    <div className="yw-bundle-apply">
      {hint && (
        <Alert
          type="info"
          showIcon
          className="yw-apply-hint"
          message={hint.message}
          action={hint.action ? <Link to="/account/enterprises">{hint.action}</Link> : undefined}
          data-testid="bundle-apply-hint"
        />
      )}
      <Button
        type="primary"
        size="large"
        icon={<AppstoreAddOutlined />}
        onClick={onClick}
        loading={create.isPending}
        disabled={me.isPending || (legal && personal)}
        data-testid="bundle-apply"
      >
        {t("catalog.bundle.apply")}
      </Button>
      <p className="yw-cell-sub yw-note">{t("cases.bundle.applyHint")}</p>
      {create.isError && (
        <Alert type="error" showIcon role="alert" className="yw-apply-hint" message={errorText(create.error)} />
      )}
    </div>
  );
}
