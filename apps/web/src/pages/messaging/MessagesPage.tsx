import { MessageOutlined } from "@ant-design/icons";
import type { MessagingThread } from "@yiwang/contracts";
import { Badge, Button, Empty, message, Select, Skeleton } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { usePageTitle } from "../../shared/usePageTitle";
import { openDirect, useColleagues, useThreads } from "./api";
import { ThreadView } from "./ThreadView";
import "./messaging.css";

const KIND_ORDER = { department: 0, case: 1, request: 2, direct: 3 } as const;

function Messages() {
  const { t } = useTranslation();
  usePageTitle(t("messaging.title"));
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const threads = useThreads();
  const colleagues = useColleagues();
  const selected = params.get("thread");
  const choose = (id: string) => setParams({ thread: id });
  const items = [...(threads.data?.items ?? [])].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  const label = (x: MessagingThread) => (x.kind === "case" ? t("messaging.caseLabel", { number: x.title }) : x.title);

  return (
    <>
      <PageHeading
        title={t("messaging.title")}
        subtitle={t("messaging.subtitle")}
        trail={[{ title: t("workbench.title"), to: "/workbench" }]}
      />
      <div className="yw-messages-layout">
        <Panel title={t("messaging.threads")} icon={<MessageOutlined />}>
          {threads.isPending && <Skeleton active />}
          {threads.isError && <ErrorAlert error={threads.error} onRetry={() => void threads.refetch()} />}
          <ul className="yw-messages-list" data-testid="messaging-threads">
            {items.map((x) => (
              <li key={x.id}>
                <Button type={x.id === selected ? "primary" : "text"} onClick={() => choose(x.id)}>
                  <Badge dot={x.lastSeq > x.myLastReadSeq} offset={[6, 0]}>
                    {t(`messaging.kind.${x.kind}`)} · {label(x)}
                  </Badge>
                </Button>
              </li>
            ))}
          </ul>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={t("messaging.newDirect")}
            className="yw-thread-mentions"
            value={null}
            options={(colleagues.data?.items ?? []).map((c) => ({ value: c.accountId, label: c.name }))}
            onChange={(id: string | null) => {
              if (!id) return;
              openDirect(id)
                .then((th) => {
                  void threads.refetch();
                  choose(th.id);
                })
                .catch((e: unknown) => void message.error(errorText(e)));
            }}
            data-testid="messaging-new-direct"
          />
        </Panel>
        <Panel title={t("messaging.conversation")}>
          {selected ? <ThreadView key={selected} threadId={selected} /> : <Empty description={t("messaging.pick")} />}
        </Panel>
      </div>
    </>
  );
}

export function MessagesPage() {
  return (
    <div className="yw-container yw-page">
      <RequireLogin kind="staff">
        <Messages />
      </RequireLogin>
    </div>
  );
}
