import { readFileSync } from "node:fs";
import fontkit from "@pdf-lib/fontkit";
import { type PDFDocument, PDFDocument as PDFDocumentClass, type PDFFont, rgb } from "pdf-lib";

/**
 * Chinese text in PDFs: pdf-lib with @pdf-lib/fontkit and an embedded CJK font SUBSET (only the glyphs
 * used), so `pdftotext` and screen readers get the text back through the font's ToUnicode map. The fonts
 * are Debian's (`fonts-noto-cjk`, installed by .ci/run); a font collection (.ttc) is opened by PostScript
 * name through a fontkit wrapper, because pdf-lib's `embedFont` only takes bytes.
 */
export interface CjkFontSource {
  path: string;
  /** For a collection (.ttc): the PostScript name of the face to use. */
  postscriptName?: string;
}

export const DEFAULT_CJK_FONTS: readonly CjkFontSource[] = [
  { path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", postscriptName: "WenQuanYiMicroHei" },
  { path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", postscriptName: "NotoSansCJKsc-Regular" },
  { path: "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", postscriptName: "NotoSerifCJKsc-Regular" },
];

const bytesCache = new Map<string, Buffer>();
function fontBytes(path: string): Buffer {
  let b = bytesCache.get(path);
  if (!b) {
    b = readFileSync(path);
    bytesCache.set(path, b);
  }
  return b;
}

/**
 * Parsing a CJK collection is most of the cost of a document (tens of ms for its tables); the parsed
 * font is only read afterwards (each document takes its own subset), so one parse per process is kept.
 */
const parsedCache = new Map<string, unknown>();
function parsedFont(path: string, name: string | undefined, data: Uint8Array) {
  const key = `${path}#${name ?? ""}`;
  let font = parsedCache.get(key);
  if (!font) {
    font = name ? fontkit.create(data, name) : fontkit.create(data);
    parsedCache.set(key, font);
  }
  return font;
}

/** Embeds the first available CJK font (as a subset) into `doc`. */
export async function embedCjkFont(doc: PDFDocument, sources: readonly CjkFontSource[] = DEFAULT_CJK_FONTS) {
  let lastError: unknown;
  for (const source of sources) {
    let bytes: Buffer;
    try {
      bytes = fontBytes(source.path);
    } catch (err) {
      lastError = err;
      continue;
    }
    const name = source.postscriptName;
    doc.registerFontkit({
      create: (data: Uint8Array) => parsedFont(source.path, name, data),
    } as unknown as typeof fontkit);
    return doc.embedFont(bytes, { subset: true });
  }
  throw new Error(`no CJK font found (${sources.map((s) => s.path).join(", ")}): ${String(lastError)}`);
}

export interface TextLine {
  text: string;
  size?: number;
}

/**
 * A simple A4 document of Chinese text lines (titles, holder names, license fields): for tests and for
 * license documents until they get their own layout.
 */
export async function chinesePdf(lines: readonly (string | TextLine)[], title?: string): Promise<Uint8Array> {
  const doc = await PDFDocumentClass.create();
  if (title) doc.setTitle(title);
  doc.setCreator("Yiwang");
  const font: PDFFont = await embedCjkFont(doc);
  const page = doc.addPage([595.28, 841.89]);
  let y = 780;
  for (const line of lines) {
    const { text, size = 14 } = typeof line === "string" ? { text: line } : line;
    page.drawText(text, { x: 60, y, size, font, color: rgb(0, 0, 0) });
    y -= size * 1.8;
  }
  return doc.save();
}
