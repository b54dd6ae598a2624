import { LockOutlined, SafetyOutlined, UserOutlined } from "@ant-design/icons";
import type { PasswordChangeReason } from "@yiwang/contracts";
import { Alert, Button, Form, Input, Spin, Steps, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, type ResponseJson, unwrap } from "../../api/client";
import { LinkButton } from "../../shared/LinkButton";
import { safeNext, useAfterLogin, useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { useMediaQuery } from "../../shared/useMediaQuery";
import { AuthCard } from "../account/AuthCard";
import { CODE_PATTERN } from "../account/rules";
import { NewPasswordStep, type NewPasswordValues } from "./NewPasswordStep";

type Step = "password" | "mfa_verify" | "mfa_enroll" | "new_password";

type Enrollment = ResponseJson<"/api/identity/staff/mfa/enrollment", "post">;

/** Shows the otpauth URI as a QR code for an authenticator app, with the secret as text for typing in. */
function EnrollmentCode({ enrollment }: { enrollment: Enrollment }) {
  const { t } = useTranslation();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import("qrcode").then((QRCode) =>
      QRCode.toDataURL(enrollment.otpauthUri, { margin: 1, width: 400, errorCorrectionLevel: "M" }).then((url) => {
        if (live) setQr(url);
      }),
    );
    return () => {
      live = false;
    };
  }, [enrollment.otpauthUri]);
  return (
    <div className="yw-dev-hint">
      <p>{t("staffAuth.enrollHelp")}</p>
      {qr ? <img src={qr} alt={t("staffAuth.qrAlt")} className="yw-qr" data-testid="totp-qr" /> : <Spin />}
      <p className="yw-muted">{t("staffAuth.secretHelp")}</p>
      <Typography.Paragraph copyable={{ text: enrollment.secret }} className="yw-secret">
        <code data-testid="totp-secret">{enrollment.secret.replace(/(.{4})/g, "$1 ").trim()}</code>
      </Typography.Paragraph>
    </div>
  );
}

/**
 * Staff login: user name and password, then a TOTP code from an authenticator app. On first login the
 * account has no authenticator yet: the page shows a new secret as a QR code and asks for a code to
 * confirm the enrolment, which also completes the login. A password that expired or was issued by an
 * administrator is replaced after both factors, before the login completes (a third step).
 */
export function StaffLoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"), "/workbench");
  const navigate = useNavigate();
  const me = useMe();
  const afterLogin = useAfterLogin();
  const errorText = useErrorText();
  const [step, setStep] = useState<Step>("password");
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [changeReason, setChangeReason] = useState<PasswordChangeReason | null>(null);
  const roomy = useMediaQuery("(min-width: 576px)"); // antd's sm breakpoint
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [codeForm] = Form.useForm<{ code: string }>();

  async function run(action: () => Promise<void>) {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const login = (v: { username: string; password: string }) =>
    run(async () => {
      const res = await unwrap(
        api.POST("/api/identity/staff/login", {
          body: { username: v.username.trim().toLowerCase(), password: v.password },
        }),
      );
      if (res.next === "mfa_enroll") {
        setEnrollment(await unwrap(api.POST("/api/identity/staff/mfa/enrollment")));
      }
      setChangeReason(null);
      setStep(res.next);
    });

  async function signedIn() {
    await afterLogin();
    navigate(next, { replace: true });
  }

  const confirm = (v: { code: string }) =>
    run(async () => {
      let passed: { passwordChangeRequired: PasswordChangeReason | null };
      try {
        const body = { code: v.code };
        passed = await unwrap(
          step === "mfa_enroll"
            ? api.POST("/api/identity/staff/mfa/enroll", { body })
            : api.POST("/api/identity/staff/mfa/verify", { body }),
        );
      } catch (e) {
        codeForm.resetFields();
        throw e;
      }
      if (passed.passwordChangeRequired) {
        setChangeReason(passed.passwordChangeRequired);
        setStep("new_password");
        return;
      }
      await signedIn();
    });

  const setNewPassword = (v: NewPasswordValues) =>
    run(async () => {
      await unwrap(
        api.POST("/api/identity/staff/login/new-password", {
          body: { currentPassword: v.currentPassword, password: v.password },
        }),
      );
      await signedIn();
    });

  const signedInAlready = me.data?.kind === "staff" && step === "password";
  const current = step === "password" ? 0 : step === "new_password" ? 2 : 1;

  return (
    <AuthCard title={t("staffAuth.title")} subtitle={t("staffAuth.subtitle")}>
      {signedInAlready && (
        <Alert
          type="info"
          showIcon
          className="yw-dev-hint"
          message={t("staffAuth.already", { name: me.data?.displayName })}
          action={
            <LinkButton to={next} size="small">
              {t("staffAuth.continue")}
            </LinkButton>
          }
        />
      )}
      <Steps
        size="small"
        responsive={false}
        // Three steps side by side leave a phone too little room for their titles: one under the other there.
        direction={changeReason && !roomy ? "vertical" : "horizontal"}
        current={current}
        className="yw-steps"
        items={[
          { title: t("staffAuth.stepPassword") },
          { title: step === "mfa_enroll" ? t("staffAuth.stepEnroll") : t("staffAuth.stepTotp") },
          ...(changeReason ? [{ title: t("staffAuth.stepNewPassword") }] : []),
        ]}
      />
      {error && <Alert type="error" showIcon message={error} className="yw-dev-hint" role="alert" />}
      {step === "new_password" && changeReason ? (
        <>
          <NewPasswordStep reason={changeReason} busy={busy} onFinish={(v) => void setNewPassword(v)} />
          <div className="yw-auth-links">
            <Button type="link" onClick={() => setStep("password")} className="yw-link-button">
              {t("staffAuth.restart")}
            </Button>
          </div>
        </>
      ) : step === "password" ? (
        <Form<{ username: string; password: string }>
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => void login(v)}
        >
          <Form.Item
            name="username"
            label={t("staffAuth.username")}
            rules={[
              { required: true, whitespace: true, message: t("staffAuth.usernameRequired") },
              { min: 3, max: 32, message: t("staffAuth.usernameInvalid") },
            ]}
          >
            <Input
              prefix={<UserOutlined />}
              autoComplete="username"
              maxLength={32}
              spellCheck={false}
              autoCapitalize="off"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t("account.fields.password")}
            rules={[{ required: true, message: t("account.rules.passwordRequired") }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={128} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t("staffAuth.next")}
          </Button>
        </Form>
      ) : (
        <>
          {step === "mfa_enroll" && enrollment && <EnrollmentCode enrollment={enrollment} />}
          <Form<{ code: string }>
            form={codeForm}
            layout="vertical"
            requiredMark={false}
            onFinish={(v) => void confirm(v)}
          >
            <Form.Item
              name="code"
              label={t("staffAuth.totp")}
              extra={step === "mfa_verify" ? t("staffAuth.totpHelp") : undefined}
              rules={[
                { required: true, message: t("staffAuth.totpRequired") },
                { pattern: CODE_PATTERN, message: t("staffAuth.totpInvalid") },
              ]}
            >
              <Input
                prefix={<SafetyOutlined />}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                autoFocus
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {step === "mfa_enroll" ? t("staffAuth.enrollSubmit") : t("staffAuth.verifySubmit")}
            </Button>
          </Form>
          <div className="yw-auth-links">
            <Button type="link" onClick={() => setStep("password")} className="yw-link-button">
              {t("staffAuth.restart")}
            </Button>
          </div>
        </>
      )}
      <div className="yw-auth-links">
        <Link to="/login">{t("staffAuth.toCitizen")}</Link>
      </div>
    </AuthCard>
  );
}
