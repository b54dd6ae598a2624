import { BundleInput } from "@yiwang/contracts";
import { bundleReferenceIssues } from "../references.js";
import { type CellErrors, type Loc, zodMessage } from "./cell-errors.js";
import type { Sheets } from "./sheet-reader.js";
import type { BundleMemberRow } from "./sheets/bundle-items.js";
import type { BundleDraft } from "./sheets/bundles.js";
import type { Status } from "./sheets/items.js";

/**
 * Assembles each bundle from its two sheets and checks it against the contract and the items it names
 * (valid in this workbook or already in the catalog), reporting at the cell each issue came from.
 */

export interface ValidBundle {
  input: BundleInput;
  status: Status;
}

export function validateBundles(
  drafts: Map<string, BundleDraft>,
  members: Map<string, BundleMemberRow[]>,
  sheets: Sheets,
  errors: CellErrors,
  itemExists: (code: string) => boolean,
): ValidBundle[] {
  const bundles: ValidBundle[] = [];
  for (const [code, b] of drafts) {
    const groups: BundleMemberRow[][] = [];
    for (const m of [...(members.get(code) ?? [])].sort((x, y) => x.seq - y.seq)) {
      const last = groups[groups.length - 1];
      if (last && last[0]!.seq === m.seq) last.push(m);
      else groups.push([m]);
    }
    if (b.bad) continue;
    const locate = (path: PropertyKey[]): Loc => {
      const [head, i, , j] = path;
      if (head === "items" && typeof i === "number" && groups[i]) {
        const g = groups[i]!;
        return { sheet: "bundleItems", row: (typeof j === "number" && g[j] ? g[j] : g[0])!.row, col: "itemCode" };
      }
      return {
        sheet: "bundles",
        row: b.row,
        col: typeof head === "string" && sheets.bundles.columns.has(head) ? head : "code",
      };
    };
    const parsed = BundleInput.safeParse({
      ...b.raw,
      items: groups.map((g) => (g.length === 1 ? g[0]!.code : { parallel: g.map((m) => m.code) })),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.fail(locate(issue.path), zodMessage(issue));
      continue;
    }
    const refIssues = bundleReferenceIssues(parsed.data, itemExists);
    if (refIssues.length) {
      for (const issue of refIssues)
        errors.fail(locate(issue.path), { message: issue.message, messageEn: issue.messageEn });
      continue;
    }
    bundles.push({ input: parsed.data, status: b.status });
  }
  return bundles;
}
