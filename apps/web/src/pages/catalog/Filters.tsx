import { Segmented, Select } from "antd";
import { useTranslation } from "react-i18next";
import { useDeptName } from "./labels";
import { useFacets } from "./queries";

export interface FilterValues {
  audience?: "natural_person" | "legal_person";
  dept?: string;
  topic?: string;
  onlineDepth?: number;
}

/** 个人/法人, topic, department and online depth filters; the values live in the page's URL. */
export function Filters({ value, onChange }: { value: FilterValues; onChange: (v: FilterValues) => void }) {
  const { t } = useTranslation();
  const facets = useFacets(value.audience);
  const deptName = useDeptName();
  return (
    <div className="yw-catalog-filters" data-testid="catalog-filters">
      <Segmented
        value={value.audience ?? "all"}
        onChange={(v) => onChange({ ...value, audience: v === "all" ? undefined : (v as FilterValues["audience"]) })}
        options={[
          { value: "all", label: t("catalog.allAudiences") },
          { value: "natural_person", label: t("catalog.personal") },
          { value: "legal_person", label: t("catalog.corporate") },
        ]}
      />
      <Select
        allowClear
        className="yw-catalog-filter"
        placeholder={t("catalog.allTopics")}
        aria-label={t("catalog.topics")}
        value={value.topic}
        onChange={(topic) => onChange({ ...value, topic })}
        options={(facets.data?.topics ?? []).map((x) => ({ value: x.name, label: `${x.name}（${x.count}）` }))}
      />
      <Select
        allowClear
        className="yw-catalog-filter"
        placeholder={t("catalog.allDepartments")}
        aria-label={t("catalog.departments")}
        value={value.dept}
        onChange={(dept) => onChange({ ...value, dept })}
        options={(facets.data?.departments ?? []).map((x) => ({
          value: x.key,
          label: `${deptName(x.key)}（${x.count}）`,
        }))}
      />
      <Select
        allowClear
        className="yw-catalog-filter"
        placeholder={t("catalog.results.depthFilter")}
        aria-label={t("catalog.results.depthFilter")}
        value={value.onlineDepth}
        onChange={(onlineDepth) => onChange({ ...value, onlineDepth })}
        options={[2, 3, 4].map((d) => ({ value: d, label: t("catalog.results.depthAtLeast", { depth: d }) }))}
      />
    </div>
  );
}
