import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { AccountProposal } from "@yiwang/contracts";
import { Alert, Button, Input, Modal, Popconfirm, Space, Table, type TableProps, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatPlatformDateTime } from "../../../shared/dates";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { useDepartments } from "../../../shared/queries";
import { useErrorText } from "../../../shared/useErrorText";
import { STAFF_KEY, useStaffList } from "../staff/staffApi";
import { ProposeModal } from "./ProposeModal";
import { approveProposal, PROPOSALS_KEY, refuseProposal, useProposals } from "./securityApi";

const PAGE_SIZE = 20;
const STATUS_COLOR = { pending: "gold", approved: "green", refused: "default", expired: "default" } as const;

/**
 * Dual control: security admins propose (`canPropose`), auditors approve or refuse (`canDecide`). The server
 * refuses the proposer and the account concerned; the buttons only follow the roles.
 */
export function ProposalsPanel({ canPropose, canDecide }: { canPropose: boolean; canDecide: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [page, setPage] = useState(1);
  const [proposing, setProposing] = useState(false);
  const [refusing, setRefusing] = useState<AccountProposal | null>(null);
  const [note, setNote] = useState("");
  const [oneTime, setOneTime] = useState<{ username: string; password: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useProposals({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, true);
  const staff = useStaffList({ limit: 200, offset: 0 }, true);
  const departments = useDepartments({ limit: 500, offset: 0 });
  const name = new Map((staff.data?.items ?? []).map((s) => [s.id, `${s.displayName} (${s.username})`]));
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: PROPOSALS_KEY });
    void qc.invalidateQueries({ queryKey: STAFF_KEY });
  };
  const failed = (e: unknown) => {
    setNotice(null);
    setError(errorText(e));
    refresh();
  };

  const approve = useMutation({
    mutationFn: (p: AccountProposal) => approveProposal(p.id),
    onSuccess: (r) => {
      setError(null);
      if (r.oneTimePassword) setOneTime({ username: r.proposal.username ?? "", password: r.oneTimePassword });
      else setNotice(t("adminSecurity.approvedDisable"));
      refresh();
    },
    onError: failed,
  });
  const refuse = useMutation({
    mutationFn: ({ p, note }: { p: AccountProposal; note: string }) => refuseProposal(p.id, note),
    onSuccess: () => {
      setError(null);
      setRefusing(null);
      setNotice(t("adminSecurity.refused"));
      refresh();
    },
    onError: failed,
  });

  const columns: TableProps<AccountProposal>["columns"] = [
    {
      title: t("adminSecurity.colProposal"),
      key: "proposal",
      render: (_: unknown, p) => (
        <div>
          <div className="yw-cell-strong">
            {p.action === "create" ? t("adminSecurity.actionCreate") : t("adminSecurity.actionDisable")} ·{" "}
            {t(`account.roles.${p.role}`)}
          </div>
          <div className="yw-cell-sub yw-break">
            {p.action === "create"
              ? `${p.displayName} (${p.username})`
              : (name.get(p.targetAccountId ?? "") ?? p.targetAccountId)}
          </div>
          <div className="yw-cell-sub yw-break">{p.reason}</div>
          <div className="yw-cell-sub">{t("adminSecurity.by", { who: name.get(p.proposedBy) ?? p.proposedBy })}</div>
          {p.decisionNote && <div className="yw-cell-sub yw-break">{p.decisionNote}</div>}
        </div>
      ),
    },
    {
      title: t("adminSecurity.colStatus"),
      key: "status",
      render: (_: unknown, p) => (
        <Tag color={STATUS_COLOR[p.status]}>{t(`adminSecurity.proposalStatus.${p.status}`)}</Tag>
      ),
    },
    {
      title: t("adminSecurity.colExpires"),
      dataIndex: "expiresAt",
      responsive: ["md"],
      render: (at: string) => formatPlatformDateTime(at),
    },
    ...(canDecide
      ? [
          {
            title: t("adminSecurity.colActions"),
            key: "actions",
            render: (_: unknown, p: AccountProposal) =>
              p.status !== "pending" ? null : (
                <Space wrap size={4}>
                  <Popconfirm
                    title={t("adminSecurity.approveConfirm")}
                    okText={t("adminSecurity.approve")}
                    cancelText={t("account.common.cancel")}
                    onConfirm={() => approve.mutateAsync(p).catch(() => {})}
                  >
                    <Button size="small" type="primary" data-testid={`approve-${p.id}`}>
                      {t("adminSecurity.approve")}
                    </Button>
                  </Popconfirm>
                  <Button
                    size="small"
                    danger
                    onClick={() => {
                      setNote("");
                      setRefusing(p);
                    }}
                  >
                    {t("adminSecurity.refuse")}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">{t("adminSecurity.proposalsIntro")}</Typography.Paragraph>
      {notice && <Alert type="success" showIcon closable message={notice} onClose={() => setNotice(null)} />}
      {error && <Alert type="error" showIcon closable message={error} onClose={() => setError(null)} />}
      {canPropose && (
        <div className="yw-toolbar">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setProposing(true)} data-testid="propose">
            {t("adminSecurity.propose")}
          </Button>
        </div>
      )}
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<AccountProposal>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          locale={{ emptyText: t("adminSecurity.emptyProposals") }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            onChange: setPage,
            showTotal: (total) => t("adminSecurity.total", { total }),
          }}
        />
      )}
      <ProposeModal
        open={proposing}
        departments={departments.data?.items ?? []}
        staff={staff.data?.items ?? []}
        onClose={() => setProposing(false)}
        onDone={() => {
          setProposing(false);
          setError(null);
          setNotice(t("adminSecurity.proposed"));
          refresh();
        }}
      />
      <Modal
        open={refusing !== null}
        title={t("adminSecurity.refuseTitle")}
        okText={t("adminSecurity.refuse")}
        okButtonProps={{ danger: true, disabled: note.trim().length < 2 }}
        cancelText={t("account.common.cancel")}
        confirmLoading={refuse.isPending}
        onOk={() => refusing && refuse.mutate({ p: refusing, note: note.trim() })}
        onCancel={() => setRefusing(null)}
        destroyOnHidden
      >
        <Input.TextArea
          aria-label={t("adminSecurity.refuseNote")}
          placeholder={t("adminSecurity.refuseNote")}
          maxLength={500}
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
      <Modal
        open={oneTime !== null}
        title={t("adminSecurity.oneTimeTitle")}
        closable={false}
        maskClosable={false}
        footer={
          <Button type="primary" onClick={() => setOneTime(null)}>
            {t("adminSecurity.oneTimeDone")}
          </Button>
        }
      >
        <Typography.Paragraph>{t("adminSecurity.oneTimeBody", { username: oneTime?.username })}</Typography.Paragraph>
        <Typography.Paragraph
          copyable={{ text: oneTime?.password }}
          className="yw-mono yw-break"
          data-testid="one-time-password"
        >
          {oneTime?.password}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
