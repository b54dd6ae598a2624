import { Collapse, Empty, List, message } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { useFileRequest, useMyHotlineRequests } from "./api";
import { RequestDetail, StatusTags } from "./RequestDetail";
import { RequestForm, toRequest } from "./RequestForm";

/** /hotline — 12345 网上诉求: report a problem (signed in or not) and, signed in, my requests with the timeline. */
export function HotlinePage() {
  const { t } = useTranslation();
  const me = useMe();
  const citizen = me.data?.kind === "citizen";
  const file = useFileRequest();
  const errorText = useErrorText();
  const mine = useMyHotlineRequests(citizen);
  return (
    <div className="yw-container yw-page">
      <PageHeading
        title={t("hotline.portal.title")}
        subtitle={t("hotline.portal.subtitle")}
        extra={
          // Many questions are answered in the guides: the help centre before a request (issue 15).
          <Link to="/help" data-testid="hotline-help-link">
            {t("help.faqFirst")}
          </Link>
        }
      />
      <Panel>
        <RequestForm
          busy={file.isPending}
          onSubmit={async (v, files) => {
            try {
              const r = await file.mutateAsync(await toRequest(v, files));
              message.success(t("hotline.portal.filed", { number: r.number }));
              return true;
            } catch (e) {
              message.error(errorText(e));
              return false;
            }
          }}
        />
      </Panel>
      {citizen && (
        <Panel>
          <h2>{t("hotline.portal.mine")}</h2>
          <List
            loading={mine.isPending}
            dataSource={mine.data?.items ?? []}
            locale={{ emptyText: <Empty description={t("hotline.portal.empty")} /> }}
            renderItem={(r) => (
              <List.Item data-testid="hotline-mine-item">
                <Collapse
                  style={{ width: "100%" }}
                  items={[
                    {
                      key: r.id,
                      label: (
                        <>
                          {r.number} · {r.category.name} <StatusTags r={r} />
                        </>
                      ),
                      children: <RequestDetail r={r} />,
                    },
                  ]}
                />
              </List.Item>
            )}
          />
        </Panel>
      )}
    </div>
  );
}
