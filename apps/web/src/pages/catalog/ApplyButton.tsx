import { CalendarOutlined, CloudUploadOutlined, EnvironmentOutlined, FileSearchOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import type { Me, ServiceItem } from "@yiwang/contracts";
import { Alert, Button, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { loginPath, useMe, useSwitchActingFor } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { useMyEnterprises } from "../account/enterprises";
import { BookingDialog } from "../appointments/BookingDialog";
import { createCase } from "../cases/api";
import "../cases/cases.css";

/**
 * Which identity an item's audience needs that the signed-in person does not act as now (null: theirs
 * fits, or nobody is signed in yet): a legal-person item is applied for by an enterprise acted for, a
 * natural-person item by the person themselves, and staff accounts do not apply.
 */
export function identityNeeded(audience: ServiceItem["audience"], me: Me | null | undefined) {
  if (!me) return null;
  if (me.kind !== "citizen") return "citizen" as const;
  if (audience === "legal_person" && !me.actingFor) return "enterprise" as const;
  if (audience === "natural_person" && me.actingFor) return "personal" as const;
  return null;
}

/**
 * The identity the item needs, and the switch to it in place: each enterprise the person may act for, or
 * back to acting as themselves. (Applying as the wrong identity would only be refused with a 403.)
 */
function IdentityHint({ need }: { need: "enterprise" | "personal" | "citizen" }) {
  const { t } = useTranslation();
  const enterprises = useMyEnterprises(need === "enterprise");
  const switcher = useSwitchActingFor();
  const message =
    need === "enterprise"
      ? t("cases.apply.needEnterprise")
      : need === "personal"
        ? t("applyAs.needPersonal")
        : t("applyAs.staff");
  return (
    <Alert
      type="warning"
      showIcon
      className="yw-apply-hint"
      data-testid="apply-identity"
      message={message}
      description={
        need === "citizen" ? null : (
          <Space wrap>
            {need === "enterprise" &&
              enterprises.data?.items.map((e) => (
                <Button
                  key={e.id}
                  size="small"
                  type="primary"
                  loading={switcher.isPending && switcher.variables === e.id}
                  onClick={() => switcher.mutate(e.id)}
                  data-testid={`apply-as-${e.uscc}`}
                >
                  {t("applyAs.actAs", { name: e.name })}
                </Button>
              ))}
            {need === "personal" && (
              <Button
                size="small"
                type="primary"
                loading={switcher.isPending}
                onClick={() => switcher.mutate(null)}
                data-testid="apply-as-self"
              >
                {t("applyAs.backToSelf")}
              </Button>
            )}
            <Link to="/account/enterprises">
              {need === "enterprise" && enterprises.data?.items.length === 0
                ? t("applyAs.bindEnterprise")
                : t("cases.apply.switchEnterprise")}
            </Link>
          </Space>
        )
      }
    />
  );
}

/**
 * What "apply" means depends on the item's online depth (网办深度): 4 fully online and 3 online pre-review
 * start a draft case (for the current published version) and open it; 2 is booking a visit to the hall
 * (网上预约, the booking dialog); 1 the service hall only, where booking a visit is offered too. Visitors log in first and come back;
 * a signed-in person acting as the wrong identity is told which one the item needs and may switch here.
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
    return (
      <>
        <Alert type="info" showIcon icon={<EnvironmentOutlined />} message={t("catalog.guide.applyWindow")} />
        <Button
          size="large"
          icon={<CalendarOutlined />}
          onClick={() => setOpen(true)}
          data-testid="apply"
          block
          className="yw-apply-hint"
        >
          {t("appointments.book.open")}
        </Button>
        <BookingDialog item={item} open={open} onClose={() => setOpen(false)} />
      </>
    );
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
  const need = online ? identityNeeded(item.audience, me.data) : null;

  const onClick = () => {
    if (!online) return setOpen(true);
    if (!me.data) return navigate(loginPath("citizen", `${location.pathname}${location.search}`));
    create.mutate();
  };

  return (
    <>
      {need && <IdentityHint need={need} />}
      <Button
        type="primary"
        size="large"
        icon={icon}
        onClick={onClick}
        loading={create.isPending}
        disabled={me.isPending || need !== null}
        data-testid="apply"
        block
      >
        {label}
      </Button>
      {create.isError && (
        <Alert type="error" showIcon role="alert" className="yw-apply-hint" message={errorText(create.error)} />
      )}
      {!online && <BookingDialog item={item} open={open} onClose={() => setOpen(false)} />}
    </>
  );
}
