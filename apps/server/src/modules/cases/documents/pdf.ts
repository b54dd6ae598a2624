/**
 * The PDF of a 文书 before sealing: A4 pages with the title, the 文号, labelled rows (applicant, item,
 * case number, dates), paragraphs, and the department and date at the bottom right of the last page,
 * where the seals module then stamps the seal over them (as on paper). Chinese text uses the platform's
 * embedded CJK font subset, so `pdftotext` gets it back; the 文号 is also the document's Subject.
 */
import { type PDFFont, type PDFPage, rgb } from "pdf-lib";
import { A4, newIssuedPdf } from "../../../platform/pdf/document.js";

export interface DocumentPdfInput {
  title: string;
  number: string;
  rows: readonly { label: string; value: string }[];
  paragraphs: readonly string[];
  departmentName: string;
  /** YYYY-MM-DD (local). */
  issuedOn: string;
}

const [WIDTH, HEIGHT] = A4;
const LEFT = 70;
const BODY = 12.5;
const LINE = 21;
/** Room the last page keeps for the department, the date and the seal (stamped 60–180 pt from the bottom). */
const SIGNATURE_ROOM = 230;
const ink = rgb(0.1, 0.1, 0.1);
const grey = rgb(0.35, 0.35, 0.35);

export async function documentPdf(input: DocumentPdfInput): Promise<Uint8Array> {
  const { doc, font } = await newIssuedPdf({
    title: `${input.title} ${input.number}`,
    subject: input.number,
    keywords: ["文书", input.title, input.number],
  });
  let page = doc.addPage([WIDTH, HEIGHT]);
  let y = HEIGHT - 110;
  const room = (needed: number) => {
    if (y - needed >= 70) return;
    page = doc.addPage([WIDTH, HEIGHT]);
    y = HEIGHT - 80;
  };
  const centred = (p: PDFPage, text: string, size: number, at: number, f: PDFFont) =>
    p.drawText(text, { x: (WIDTH - f.widthOfTextAtSize(text, size)) / 2, y: at, size, font: f, color: ink });

  centred(page, input.departmentName, 16, y + 40, font);
  centred(page, input.title, 24, y, font);
  y -= 34;
  centred(page, input.number, 11, y, font);
  y -= 40;

  const textWidth = WIDTH - 2 * LEFT;
  for (const r of input.rows) {
    const labelWidth = 120;
    const lines = wrap(font, r.value || "—", BODY, textWidth - labelWidth);
    room(lines.length * LINE);
    page.drawText(r.label, { x: LEFT, y, size: BODY, font, color: grey });
    for (const line of lines) {
      page.drawText(line, { x: LEFT + labelWidth, y, size: BODY, font, color: ink });
      y -= LINE;
    }
  }
  y -= 10;
  for (const p of input.paragraphs) {
    // A paragraph starts indented by two characters, as Chinese official documents are set.
    const lines = wrap(font, `\u3000\u3000${p}`, BODY, textWidth);
    for (const line of lines) {
      room(LINE);
      page.drawText(line, { x: LEFT, y, size: BODY, font, color: ink });
      y -= LINE;
    }
    y -= 6;
  }
  if (y < SIGNATURE_ROOM) page = doc.addPage([WIDTH, HEIGHT]);
  const right = WIDTH - 70;
  for (const [text, at] of [
    [input.departmentName, 150],
    [formatDate(input.issuedOn), 125],
  ] as const)
    page.drawText(text, { x: right - font.widthOfTextAtSize(text, 13), y: at, size: 13, font, color: ink });
  return doc.save({ useObjectStreams: false });
}

/** 2026年3月2日 */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** Breaks text into lines that fit the width (character by character: Chinese has no spaces to break at). */
function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const ch of text) {
    if (ch === "\n") {
      out.push(line);
      line = "";
      continue;
    }
    if (line && font.widthOfTextAtSize(line + ch, size) > width) {
      out.push(line);
      line = "";
    }
    line += ch;
  }
  if (line || out.length === 0) out.push(line);
  return out;
}
