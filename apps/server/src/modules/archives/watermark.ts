/**
 * Watermarked use (利用): what a borrower reads of a package's PDF during a loan is a copy with a visible
 * watermark on every page — the borrower's name, the loan id, the time and "仅供借阅 / for lending only" —
 * so a copy that leaves the platform says whose loan it came from. The package keeps the original (its
 * fixity is untouched); the copy is not the sealed document (its PAdES signature no longer covers it),
 * which is right: the sealed original is for the archive, the copy for reading. The CJK font is the one
 * license PDFs embed (platform/pdf/cjk.ts), subset, so the watermark's text is extractable.
 *
 * Images (JPEG, PNG) are served as they are: stamping them needs an image codec the server does not carry
 * (sharp/canvas are native dependencies); the read is audited with `watermarked: false` all the same.
 */
import { degrees, PDFDocument, rgb } from "pdf-lib";
import { embedCjkFont } from "../../platform/pdf/cjk.js";

export interface WatermarkText {
  borrower: string;
  loanId: string;
  at: Date;
}

export const LENDING_ONLY = "仅供借阅 / for lending only";

export function watermarkLines(w: WatermarkText): string[] {
  return [`${w.borrower} · ${LENDING_ONLY}`, `借阅 ${w.loanId} · ${w.at.toISOString()}`];
}

/** A copy of `pdf` with the watermark on every page; throws if pdf-lib cannot read the file. */
export async function watermarkPdf(pdf: Buffer, w: WatermarkText): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const font = await embedCjkFont(doc);
  const [first, second] = watermarkLines(w);
  for (const page of doc.getPages()) {
    const { width, height } = page.getSize();
    const size = Math.max(12, Math.min(width, height) / 24);
    // Diagonal across the middle, light enough to read the page through it.
    page.drawText(first, {
      x: width * 0.12,
      y: height * 0.3,
      size,
      font,
      color: rgb(0.75, 0.1, 0.1),
      opacity: 0.28,
      rotate: degrees(35),
    });
    page.drawText(second, {
      x: width * 0.12 + size * 1.2,
      y: height * 0.3 - size * 1.6,
      size: size * 0.7,
      font,
      color: rgb(0.75, 0.1, 0.1),
      opacity: 0.28,
      rotate: degrees(35),
    });
    // And plainly at the foot of the page, where it is not lost under content.
    page.drawText(`${first} · ${second}`, { x: 24, y: 12, size: 8, font, color: rgb(0.6, 0.1, 0.1) });
  }
  return Buffer.from(await doc.save());
}
