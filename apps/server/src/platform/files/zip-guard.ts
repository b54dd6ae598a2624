import { inflateRawSync } from "node:zlib";
import { FileErrors } from "./errors.js";

/**
 * Limits on what a ZIP package (XLSX, DOCX, OFD) may unpack to, checked before any parser sees it. A 400 kB
 * workbook that inflated to 400 MB took 13 s and 450 MB of memory per import request (issue 14, defect 8).
 * 100 MiB and 10,000 entries are far above any real workbook, document or OFD file (the demo catalog's
 * workbook unpacks to under 1 MB in about 30 entries).
 */
export const ZIP_LIMITS = { maxEntries: 10_000, maxInflatedBytes: 100 * 1024 * 1024 } as const;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeader: number;
}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;

/** The central directory, or null when it cannot be read (not a ZIP, truncated, ZIP64). */
export function zipEntries(bytes: Buffer): ZipEntry[] | null {
  // The end-of-central-directory record is 22 bytes plus a comment of at most 65535 bytes.
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  const offset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff || offset + size > eocd) return null;
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || bytes.readUInt32LE(p) !== CEN) return null;
    const nameLen = bytes.readUInt16LE(p + 28);
    const extraLen = bytes.readUInt16LE(p + 30);
    const commentLen = bytes.readUInt16LE(p + 32);
    if (p + 46 + nameLen > eocd) return null;
    entries.push({
      name: bytes.toString("utf8", p + 46, p + 46 + nameLen),
      method: bytes.readUInt16LE(p + 10),
      compressedSize: bytes.readUInt32LE(p + 20),
      size: bytes.readUInt32LE(p + 24),
      localHeader: bytes.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * Refuses a ZIP package whose contents exceed the limits: too many entries or too many bytes once
 * inflated — 413 FILE_ARCHIVE_TOO_LARGE — and one whose directory lies about its sizes or uses a method
 * other than stored/deflate — 422 FILE_ARCHIVE_INVALID. The declared sizes are checked first (cheap), then
 * each entry is inflated with the output capped at its declared size, so the work done on a hostile file
 * never exceeds the limit, whatever its headers say.
 */
export function assertZipWithinLimits(
  bytes: Buffer,
  limits: { maxEntries: number; maxInflatedBytes: number } = ZIP_LIMITS,
) {
  const entries = zipEntries(bytes);
  if (!entries) throw FileErrors.FILE_ARCHIVE_INVALID({ reason: "directory" });
  if (entries.length > limits.maxEntries)
    throw FileErrors.FILE_ARCHIVE_TOO_LARGE({ entries: entries.length, maxEntries: limits.maxEntries });
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > limits.maxInflatedBytes)
    throw FileErrors.FILE_ARCHIVE_TOO_LARGE({ inflatedBytes: declared, maxInflatedBytes: limits.maxInflatedBytes });
  for (const e of entries) {
    const h = e.localHeader;
    if (h + 30 > bytes.length || bytes.readUInt32LE(h) !== LOC)
      throw FileErrors.FILE_ARCHIVE_INVALID({ entry: e.name });
    const start = h + 30 + bytes.readUInt16LE(h + 26) + bytes.readUInt16LE(h + 28);
    if (start + e.compressedSize > bytes.length) throw FileErrors.FILE_ARCHIVE_INVALID({ entry: e.name });
    const data = bytes.subarray(start, start + e.compressedSize);
    let inflated: number;
    if (e.method === 0) inflated = data.length;
    else if (e.method === 8) {
      try {
        // One byte over the declared size is enough to know the directory lied.
        inflated = inflateRawSync(data, { maxOutputLength: e.size + 1 }).length;
      } catch {
        throw FileErrors.FILE_ARCHIVE_INVALID({ entry: e.name });
      }
    } else throw FileErrors.FILE_ARCHIVE_INVALID({ entry: e.name, method: e.method });
    if (inflated !== e.size) throw FileErrors.FILE_ARCHIVE_INVALID({ entry: e.name });
  }
}
