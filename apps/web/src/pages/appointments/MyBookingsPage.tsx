import type { Booking } from "@yiwang/contracts";
import { Alert, App, Button, Empty, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin } from "../../shared/session";
import { useCancelBooking, useMyBookings } from "./api";
import "./appointments.css";

const STATUS_COLOR: Record<Booking["status"], string> = {
  booked: "processing",
  checked_in: "success",
  cancelled: "default",
  no_show: "error",
};

function BookingCard({ booking }: { booking: Booking }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const cancel = useCancelBooking();
  const cancellable = booking.status === "booked" && new Date(booking.cancellableUntil) > new Date();
  return (
    <Panel title={booking.itemName ?? booking.itemCode}>
      <div data-testid="booking" data-status={booking.status}>
        <p>
          <Tag color={STATUS_COLOR[booking.status]}>{t(`appointments.status.${booking.status}`)}</Tag>
          <strong>
            {booking.date} {booking.start}
          </strong>
        </p>
        <p className="yw-cell-sub">
          {booking.hallName} · {booking.windowTypeName}
          <br />
          {booking.hallAddress}
        </p>
        {booking.qrPng && (
          <>
            <img
              className="yw-booking-qr"
              src={booking.qrPng}
              alt={t("appointments.mine.qrAlt")}
              data-testid="booking-qr"
            />
            <p className="yw-cell-sub">{t("appointments.mine.qrHint")}</p>
          </>
        )}
        {booking.ticket && (
          <p data-testid="booking-ticket">
            {t("appointments.mine.ticket")} <strong>{booking.ticket}</strong>
          </p>
        )}
        {cancel.isError && <ErrorAlert error={cancel.error} />}
        {cancellable && (
          <Button
            danger
            loading={cancel.isPending}
            data-testid="booking-cancel"
            onClick={() =>
              modal.confirm({
                title: t("appointments.mine.cancelConfirm"),
                onOk: () => cancel.mutateAsync(booking.id),
              })
            }
          >
            {t("appointments.mine.cancel")}
          </Button>
        )}
      </div>
    </Panel>
  );
}

function Bookings() {
  const { t } = useTranslation();
  const mine = useMyBookings();
  if (mine.isError) return <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />;
  if (!mine.data) return null;
  return (
    <>
      {mine.data.blockedUntil && (
        <Alert
          type="warning"
          showIcon
          message={t("appointments.book.blocked", { until: new Date(mine.data.blockedUntil).toLocaleString() })}
        />
      )}
      {mine.data.items.length === 0 ? (
        <Empty description={t("appointments.mine.empty")} />
      ) : (
        <div className="yw-bookings">
          {mine.data.items.map((b) => (
            <BookingCard key={b.id} booking={b} />
          ))}
        </div>
      )}
    </>
  );
}

/** /appointments/mine — my bookings, each active one with the QR code the hall scans at check-in. */
export function MyBookingsPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("appointments.mine.title")} subtitle={t("appointments.mine.subtitle")} />
      <RequireLogin>
        <Bookings />
      </RequireLogin>
    </div>
  );
}
