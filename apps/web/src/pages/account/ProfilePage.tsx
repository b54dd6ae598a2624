import {
  BankOutlined,
  IdcardOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { Alert, Button, Descriptions, Space, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { type Me, RequireLogin, useLogout, useMe } from "../../shared/session";
import { PasswordPanel } from "./PasswordPanel";
import { SessionsPanel } from "./SessionsPanel";
import "./account.css";
import { LinkButton } from "../../shared/LinkButton";

export function RealnameTag({ level }: { level: 1 | 2 | 3 }) {
  const { t } = useTranslation();
  const color = level >= 3 ? "gold" : level === 2 ? "green" : "default";
  return (
    <Tag color={color} data-testid="realname-level">
      {t(`account.level.l${level}`)}
    </Tag>
  );
}

function Basics({ me }: { me: Me }) {
  const { t } = useTranslation();
  const dash = "—";
  const citizen = me.kind === "citizen";
  const items = [
    { key: "displayName", label: t("account.fields.displayName"), children: me.displayName },
    ...(me.username ? [{ key: "username", label: t("account.fields.username"), children: me.username }] : []),
    ...(me.phoneMasked
      ? [
          {
            key: "phone",
            label: t("account.fields.phone"),
            children: <span className="yw-mono">{me.phoneMasked}</span>,
          },
        ]
      : []),
    ...(citizen
      ? [
          { key: "level", label: t("account.profile.level"), children: <RealnameTag level={me.realnameLevel} /> },
          { key: "realName", label: t("account.fields.realName"), children: me.realName ?? dash },
          {
            key: "idNumber",
            label: t("account.fields.idNumber"),
            children: (
              <span className="yw-mono" data-testid="id-number-masked">
                {me.idNumberMasked ?? dash}
              </span>
            ),
          },
          {
            key: "verifiedAt",
            label: t("account.profile.verifiedAt"),
            children: me.realnameVerifiedAt ? formatPlatformDateTime(me.realnameVerifiedAt) : dash,
          },
        ]
      : [
          { key: "department", label: t("account.profile.department"), children: me.department?.name ?? dash },
          {
            key: "roles",
            label: t("account.profile.roles"),
            children: me.roles.length ? me.roles.map((r) => <Tag key={r}>{t(`account.roles.${r}`)}</Tag>) : dash,
          },
          {
            key: "mfa",
            label: t("account.profile.mfa"),
            children: me.mfaEnabled ? (
              <Tag color="green">{t("account.profile.mfaOn")}</Tag>
            ) : (
              <Tag>{t("account.profile.mfaOff")}</Tag>
            ),
          },
        ]),
  ];
  return <Descriptions column={1} size="small" items={items} className="yw-kv" />;
}

function Profile() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const [params] = useSearchParams();

  if (me.isError) return <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />;
  const data = me.data;
  if (!data) return null;
  const citizen = data.kind === "citizen";

  return (
    <>
      {params.get("welcome") && (
        <Alert
          type="success"
          showIcon
          className="yw-readonly"
          message={t("account.profile.welcome")}
          description={data.realnameLevel < 2 ? t("account.profile.welcomeRealname") : undefined}
        />
      )}
      {params.get("verified") && (
        <Alert type="success" showIcon className="yw-readonly" message={t("account.profile.verified")} />
      )}
      <div className="yw-account-grid">
        <Panel
          title={t("account.profile.basics")}
          icon={<UserOutlined />}
          extra={citizen ? <RealnameTag level={data.realnameLevel} /> : undefined}
        >
          <Basics me={data} />
          <Space wrap className="yw-note">
            {citizen && data.realnameLevel < 2 && (
              <LinkButton to="/account/realname" type="primary" icon={<SafetyCertificateOutlined />}>
                {t("account.profile.goRealname")}
              </LinkButton>
            )}
            {citizen && (
              <LinkButton to="/account/enterprises" icon={<BankOutlined />}>
                {t("account.enterprises.title")}
              </LinkButton>
            )}
            <Button icon={<LogoutOutlined />} loading={logout.isPending} onClick={() => logout.mutate()}>
              {t("account.menu.logout")}
            </Button>
          </Space>
        </Panel>
        {citizen ? (
          <Panel title={t("account.profile.realnameTitle")} icon={<IdcardOutlined />}>
            <p className="yw-muted">
              {t(data.realnameLevel >= 2 ? "account.profile.realnameDone" : "account.profile.realnameTodo")}
            </p>
            <p className="yw-muted">{t("account.profile.maskNote")}</p>
          </Panel>
        ) : (
          <Panel title={t("account.profile.staffTitle")} icon={<IdcardOutlined />}>
            <p className="yw-muted">{t("account.profile.staffNote")}</p>
          </Panel>
        )}
        <SessionsPanel />
        <PasswordPanel />
      </div>
    </>
  );
}

/** My account: who I am (personal data masked as the server sends it), my sessions, my password. */
export function ProfilePage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("account.profile.title")} subtitle={t("account.profile.subtitle")} />
      <RequireLogin>
        <Profile />
      </RequireLogin>
    </div>
  );
}
