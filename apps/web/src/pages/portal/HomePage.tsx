import { Col, Row } from "antd";
import { usePageTitle } from "../../shared/usePageTitle";
import { CatalogEntry } from "../catalog/CatalogEntry";
import { DepartmentsCard } from "./DepartmentsCard";
import { Hero } from "./Hero";
import { TodayCard } from "./TodayCard";

/** The citizen portal's landing page: the mission, whether today counts as a working day, who serves you. */
export function HomePage() {
  usePageTitle();
  return (
    <>
      <Hero />
      <div className="yw-container yw-home-body">
        <CatalogEntry />
        <Row gutter={[24, 24]}>
          <Col xs={24} lg={9}>
            <TodayCard />
          </Col>
          <Col xs={24} lg={15}>
            <DepartmentsCard />
          </Col>
        </Row>
      </div>
    </>
  );
}
