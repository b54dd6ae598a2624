import { BankOutlined, LinkOutlined, SwapOutlined, UserOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { MyEnterprise } from "@yiwang/contracts";
import { Alert, Button, Empty, Form, Input, Spin, Tag } from "antd";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { type Me, RequireLogin, useMe, useSwitchActingFor } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { AgentsPanel } from "./AgentsPanel";
import { ENTERPRISES_KEY, isNotDeployed, useMyEnterprises } from "./enterprises";
import { USCC_PATTERN } from "./rules";
import "./account.css";
import { LinkButton } from "../../shared/LinkButton";

const SCOPES = ["case.apply", "case.view", "license.use"] as const;

function BindForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ uscc: string }>();
  const [error, setError] = useState<string | null>(null);
  const bind = useMutation({
    mutationFn: (uscc: string) => unwrap(api.POST("/api/identity/me/enterprises", { body: { uscc } })),
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ENTERPRISES_KEY });
    },
    onError: (e) => setError(errorText(e)),
  });
  return (
    <Form<{ uscc: string }>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(v) => {
        setError(null);
        bind.mutate(v.uscc);
      }}
    >
      {error && <Alert type="error" showIcon message={error} className="yw-dev-hint" role="alert" />}
      <Form.Item
        name="uscc"
        label={t("account.enterprises.uscc")}
        normalize={(v: string) => v.replace(/\s/g, "").toUpperCase()}
        rules={[
          { required: true, message: t("account.enterprises.usccRequired") },
          { pattern: USCC_PATTERN, message: t("account.enterprises.usccInvalid") },
        ]}
        extra={t("account.enterprises.bindHint")}
      >
        <Input maxLength={18} spellCheck={false} autoComplete="off" className="yw-mono" />
      </Form.Item>
      <Button type="primary" htmlType="submit" icon={<LinkOutlined />} loading={bind.isPending}>
        {t("account.enterprises.bind")}
      </Button>
    </Form>
  );
}

function EnterpriseItem({ e, me }: { e: MyEnterprise; me: Me }) {
  const { t } = useTranslation();
  const switcher = useSwitchActingFor();
  const errorText = useErrorText();
  const acting = me.actingFor?.enterpriseId === e.id;
  const scopeName = (s: string) =>
    (SCOPES as readonly string[]).includes(s) ? t(`account.scopes.${s as (typeof SCOPES)[number]}`) : s;
  return (
    <div className="yw-enterprise-item" data-testid={`enterprise-${e.uscc}`}>
      <div className="yw-enterprise-head">
        <div>
          <div className="yw-enterprise-name">
            {e.name}{" "}
            <Tag color={e.as === "representative" ? "blue" : "cyan"}>{t(`account.enterprises.as.${e.as}`)}</Tag>
            {acting && <Tag color="orange">{t("account.enterprises.actingNow")}</Tag>}
          </div>
          <div className="yw-cell-sub yw-mono">{e.uscc}</div>
          {e.as === "agent" && (
            <div className="yw-cell-sub">
              {e.scopes.map((s) => (
                <Tag key={s}>{scopeName(s)}</Tag>
              ))}
              {e.expiresAt &&
                t("account.enterprises.until", { date: formatPlatformDateTime(e.expiresAt).slice(0, 10) })}
            </div>
          )}
        </div>
        {acting ? (
          <Button icon={<UserOutlined />} loading={switcher.isPending} onClick={() => switcher.mutate(null)}>
            {t("account.acting.backToSelf")}
          </Button>
        ) : (
          <Button
            type="primary"
            icon={<SwapOutlined />}
            loading={switcher.isPending}
            onClick={() => switcher.mutate(e.id)}
          >
            {t("account.acting.switchTo")}
          </Button>
        )}
      </div>
      {switcher.isError && <Alert type="error" showIcon message={errorText(switcher.error)} className="yw-note" />}
      {e.as === "representative" && <AgentsPanel enterpriseId={e.id} />}
    </div>
  );
}

function Enterprises() {
  const { t } = useTranslation();
  const me = useMe();
  const data = me.data;
  const citizen = data?.kind === "citizen";
  const list = useMyEnterprises(citizen);
  if (!data) return null;
  if (!citizen) return <Alert type="info" showIcon message={t("account.enterprises.citizenOnly")} />;

  let body: ReactNode;
  if (list.isPending) body = <Spin />;
  else if (list.isError)
    body = isNotDeployed(list.error) ? (
      <Alert type="info" showIcon message={t("account.common.comingSoon")} />
    ) : (
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
    );
  else if (list.data.items.length === 0) body = <Empty description={t("account.enterprises.empty")} />;
  else body = list.data.items.map((e) => <EnterpriseItem key={e.id} e={e} me={data} />);

  return (
    <div className="yw-account-grid">
      <Panel title={t("account.acting.title")} icon={<SwapOutlined />}>
        <p data-testid="acting-status">
          {data.actingFor
            ? t("account.acting.asEnterprise", { name: data.actingFor.name })
            : t("account.acting.asSelf", { name: data.realName ?? data.displayName })}
        </p>
        <p className="yw-muted">{t("account.acting.help")}</p>
      </Panel>
      <Panel title={t("account.enterprises.bindTitle")} icon={<LinkOutlined />}>
        {data.realnameLevel < 2 ? (
          <Alert
            type="warning"
            showIcon
            message={t("account.enterprises.needRealname")}
            action={
              <LinkButton to="/account/realname" size="small" type="primary">
                {t("account.profile.goRealname")}
              </LinkButton>
            }
          />
        ) : (
          <BindForm />
        )}
      </Panel>
      <Panel title={t("account.enterprises.listTitle")} icon={<BankOutlined />} className="yw-span-2">
        {body}
      </Panel>
    </div>
  );
}

/** My enterprises: bind one as its legal representative, act for it explicitly, and authorise agents. */
export function EnterprisesPage() {
  const { t } = useTranslation();
  const trail = [{ title: t("account.profile.title"), to: "/account" }];
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("account.enterprises.title")} subtitle={t("account.enterprises.subtitle")} trail={trail} />
      <RequireLogin>
        <Enterprises />
      </RequireLogin>
    </div>
  );
}
