import type { HotlineRequestView } from "@yiwang/contracts";
import { Descriptions, Tag, Timeline } from "antd";
import { useTranslation } from "react-i18next";
import { formatPlatformDateTime } from "../../shared/dates";

const LIGHT_COLOR = { green: "green", yellow: "gold", red: "red", none: "default" } as const;

export function StatusTags({ r }: { r: HotlineRequestView }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color="blue">{t(`hotline.status.${r.status}`)}</Tag>
      {r.deadline.light !== "none" && (
        <Tag color={LIGHT_COLOR[r.deadline.light]}>{t(`hotline.light.${r.deadline.light}`)}</Tag>
      )}
      {r.deadline.escalationLevel > 0 && <Tag color="red">{t("hotline.escalated")}</Tag>}
      {r.urgent && <Tag color="volcano">{t("hotline.form.urgent")}</Tag>}
      {r.confidential && <Tag>{t("hotline.confidential")}</Tag>}
    </>
  );
}

/** A request with its timeline; the caller as the server lets this reader see it (保密: never departments). */
export function RequestDetail({ r }: { r: HotlineRequestView }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  return (
    <div data-testid="hotline-detail">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t("hotline.number")}>{r.number}</Descriptions.Item>
        <Descriptions.Item label={t("hotline.form.category")}>
          {en ? r.category.nameEn : r.category.name} · {t(`hotline.kind.${r.kind}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t("hotline.statusLabel")}>
          <StatusTags r={r} />
        </Descriptions.Item>
        <Descriptions.Item label={t("hotline.form.description")}>{r.description}</Descriptions.Item>
        <Descriptions.Item label={t("hotline.form.address")}>
          {r.location.address} {r.location.lat !== null ? `(${r.location.lat}, ${r.location.long})` : ""}
        </Descriptions.Item>
        <Descriptions.Item label={t("hotline.caller")}>
          <span data-testid="hotline-caller">
            {r.caller
              ? `${r.caller.name} ${r.caller.phone}`
              : r.anonymous
                ? t("hotline.anonymous")
                : t("hotline.callerHidden")}
          </span>
        </Descriptions.Item>
        {r.subjectUscc && (
          <Descriptions.Item label={t("hotline.subjectEnterprise")}>
            <span data-testid="hotline-subject-uscc">{r.subjectUscc}</span>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t("hotline.form.department")}>
          {r.department?.name ?? t("hotline.notDispatched")}
        </Descriptions.Item>
        <Descriptions.Item label={t("hotline.deadline")}>
          {r.deadline.at ? formatPlatformDateTime(r.deadline.at) : "—"} ({r.deadline.value}{" "}
          {t(`hotline.unit.${r.deadline.unit}`)})
        </Descriptions.Item>
        {r.answer && <Descriptions.Item label={t("hotline.answer")}>{r.answer}</Descriptions.Item>}
        {r.photos.length > 0 && (
          <Descriptions.Item label={t("hotline.form.photos")}>
            {r.photos.map((p) => (
              <a key={p.id} href={`/api/hotline/requests/${r.id}/photos/${p.id}`} target="_blank" rel="noreferrer">
                <img
                  src={`/api/hotline/requests/${r.id}/photos/${p.id}`}
                  alt={p.name}
                  data-testid="hotline-photo"
                  style={{ maxWidth: 160, maxHeight: 120, marginRight: 8, objectFit: "cover" }}
                />
              </a>
            ))}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Timeline
        style={{ marginTop: 16 }}
        items={r.timeline.map((e) => ({
          children: (
            <>
              <strong>{t(`hotline.event.${e.type}`, { defaultValue: e.type })}</strong> · {e.actorName} ·{" "}
              {formatPlatformDateTime(e.at)}
              {e.comment && <div>{e.comment}</div>}
            </>
          ),
        }))}
      />
    </div>
  );
}
