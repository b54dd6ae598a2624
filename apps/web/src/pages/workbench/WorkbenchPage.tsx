import { InfoCircleOutlined } from "@ant-design/icons";
import { Col, Row } from "antd";
import { useTranslation } from "react-i18next";
import { PageHeading } from "../../shared/PageHeading";
import { CountCalculator } from "./CountCalculator";
import { DeadlineCalculator } from "./DeadlineCalculator";

/** The staff workbench. For now its tools; the case inbox joins when the cases module exists. */
export function WorkbenchPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("workbench.title")} subtitle={t("workbench.subtitle")} />
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={13}>
          <DeadlineCalculator />
        </Col>
        <Col xs={24} lg={11}>
          <CountCalculator />
        </Col>
      </Row>
      <p className="yw-muted yw-note">
        <InfoCircleOutlined /> {t("workbench.casesNote")}
      </p>
    </div>
  );
}
