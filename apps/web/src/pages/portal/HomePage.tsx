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
        {/* one column, from lg (992 px) two in the proportion 9 : 15 (.yw-home-columns) */}
        <div className="yw-home-columns">
          <TodayCard />
          <DepartmentsCard />
        </div>
      </div>
    </>
  );
}
