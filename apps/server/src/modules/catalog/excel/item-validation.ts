import { ServiceItemInput, type VetoRule } from "@yiwang/contracts";
import { itemFormIssues } from "../forms.js";
import { itemReferenceIssues, type References } from "../references.js";
import type { CellErrors, Loc } from "./cell-errors.js";
import { zodMessage } from "./cell-errors.js";
import { groupVeto } from "./cells.js";
import type { Sheets } from "./sheet-reader.js";
import type { ItemDraft, ItemDrafts, Status } from "./sheets/items.js";
import type { SheetKey } from "./template.js";

/**
 * Assembles each item draft from its sheets (steps grouped by number into parallel groups) and checks it
 * against the contract, the application-form rules and the references; every issue is reported at the cell
 * it came from (a contract path → sheet, row and column).
 */

export interface ValidItem {
  input: ServiceItemInput;
  status: Status;
}

type StepRow = ItemDraft["steps"][number];

function groupSteps(steps: StepRow[]): StepRow[][] {
  const groups: StepRow[][] = [];
  for (const s of [...steps].sort((a, b) => a.seq - b.seq)) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.seq === s.seq) last.push(s);
    else groups.push([s]);
  }
  return groups;
}

/** Where a contract path of this item lives in the workbook. */
function locator(d: ItemDraft, groups: StepRow[][], sheets: Sheets) {
  const itemLoc = (col: string): Loc => ({ sheet: "items", row: d.row, col });
  return (path: PropertyKey[]): Loc => {
    const [head, i, field, j, sub] = path;
    const list = (sheet: SheetKey, rows: { row: number }[], fallback: string): Loc =>
      typeof i === "number" && rows[i]
        ? { sheet, row: rows[i]!.row, col: typeof field === "string" ? field : fallback }
        : itemLoc("code");
    switch (head) {
      case "hall":
        return itemLoc(i === "hours" ? "hallHours" : i === "phone" ? "hallPhone" : "hallAddress");
      case "materials":
        return list("materials", d.materials, "name");
      case "fees":
        return list("fees", d.fees, "name");
      case "faq":
        return list("faq", d.faq, "question");
      case "steps": {
        const g = typeof i === "number" ? groups[i] : undefined;
        if (!g) return d.steps[0] ? { sheet: "steps", row: d.steps[0].row, col: "seq" } : itemLoc("code");
        if (field === "parallel" && typeof j === "number" && g[j])
          return { sheet: "steps", row: g[j]!.row, col: typeof sub === "string" ? sub : "stage" };
        return { sheet: "steps", row: g[0]!.row, col: field === "dept" || field === "stage" ? field : "seq" };
      }
      default:
        return typeof head === "string" && sheets.items.columns.has(head) ? itemLoc(head) : itemLoc("code");
    }
  };
}

export function validateItems(
  { drafts, badItems }: ItemDrafts,
  sheets: Sheets,
  errors: CellErrors,
  refs: References,
): ValidItem[] {
  const items: ValidItem[] = [];
  for (const [code, d] of drafts) {
    const groups = groupSteps(d.steps);
    const vetoes: (VetoRule | undefined)[] = [];
    const before = errors.count;
    for (const g of groups)
      vetoes.push(groupVeto(g, (row, msg) => errors.fail({ sheet: "steps", row, col: "onVeto" }, msg)));
    if (errors.count > before) d.bad = true;
    const raw = {
      ...d.raw,
      materials: d.materials.map((m) => m.raw),
      fees: d.fees.map((f) => f.raw),
      faq: d.faq.map((f) => f.raw),
      steps: groups.map((g, i) =>
        g.length === 1
          ? { dept: g[0]!.dept, stage: g[0]!.stage }
          : { parallel: g.map((s) => ({ dept: s.dept, stage: s.stage })), onVeto: vetoes[i] },
      ),
    };
    const locate = locator(d, groups, sheets);
    if (d.bad) {
      badItems.add(code);
      continue;
    }
    const parsed = ServiceItemInput.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.fail(locate(issue.path), zodMessage(issue));
      badItems.add(code);
      continue;
    }
    const refIssues = [...itemFormIssues(parsed.data, refs), ...itemReferenceIssues(parsed.data, refs)];
    if (refIssues.length) {
      for (const issue of refIssues)
        errors.fail(locate(issue.path), { message: issue.message, messageEn: issue.messageEn });
      badItems.add(code);
      continue;
    }
    items.push({ input: parsed.data, status: d.status });
  }
  return items;
}
