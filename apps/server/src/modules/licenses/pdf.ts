import { rgb } from "pdf-lib";
import { A4, newIssuedPdf } from "../../platform/pdf/document.js";
import { qrPng } from "./qr.js";

/**
 * The PDF rendition (版式文件) before sealing: an A4 page with the type name, the identifier, the
 * holder, the fields, issuer and validity in Chinese (an embedded CJK font subset, so `pdftotext` gets
 * the text back) and the QR code. The identifier is also the document's Subject, so a verifier can find
 * the license from the file alone. The seals module then stamps and signs it.
 */
export interface LicensePdfInput {
  identifier: string;
  typeName: string;
  holderLabel: string;
  holderName: string;
  holderCode: string;
  holderCodeLabel: string;
  fields: readonly { label: string; value: string }[];
  issuerName: string;
  issuedOn: string;
  validFrom: string;
  validUntil: string | null;
  qrText: string;
}

export async function licensePdf(input: LicensePdfInput): Promise<Uint8Array> {
  const { doc, font } = await newIssuedPdf({
    title: `${input.typeName} ${input.identifier}`,
    subject: input.identifier,
    keywords: ["电子证照", input.identifier],
  });
  const page = doc.addPage(A4);
  const red = rgb(0.75, 0.1, 0.1);
  const ink = rgb(0.1, 0.1, 0.1);
  const grey = rgb(0.4, 0.4, 0.4);

  page.drawRectangle({ x: 30, y: 30, width: 535.28, height: 781.89, borderColor: red, borderWidth: 2 });
  const title = input.typeName;
  const titleSize = 30;
  page.drawText(title, {
    x: (595.28 - font.widthOfTextAtSize(title, titleSize)) / 2,
    y: 740,
    size: titleSize,
    font,
    color: red,
  });
  page.drawText(`证照编号 ${input.identifier}`, { x: 60, y: 700, size: 9, font, color: grey });

  let y = 650;
  const row = (label: string, value: string) => {
    page.drawText(label, { x: 60, y, size: 13, font, color: grey });
    const lines = wrap(value, 26);
    for (const line of lines) {
      page.drawText(line, { x: 190, y, size: 13, font, color: ink });
      y -= 22;
    }
    y -= 8;
  };
  row(input.holderLabel, input.holderName);
  row(input.holderCodeLabel, input.holderCode);
  for (const f of input.fields) row(f.label, f.value || "—");
  row("有效期", input.validUntil ? `${input.validFrom} 至 ${input.validUntil}` : `${input.validFrom} 起长期有效`);
  row("发证机关", input.issuerName);
  row("发证日期", input.issuedOn);

  const png = await doc.embedPng(await qrPng(input.qrText));
  const size = 130;
  page.drawImage(png, { x: 60, y: 70, width: size, height: size });
  page.drawText("扫码核验 Scan to verify", { x: 60, y: 56, size: 9, font, color: grey });
  return doc.save({ useObjectStreams: false });
}

function wrap(text: string, perLine: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += perLine) out.push(chars.slice(i, i + perLine).join(""));
  return out.length ? out : [""];
}
