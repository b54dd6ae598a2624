import { CalendarOutlined, CloudUploadOutlined, EnvironmentOutlined, FileSearchOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import type { ServiceItem } from "@yiwang/contracts";
import { Alert, Button, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { loginPath, useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { createCase } from "../cases/api";
import "../cases/cases.css";

/**
 * What "apply" means depends on the item's online depth (网办深度): 4 fully online and 3 online pre-review
 * start a draft case (for the current published version) and open it; 2 is booking an appointment (not
 * online yet, the dialog says so); 1 the service hall only (no button). Visitors log in first and come back.
 */
export function ApplyButton({ item }: { item: ServiceItem }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const create = useMutation({
    mutationFn: () => createCase(item.code),
    onSuccess: (detail) => navigate(`/cases/${detail.id}`),
  });
  if (item.onlineDepth === 1)
    return <Alert type="info" showIcon icon={<EnvironmentOutlined />} message={t("catalog.guide.applyWindow")} />;
  const label =
    item.onlineDepth === 4
      ? t("catalog.guide.apply")
      : item.onlineDepth === 3
        ? t("catalog.guide.applyPrecheck")
        : t("catalog.guide.applyBooking");
  const icon =
    item.onlineDepth === 4 ? (
      <CloudUploadOutlined />
    ) : item.onlineDepth === 3 ? (
      <FileSearchOutlined />
    ) : (
      <CalendarOutlined />
    );
  const online = item.onlineDepth >= 3;
  const needsEnterprise = item.audience === "legal_person" && me.data?.kind === "citizen" && !me.data.actingFor;

  const onClick = () => {
    if (!online) return setOpen(true);
    if (!me.data) return navigate(loginPath("citizen", `${location.pathname}${location.search}`));
    create.mutate();
  };

  return (
    <>
      {needsEnterprise && (
        <Alert
          type="info"
          showIcon
          className="yw-apply-hint"
          message={t("cases.apply.needEnterprise")}
          action={<Link to="/account/enterprises">{t("cases.apply.switchEnterprise")}</Link>}
        />
      )}
      <Button
        type="primary"
        size="large"
        icon={icon}
        onClick={onClick}
        loading={create.isPending}
        disabled={me.isPending}
        data-testid="apply"
        block
      >
        {label}
      </Button>
      {create.isError && (
        <Alert type="error" showIcon role="alert" className="yw-apply-hint" message={errorText(create.error)} />
      )}
      <Modal
        open={open}
        title={label}
        onCancel={() => setOpen(false)}
        onOk={() => setOpen(false)}
        cancelButtonProps={{ style: { display: "none" } }}
      >
        <p>{t("catalog.guide.applyNotice", { version: item.version })}</p>
      </Modal>
    </>
  );
}
