/**
 * What each 文书 says (pure: the case as it stands after the event, the action that caused it). The
 * wording follows the 行政许可法's instruments: 受理 (第三十二条), 补正 (第三十二条第一款第四项, 一次性告知),
 * 不予受理 and 不予许可 with reasons and the remedy notice (行政复议法: 60 days; 行政诉讼法: 6 months).
 */
import { type CaseDocumentKind, maskName } from "@yiwang/contracts";
import type { CaseRow } from "../repository.js";
import { type DocumentPdfInput, formatDate } from "./pdf.js";

export const DOCUMENT_TITLES: Record<CaseDocumentKind, string> = {
  acceptance_receipt: "受理回执",
  supplement_notice: "补正告知书",
  refusal_decision: "不予受理决定书",
  approval_decision: "准予行政许可决定书",
  denial_decision: "不予行政许可决定书",
};

/** The word in the 文号 after the department's 代字: `AMR受〔2026〕3号`. */
const NUMBER_WORDS: Record<CaseDocumentKind, string> = {
  acceptance_receipt: "受",
  supplement_notice: "补",
  refusal_decision: "不受",
  approval_decision: "准许",
  denial_decision: "不许",
};

export const documentNumber = (kind: CaseDocumentKind, departmentMark: string, year: string, serial: number) =>
  `${departmentMark}${NUMBER_WORDS[kind]}〔${year}〕${serial}号`;

const REMEDY =
  "如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，也可以自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。";

export interface DocumentFacts {
  kind: CaseDocumentKind;
  number: string;
  row: CaseRow;
  departmentName: string;
  /** Local dates (YYYY-MM-DD). */
  issuedOn: string;
  submittedOn: string | null;
  /** The staff member's comment or reason on the action that produced the document. */
  comment: string | null;
  /** 补正: what is missing or wrong. */
  supplementItems: readonly { material?: string | null; note: string }[];
}

export function documentContent(f: DocumentFacts): DocumentPdfInput {
  const { row } = f;
  const rows: { label: string; value: string }[] = [];
  if (row.enterprise_id) {
    rows.push({ label: "申请人", value: row.enterprise_name ?? row.enterprise_uscc ?? "" });
    rows.push({ label: "统一社会信用代码", value: row.enterprise_uscc ?? "" });
    // The person who filed for the enterprise is named only masked: the document travels with the enterprise.
    rows.push({ label: "经办人", value: maskName(row.applicant_name) });
  } else rows.push({ label: "申请人", value: row.applicant_name });
  rows.push({ label: "申请事项", value: row.item_name });
  rows.push({ label: "办件编号", value: row.number ?? "" });
  if (f.submittedOn) rows.push({ label: "申请日期", value: formatDate(f.submittedOn) });

  const applied = `你（单位）${f.submittedOn ? `于${formatDate(f.submittedOn)}` : ""}提出的${row.item_name}申请`;
  const paragraphs: string[] = [];
  switch (f.kind) {
    case "acceptance_receipt":
      rows.push({ label: "受理日期", value: formatDate(f.issuedOn) });
      if (row.deadline_date) rows.push({ label: "承诺办结日期", value: formatDate(row.deadline_date) });
      paragraphs.push(
        `${applied}，申请材料齐全、符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，本机关决定予以受理。`,
        "可凭办件编号在一网通办查询办理进度。补正、听证、检验检测等特别程序所需时间不计入办理时限。",
      );
      break;
    case "supplement_notice":
      paragraphs.push(
        `${applied}，经审查，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条第一款第四项的规定，现一次性告知你（单位）需要补正的全部内容：`,
      );
      for (const [i, item] of f.supplementItems.entries())
        paragraphs.push(`${i + 1}. ${item.material ? `${item.material}：` : ""}${item.note}`);
      if (f.comment) paragraphs.push(`说明：${f.comment}`);
      paragraphs.push("请在一网通办补正上述材料。补正期间不计入办理时限；补正材料齐全、符合法定形式后继续办理。");
      break;
    case "refusal_decision":
      paragraphs.push(
        `${applied}，经审查，决定不予受理。`,
        `理由：${f.comment ?? row.decision_reason ?? ""}`,
        "依据：《中华人民共和国行政许可法》第三十二条第一款。",
        REMEDY,
      );
      break;
    case "approval_decision":
      paragraphs.push(
        `${applied}，经审查，符合法定条件、标准。根据《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定准予行政许可。`,
      );
      if (f.comment) paragraphs.push(`审批意见：${f.comment}`);
      paragraphs.push("许可证件以电子证照形式颁发的，可在一网通办“我的卡包”中查看和使用。");
      break;
    case "denial_decision":
      paragraphs.push(
        `${applied}，经审查，不符合法定条件、标准，本机关决定不予行政许可。`,
        `理由：${f.comment ?? row.decision_reason ?? ""}`,
        "依据：《中华人民共和国行政许可法》第三十八条第二款。",
        REMEDY,
      );
      break;
  }
  return {
    title: DOCUMENT_TITLES[f.kind],
    number: f.number,
    rows,
    paragraphs,
    departmentName: f.departmentName,
    issuedOn: f.issuedOn,
  };
}
