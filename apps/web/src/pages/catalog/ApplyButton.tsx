import { CalendarOutlined, CloudUploadOutlined, EnvironmentOutlined, FileSearchOutlined } from "@ant-design/icons";
import type { ServiceItem } from "@yiwang/contracts";
import { Alert, Button, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * What "apply" means depends on the item's online depth (网办深度): 4 fully online, 3 online pre-review,
 * 2 booking an appointment, 1 the service hall only (no button). Filing itself arrives with the cases
 * module; until then the dialog says so and names the version a case would be filed under.
 */
export function ApplyButton({ item }: { item: ServiceItem }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (item.onlineDepth === 1)
    return <Alert type="info" showIcon icon={<EnvironmentOutlined />} message={t("catalog.guide.applyWindow")} />;
  const label =
    item.onlineDepth === 4
      ? t("catalog.guide.apply")
      : item.onlineDepth === 3
        ? t("catalog.guide.applyPrecheck")
        : t("catalog.guide.applyBooking");
  const icon =
    item.onlineDepth === 4 ? (
      <CloudUploadOutlined />
    ) : item.onlineDepth === 3 ? (
      <FileSearchOutlined />
    ) : (
      <CalendarOutlined />
    );
  return (
    <>
      <Button type="primary" size="large" icon={icon} onClick={() => setOpen(true)} data-testid="apply" block>
        {label}
      </Button>
      <Modal
        open={open}
        title={label}
        onCancel={() => setOpen(false)}
        onOk={() => setOpen(false)}
        cancelButtonProps={{ style: { display: "none" } }}
      >
        <p>{t("catalog.guide.applyNotice", { version: item.version })}</p>
      </Modal>
    </>
  );
}
