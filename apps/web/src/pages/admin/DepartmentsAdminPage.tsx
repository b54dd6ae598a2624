import { EditOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Grid, Input, Table, type TableProps, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { Department } from "../../shared/contracts";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { useDepartments } from "../../shared/queries";
import { hasRole, useMe } from "../../shared/session";
import { DepartmentFormModal } from "./editing/DepartmentFormModal";
import { ReadOnlyNotice } from "./ReadOnlyNotice";

const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * The department directory as administrators see it. Filter and page live in the URL (?q=&page=&size=),
 * so a filtered view can be bookmarked or sent to a colleague, and Back undoes a page change.
 */
export function DepartmentsAdminPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get("q")?.trim() ?? "";
  const page = positiveInt(params.get("page"), 1);
  const size = PAGE_SIZES.includes(Number(params.get("size"))) ? Number(params.get("size")) : DEFAULT_PAGE_SIZE;
  // Phones get one stacked column (name, English name, code) instead of a sideways-scrolling table.
  const compact = !Grid.useBreakpoint().sm;
  const departments = useDepartments({ q: q || undefined, limit: size, offset: (page - 1) * size });
  // Platform administrators edit here; everyone else reads. undefined: no dialog; null: a new department.
  const admin = hasRole(useMe().data, "platform_admin");
  const [editing, setEditing] = useState<Department | null | undefined>(undefined);

  // The box shows what is typed; the URL (and the query) changes only on Enter or the search button.
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);

  function update(next: { q?: string; page?: number; size?: number }) {
    const merged = { q, page, size, ...next };
    const out = new URLSearchParams();
    if (merged.q) out.set("q", merged.q);
    if (merged.page > 1) out.set("page", String(merged.page));
    if (merged.size !== DEFAULT_PAGE_SIZE) out.set("size", String(merged.size));
    setParams(out);
  }

  const columns: TableProps<Department>["columns"] = [
    {
      title: t("admin.departments.colName"),
      dataIndex: "name",
      render: (name: string, d) => (
        <div>
          <div className="yw-cell-strong">{name}</div>
          {d.nameEn && <div className="yw-cell-sub">{d.nameEn}</div>}
          {compact && <div className="yw-cell-sub yw-mono">{d.code}</div>}
        </div>
      ),
    },
    {
      title: t("admin.departments.colCode"),
      dataIndex: "code",
      responsive: ["sm"],
      render: (code: string) => (
        <Typography.Text code copyable={{ text: code }}>
          {code}
        </Typography.Text>
      ),
    },
    { title: t("admin.departments.colRegion"), dataIndex: "regionCode", responsive: ["md"] },
    { title: t("admin.departments.colKey"), dataIndex: "key", responsive: ["lg"] },
    ...(admin
      ? [
          {
            title: "",
            key: "edit",
            align: "right" as const,
            render: (_: unknown, d: Department) => (
              <Button
                size="small"
                icon={<EditOutlined />}
                aria-label={t("adminStaff.editing.editDepartment", { name: d.name })}
                onClick={() => setEditing(d)}
              />
            ),
          },
        ]
      : []),
  ];

  const trail = [{ title: t("admin.title"), to: "/admin" }];
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("admin.departments.title")} subtitle={t("admin.departments.desc")} trail={trail} />
      <ReadOnlyNotice editable />
      <Panel>
        <div className="yw-toolbar">
          <Input.Search
            allowClear
            value={draft}
            maxLength={100}
            placeholder={t("admin.departments.filter")}
            aria-label={t("admin.departments.filter")}
            onChange={(e) => setDraft(e.target.value)}
            onSearch={(value) => update({ q: value.trim(), page: 1 })}
            className="yw-search"
          />
          {admin && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing(null)}
              className="yw-toolbar-action"
            >
              {t("adminStaff.editing.newDepartment")}
            </Button>
          )}
        </div>
        {departments.isError ? (
          <ErrorAlert error={departments.error} onRetry={() => void departments.refetch()} />
        ) : (
          <Table<Department>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={departments.data?.items}
            loading={departments.isFetching}
            scroll={compact ? undefined : { x: "max-content" }}
            pagination={{
              current: page,
              pageSize: size,
              total: departments.data?.total ?? 0,
              pageSizeOptions: PAGE_SIZES,
              showSizeChanger: true,
              showTotal: (total) => t("admin.departments.total", { total }),
              onChange: (p, s) => update({ page: s !== size ? 1 : p, size: s }),
            }}
          />
        )}
      </Panel>
      {admin && (
        <DepartmentFormModal
          open={editing !== undefined}
          department={editing ?? null}
          onClose={() => setEditing(undefined)}
        />
      )}
    </div>
  );
}
