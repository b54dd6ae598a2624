import { fileTypeFromBuffer } from "file-type";
import { FileErrors } from "./errors.js";

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
  const EOCD = 0x06054b50;
  const CEN = 0x02014b50;
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
  const names: string[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || bytes.readUInt32LE(p) !== CEN) return null;
    const nameLen = bytes.readUInt16LE(p + 28);
    const extraLen = bytes.readUInt16LE(p + 30);
    const commentLen = bytes.readUInt16LE(p + 32);
    if (p + 46 + nameLen > eocd) return null;
    names.push(bytes.toString("utf8", p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}
