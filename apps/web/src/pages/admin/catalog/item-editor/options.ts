import type { CodeOf, Vocabulary } from "@yiwang/contracts/vocabularies";
import { useDepartments } from "../../../../shared/queries";
import { useLicenseTypes } from "../../../catalog/queries";

export interface Option<V = string> {
  value: V;
  label: string;
}

/** Select options for an official vocabulary: the contract table's codes in its order, labelled by `label`. */
export function termOptions<const T extends Vocabulary>(
  table: T,
  label: (code: CodeOf<T>) => string,
): Option<CodeOf<T>>[] {
  return table.map((term) => ({ value: term.code, label: label(term.code) }));
}

/** Departments and license types as "name（key）" options, for the fields that name them. */
export function useReferenceOptions(): { deptOptions: Option[]; licenseOptions: Option[] } {
  const departments = useDepartments({ limit: 500, offset: 0 });
  const licenses = useLicenseTypes();
  return {
    deptOptions: (departments.data?.items ?? []).map((d) => ({ value: d.key, label: `${d.name}（${d.key}）` })),
    licenseOptions: (licenses.data?.items ?? []).map((l) => ({ value: l.code, label: `${l.name}（${l.code}）` })),
  };
}
