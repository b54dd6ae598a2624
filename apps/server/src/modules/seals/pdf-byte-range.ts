import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from "pdf-lib";

/**
 * Where a PDF's last signature is and what it covers, checked before any cryptography: the /ByteRange
 * must be two ranges from the start of the file around a gap that is exactly `<hex>` (the /Contents
 * string), within the file; the signature dictionary that names this range must be inside the signed
 * revision, with the gap as its /Contents. Bytes after the signed revision are reported, not refused:
 * they are an incremental update (the caller says "modified" once the signature itself holds).
 */

export type ByteRangeFailure = "NO_SIGNATURE" | "BYTE_RANGE" | "TRUNCATED" | "GAP_NOT_HEX";

export interface SignatureLocation {
  /** [offset, length, offset, length]: the first range starts at 0, the gap is [range[1], range[2]). */
  range: readonly [number, number, number, number];
  /** The /Contents hex between `<` and `>`. */
  hex: string;
  /** The signature dictionary's /M (the signer's claimed time); null when absent or unreadable. */
  claimedTime: Date | null;
  /** Bytes follow the signed revision (more than one end-of-line): an incremental update. */
  appended: boolean;
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
const HEX_DIGIT = /^[0-9a-fA-F]*$/;
/** What may follow the signed bytes of a whole-document signature: at most one end-of-line. */
const TRAILING_EOL = /^(\r\n|\r|\n)?$/;

export async function locateSignature(pdf: Buffer): Promise<SignatureLocation | { failure: ByteRangeFailure }> {
  const text = pdf.toString("latin1");
  // The last /ByteRange is the latest signature; anything that only pretends to be one fails below.
  const last = [...text.matchAll(BYTE_RANGE)].at(-1);
  if (!last) return { failure: "NO_SIGNATURE" };
  const [a, b, c, d] = last.slice(1, 5).map(Number);
  if (![a, b, c, d].every(Number.isSafeInteger) || a !== 0 || b < 1 || c < b + 2 || d < 1)
    return { failure: "BYTE_RANGE" };
  if (c + d > pdf.length) return { failure: "TRUNCATED" };

  // The gap must be one hex string and nothing else: a lenient reader that skips other bytes would let
  // content hide in the only unsigned part of the file.
  const hex = text.slice(b + 1, c - 1);
  if (text[b] !== "<" || text[c - 1] !== ">" || !HEX_DIGIT.test(hex) || hex.length % 2 !== 0)
    return { failure: "GAP_NOT_HEX" };

  const dict = await signatureDictionary(pdf.subarray(0, c + d), [a, b, c, d]);
  if (!dict) return { failure: "BYTE_RANGE" };
  const contents = dict.lookup(PDFName.of("Contents"));
  if (!(contents instanceof PDFHexString) || contents.asString().toLowerCase() !== hex.toLowerCase())
    return { failure: "BYTE_RANGE" };

  return {
    range: [a, b, c, d],
    hex,
    claimedTime: dateOf(dict.lookup(PDFName.of("M"))),
    appended: !TRAILING_EOL.test(text.slice(c + d)),
  };
}

/**
 * The signature dictionary whose /ByteRange is `range`, read by pdf-lib from the signed revision only
 * (bytes an incremental update appended cannot redefine it). Null when there is none.
 */
async function signatureDictionary(revision: Uint8Array, range: readonly number[]): Promise<PDFDict | null> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(revision, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: false,
    });
  } catch {
    return null;
  }
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    const byteRange = object.lookup(PDFName.of("ByteRange"));
    if (!(byteRange instanceof PDFArray) || byteRange.size() !== 4) continue;
    const numbers = byteRange.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : Number.NaN));
    if (numbers.every((n, i) => n === range[i])) return object;
  }
  return null;
}

function dateOf(value: unknown): Date | null {
  if (!(value instanceof PDFString) && !(value instanceof PDFHexString)) return null;
  try {
    const date = value.decodeDate();
    return Number.isNaN(date.getTime()) ? null : date;
  } catch {
    return null;
  }
}
