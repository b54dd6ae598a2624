import { fileTypeFromBuffer } from "file-type";
import { FileErrors } from "./errors.js";
import { assertZipWithinLimits, zipEntries } from "./zip-guard.js";

export const MIME = {
  pdf: "application/pdf",
  jpeg: "image/jpeg",
  png: "image/png",
  ofd: "application/ofd",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

/** What applicants may upload as application materials (申请材料): PDF, JPEG, PNG, OFD, DOCX, XLSX. */
export const MATERIAL_FILE_TYPES: readonly string[] = Object.freeze([
  MIME.pdf,
  MIME.jpeg,
  MIME.png,
  MIME.ofd,
  MIME.docx,
  MIME.xlsx,
]);

const ZIP_PACKAGES: ReadonlySet<string> = new Set([MIME.ofd, MIME.docx, MIME.xlsx, "application/zip"]);

export interface SniffedType {
  mime: string;
  ext: string;
}

/**
 * The type of a file from its bytes, never from its name or declared Content-Type: an executable renamed
 * to .pdf is detected as exe/elf and refused. `allowed` lists MIME types (or extensions) the caller
 * accepts. Throws FILE_EMPTY (400), FILE_TOO_LARGE (413, with `maxBytes`), FILE_TYPE_UNKNOWN (415, no
 * recognisable signature — plain text included) or FILE_TYPE_NOT_ALLOWED (415, details name the detected
 * type and the allowed list).
 *
 * ZIP packages (OFD, DOCX, XLSX) must unpack within ZIP_LIMITS: 413 FILE_ARCHIVE_TOO_LARGE, or 422
 * FILE_ARCHIVE_INVALID when the directory lies about the sizes.
 *
 * OFD (GB/T 33190, 开放版式文档) has no signature of its own: it is a ZIP package whose root holds the entry
 * file `OFD.xml`. A ZIP is reported as OFD only when its central directory lists that entry.
 */
export async function sniffFile(
  bytes: Buffer,
  allowed: readonly string[],
  options: { maxBytes?: number } = {},
): Promise<SniffedType> {
  if (bytes.length === 0) throw FileErrors.FILE_EMPTY();
  if (options.maxBytes !== undefined && bytes.length > options.maxBytes)
    throw FileErrors.FILE_TOO_LARGE({ size: bytes.length, maxBytes: options.maxBytes });
  const detected = await detect(bytes);
  if (!detected) throw FileErrors.FILE_TYPE_UNKNOWN({ allowed });
  if (!allowed.includes(detected.mime) && !allowed.includes(detected.ext))
    throw FileErrors.FILE_TYPE_NOT_ALLOWED({ detected: detected.mime, ext: detected.ext, allowed });
  // A package that a reader (an OFD or office viewer, a virus scanner, an archive job) will unpack must
  // unpack within bounds: refused now, not when someone opens it.
  if (ZIP_PACKAGES.has(detected.mime)) assertZipWithinLimits(bytes);
  return detected;
}

async function detect(bytes: Buffer): Promise<SniffedType | undefined> {
  const ft = await fileTypeFromBuffer(bytes);
  if (!ft) return undefined;
  if (ft.ext === "zip" && zipEntryNames(bytes)?.some((n) => n === "OFD.xml" || n === "/OFD.xml"))
    return { mime: MIME.ofd, ext: "ofd" };
  return { mime: ft.mime, ext: ft.ext };
}

/** Names in a ZIP's central directory, or null when it cannot be read (not a ZIP, truncated, ZIP64). */
export function zipEntryNames(bytes: Buffer): string[] | null {
  return zipEntries(bytes)?.map((e) => e.name) ?? null;
}
