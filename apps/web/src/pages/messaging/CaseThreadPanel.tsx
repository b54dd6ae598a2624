import { CommentOutlined } from "@ant-design/icons";
import type { UseQueryResult } from "@tanstack/react-query";
import { Skeleton } from "antd";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { Panel } from "../../shared/Panel";
import { useCaseThread, useRequestThread } from "./api";
import { ThreadView } from "./ThreadView";

function ThreadPanel({ title, thread }: { title: string; thread: UseQueryResult<{ id: string }> }) {
  return (
    <Panel title={title} icon={<CommentOutlined />}>
      {thread.isPending && <Skeleton active />}
      {thread.isError && <ErrorAlert error={thread.error} />}
      {thread.data && <ThreadView threadId={thread.data.id} />}
    </Panel>
  );
}

/** 会商: the case's discussion thread for the staff of its departments, on the staff case page. */
export function CaseThreadPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  return <ThreadPanel title={t("messaging.caseThread")} thread={useCaseThread(caseId)} />;
}

/** 诉求会商: a 12345 request's thread for the staff of its department, on the department's request drawer. */
export function RequestThreadPanel({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  return <ThreadPanel title={t("messaging.requestThread")} thread={useRequestThread(requestId)} />;
}
