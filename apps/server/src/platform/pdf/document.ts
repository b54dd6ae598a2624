import { PDFDocument, type PDFFont } from "pdf-lib";
import { embedCjkFont } from "./cjk.js";

/** A4 portrait in points. */
export const A4: [number, number] = [595.28, 841.89];

/**
 * A new PDF for something the platform issues (a license, a 文书, a receipt): its metadata (title,
 * subject = the identifier a reader searches by, keywords) and the CJK font embedded for its text.
 * `updateMetadata: false` keeps pdf-lib from stamping its own producer and dates, so the bytes depend only
 * on what is drawn and signed.
 */
export async function newIssuedPdf(meta: {
  title: string;
  subject: string;
  keywords: string[];
}): Promise<{ doc: PDFDocument; font: PDFFont }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(meta.title);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator("Yiwang 一网通办");
  doc.setProducer("Yiwang");
  return { doc, font: await embedCjkFont(doc) };
}
