import { CommentOutlined } from "@ant-design/icons";
import { Skeleton } from "antd";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { Panel } from "../../shared/Panel";
import { useCaseThread } from "./api";
import { ThreadView } from "./ThreadView";

/** 会商: the case's discussion thread for the staff of its departments, on the staff case page. */
export function CaseThreadPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const thread = useCaseThread(caseId);
  return (
    <Panel title={t("messaging.caseThread")} icon={<CommentOutlined />}>
      {thread.isPending && <Skeleton active />}
      {thread.isError && <ErrorAlert error={thread.error} />}
      {thread.data && <ThreadView threadId={thread.data.id} />}
    </Panel>
  );
}
