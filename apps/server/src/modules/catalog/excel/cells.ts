import type { VetoRule } from "@yiwang/contracts";
import { VETO_ZH } from "./template.js";

/** Cells of the workbook that need more than a label lookup: the form's JSON and a group's veto rule. */

type Msg = { message: string; messageEn: string };

/** A JSON cell: empty is null; text that does not parse is reported (and read as undefined). */
export function jsonCell(text: string, fail: (msg: Msg) => void): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch (err) {
    const why = (err as Error).message;
    fail({ message: `不是有效的 JSON：${why}`, messageEn: `Not valid JSON: ${why}` });
    return undefined;
  }
}

/**
 * The veto rule of one step group, from its rows' cells. Only a parallel group has one; the rows that state
 * it must agree (empty rows take the group's rule; none stated → the contract's default, deny).
 */
export function groupVeto(
  group: { row: number; veto: VetoRule | undefined }[],
  fail: (row: number, msg: Msg) => void,
): VetoRule | undefined {
  const stated = group.filter((s) => s.veto !== undefined);
  if (group.length === 1) {
    for (const s of stated)
      fail(s.row, {
        message: "否决规则只用于并联审查组（环节序号相同的多行）",
        messageEn: "Only a parallel group (rows sharing a step number) has a veto rule",
      });
    return undefined;
  }
  const first = stated[0];
  for (const s of stated)
    if (first && s.veto !== first.veto)
      fail(s.row, {
        message: `同一并联审查组的否决规则应一致（第 ${first.row} 行为“${VETO_ZH[first.veto!]}”）`,
        messageEn: `Every row of a parallel group must give the same veto rule (row ${first.row}: ${first.veto})`,
      });
  return first?.veto;
}
