import { BankOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { departmentName } from "../../shared/departmentName";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { Panel } from "../../shared/Panel";
import { EmptyNote, LoadingLines } from "../../shared/Placeholders";
import { useDepartments } from "../../shared/queries";

/** The portal's department directory: every department with its unified social credit code. */
export function DepartmentsCard() {
  const { t, i18n } = useTranslation();
  const departments = useDepartments({ limit: 100, offset: 0 });

  return (
    <Panel
      title={t("home.departments.title")}
      icon={<BankOutlined />}
      extra={departments.data && t("home.departments.total", { count: departments.data.total })}
    >
      {departments.isPending ? (
        <LoadingLines rows={6} />
      ) : departments.isError ? (
        <ErrorAlert error={departments.error} onRetry={() => void departments.refetch()} />
      ) : departments.data.items.length === 0 ? (
        <EmptyNote>{t("home.departments.empty")}</EmptyNote>
      ) : (
        <ul className="yw-dept-grid" data-testid="departments">
          {departments.data.items.map((d) => (
            <li key={d.id} className="yw-dept">
              <span className="yw-dept-icon" aria-hidden="true">
                <BankOutlined />
              </span>
              <span className="yw-dept-text">
                <span className="yw-dept-name">{departmentName(d, i18n.resolvedLanguage)}</span>
                <span className="yw-dept-code" title={t("home.departments.code")}>
                  <span className="yw-visually-hidden">{t("home.departments.code")} </span>
                  {d.code}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
