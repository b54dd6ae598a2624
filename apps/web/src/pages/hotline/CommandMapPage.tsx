import { Alert, Button, Col, List, message, Row, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { CommandMapSvg } from "./CommandMapSvg";
import { useCommandMap, useMobilise, useNearest, useTrack } from "./fieldApi";

/** 调集: the field staff nearest an event, each with a button that sends them. */
function Nearest({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const nearest = useNearest(requestId);
  const mobilise = useMobilise();
  const errorText = useErrorText();
  return (
    <List
      size="small"
      data-testid="field-nearest"
      loading={nearest.isPending}
      dataSource={nearest.data?.items ?? []}
      renderItem={(n) => (
        <List.Item>
          {n.staff.callSign} · {t("hotlineField.metres", { count: n.distanceMeters })}
          <Button
            size="small"
            onClick={async () => {
              try {
                await mobilise.mutateAsync({ requestId, accountId: n.staff.accountId });
                message.success(t("hotlineField.mobilised", { callSign: n.staff.callSign }));
              } catch (e) {
                message.error(errorText(e));
              }
            }}
          >
            {t("hotlineField.mobilise")}
          </Button>
        </List.Item>
      )}
    />
  );
}

function MapBody() {
  const { t, i18n } = useTranslation();
  const map = useCommandMap();
  const [selected, setSelected] = useState<string | null>(null);
  const [event, setEvent] = useState<string | null>(null);
  const track = useTrack(selected);
  const errorText = useErrorText();
  if (map.isError) return <Alert type="error" showIcon message={errorText(map.error)} />;
  if (!map.data) return null;
  const time = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Panel>
          <CommandMapSvg
            data={map.data}
            track={selected ? (track.data ?? null) : null}
            selected={selected}
            onSelect={setSelected}
          />
          {selected && track.data && (
            <div data-testid="field-track-info" style={{ marginTop: 8, fontSize: 16 }}>
              {t("hotlineField.trackOf", { callSign: track.data.callSign, count: track.data.points.length })}{" "}
              <Button onClick={() => setSelected(null)}>{t("hotlineField.wholeCity")}</Button>
            </div>
          )}
        </Panel>
      </Col>
      <Col xs={24} lg={8}>
        <Panel>
          <h2>{t("hotlineField.staff")}</h2>
          <List
            dataSource={map.data.staff}
            renderItem={(s) => (
              <List.Item data-testid="field-staff-item">
                <div style={{ fontSize: 16 }}>
                  <strong>{s.callSign}</strong> {s.name} <Tag>{t(`hotlineField.kind.${s.kind}`)}</Tag>
                  <div>{s.department.name}</div>
                  <div>
                    {s.position
                      ? t("hotlineField.seenAt", { time: time(s.position.at) })
                      : t("hotlineField.noPosition")}
                  </div>
                </div>
                <Button
                  type={selected === s.accountId ? "primary" : "default"}
                  onClick={() => setSelected(s.accountId)}
                  disabled={!s.position}
                >
                  {t("hotlineField.showTrack")}
                </Button>
              </List.Item>
            )}
          />
          <h2 style={{ marginTop: 24 }}>{t("hotlineField.events")}</h2>
          <List
            dataSource={map.data.events}
            renderItem={(e) => (
              <List.Item>
                <div style={{ width: "100%" }}>
                  {e.number} · {e.categoryName} · {t(`hotline.status.${e.status}`)}{" "}
                  <Button size="small" onClick={() => setEvent(event === e.id ? null : e.id)}>
                    {t("hotlineField.nearest")}
                  </Button>
                  {event === e.id && <Nearest requestId={e.id} />}
                </div>
              </List.Item>
            )}
          />
        </Panel>
      </Col>
    </Row>
  );
}

/** /workbench/hotline/map — 指挥地图：外勤人员位置、巡查轨迹、现场事件（每 5 秒刷新）。 */
export function CommandMapPage() {
  const { t } = useTranslation();
  return (
    <RequireLogin kind="staff">
      <div className="yw-container yw-page">
        <PageHeading title={t("hotlineField.mapTitle")} subtitle={t("hotlineField.mapSubtitle")} />
        <MapBody />
      </div>
    </RequireLogin>
  );
}
