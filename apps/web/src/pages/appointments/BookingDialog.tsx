import type { ServiceItem } from "@yiwang/contracts";
import { Alert, Button, Modal, Radio, Select, Space, Spin } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { loginPath, useMe } from "../../shared/session";
import { useBook, useSlots } from "./api";
import "./appointments.css";

/**
 * 网上预约 from the item guide (an item whose depth needs a visit): pick the hall's window type, a working
 * day and a free slot, and book; the booking and its check-in QR are then under My bookings.
 */
export function BookingDialog({ item, open, onClose }: { item: ServiceItem; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const slots = useSlots(item.code, open);
  const book = useBook();
  const [windowTypeId, setWindowTypeId] = useState<string | null>(null);
  const [date, setDate] = useState<string | null>(null);
  const [start, setStart] = useState<string | null>(null);
  const data = slots.data;
  const type = windowTypeId ?? data?.windowTypes[0]?.id ?? null;
  const ofType = useMemo(() => (data?.slots ?? []).filter((s) => s.windowTypeId === type), [data, type]);
  const dates = [...new Set(ofType.map((s) => s.date))];
  const day = date && dates.includes(date) ? date : (dates[0] ?? null);
  const hall = data?.halls.find((h) => h.id === data.windowTypes.find((w) => w.id === type)?.hallId);
  const signedIn = me.data?.kind === "citizen";

  const confirm = () => {
    if (!type || !day || !start) return;
    book.mutate(
      { itemCode: item.code, windowTypeId: type, date: day, start },
      { onSuccess: () => navigate("/appointments/mine") },
    );
  };

  return (
    <Modal
      open={open}
      title={t("appointments.book.title", { name: item.name })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <div className="yw-booking" data-testid="booking-dialog">
        {slots.isPending && <Spin />}
        {slots.isError && <ErrorAlert error={slots.error} />}
        {data && (
          <Space direction="vertical" style={{ width: "100%" }}>
            {data.blockedUntil && (
              <Alert
                type="warning"
                showIcon
                message={t("appointments.book.blocked", { until: new Date(data.blockedUntil).toLocaleString() })}
              />
            )}
            {data.windowTypes.length > 1 && (
              <Select
                className="yw-booking-type"
                value={type}
                onChange={(v) => {
                  setWindowTypeId(v);
                  setStart(null);
                }}
                options={data.windowTypes.map((w) => ({
                  value: w.id,
                  label: `${data.halls.find((h) => h.id === w.hallId)?.name ?? ""} · ${en ? (w.nameEn ?? w.name) : w.name}`,
                }))}
              />
            )}
            {hall && (
              <p className="yw-cell-sub" data-testid="booking-hall">
                {en ? (hall.nameEn ?? hall.name) : hall.name} · {hall.address}
              </p>
            )}
            {dates.length === 0 && <Alert type="info" showIcon message={t("appointments.book.noSlots")} />}
            <Radio.Group
              className="yw-booking-dates"
              value={day}
              onChange={(e) => {
                setDate(e.target.value);
                setStart(null);
              }}
              optionType="button"
              options={dates.map((d) => ({ value: d, label: d.slice(5) }))}
            />
            <div className="yw-booking-slots">
              {ofType
                .filter((s) => s.date === day)
                .map((s) => (
                  <Button
                    key={s.start}
                    type={s.start === start ? "primary" : "default"}
                    disabled={s.free === 0}
                    onClick={() => setStart(s.start)}
                    data-testid={`slot-${s.date}-${s.start}`}
                  >
                    {s.start}
                    <span className="yw-booking-free">
                      {s.free === 0 ? t("appointments.book.full") : t("appointments.book.free", { count: s.free })}
                    </span>
                  </Button>
                ))}
            </div>
            {book.isError && <ErrorAlert error={book.error} />}
            {signedIn ? (
              <Button
                type="primary"
                size="large"
                block
                disabled={!start || data.blockedUntil !== null}
                loading={book.isPending}
                onClick={confirm}
                data-testid="book-confirm"
              >
                {start && day ? t("appointments.book.confirmAt", { date: day, start }) : t("appointments.book.confirm")}
              </Button>
            ) : (
              <Button
                type="primary"
                size="large"
                block
                onClick={() => navigate(loginPath("citizen", `${location.pathname}${location.search}`))}
                data-testid="book-login"
              >
                {t("appointments.book.login")}
              </Button>
            )}
            <p className="yw-cell-sub">{t("appointments.book.rules")}</p>
          </Space>
        )}
      </div>
    </Modal>
  );
}
