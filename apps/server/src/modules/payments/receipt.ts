/**
 * The receipt (电子缴款凭证) before sealing: an A4 page with the receipt number, the 缴款码, payer, item,
 * each fee line and the total in fen shown as yuan, the transaction and the collecting department, in
 * Chinese (an embedded CJK font subset, so `pdftotext` gets the text back). The receipt number is the
 * document's Subject. The seals module then stamps and signs it with the department's seal.
 */
import { rgb } from "pdf-lib";
import { A4, newIssuedPdf } from "../../platform/pdf/document.js";

export interface ReceiptInput {
  receiptNumber: string;
  code: string;
  caseNumber: string | null;
  payerName: string;
  itemName: string;
  lines: readonly { name: string; amountFen: number; basis: string }[];
  amountFen: number;
  transactionId: string;
  channel: string;
  paidAt: string;
  departmentName: string;
}

/** 12345 fen → "123.45". */
export function yuan(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

export async function receiptPdf(r: ReceiptInput): Promise<Uint8Array> {
  const { doc, font } = await newIssuedPdf({
    title: `电子缴款凭证 ${r.receiptNumber}`,
    subject: r.receiptNumber,
    keywords: ["电子缴款凭证", r.code],
  });
  const page = doc.addPage(A4);
  const red = rgb(0.75, 0.1, 0.1);
  const ink = rgb(0.1, 0.1, 0.1);
  const grey = rgb(0.4, 0.4, 0.4);
  page.drawRectangle({ x: 30, y: 30, width: 535.28, height: 781.89, borderColor: red, borderWidth: 1.5 });
  const title = "电子缴款凭证";
  page.drawText(title, { x: (595.28 - font.widthOfTextAtSize(title, 26)) / 2, y: 750, size: 26, font, color: red });
  page.drawText(`凭证号码 ${r.receiptNumber}`, { x: 60, y: 715, size: 10, font, color: grey });

  let y = 670;
  const row = (label: string, value: string) => {
    page.drawText(label, { x: 60, y, size: 12, font, color: grey });
    for (let i = 0, chars = [...value]; i < Math.max(chars.length, 1); i += 28) {
      page.drawText(chars.slice(i, i + 28).join(""), { x: 170, y, size: 12, font, color: ink });
      y -= 20;
    }
    y -= 6;
  };
  row("缴款码", r.code);
  if (r.caseNumber) row("办件编号", r.caseNumber);
  row("缴款人", r.payerName);
  row("事项", r.itemName);
  for (const l of r.lines) row(l.name, `${yuan(l.amountFen)} 元（${l.basis}）`);
  row("合计", `${yuan(r.amountFen)} 元`);
  row("支付渠道", r.channel);
  row("交易流水号", r.transactionId);
  row("缴款时间", r.paidAt);
  row("执收单位", r.departmentName);
  return doc.save({ useObjectStreams: false });
}
