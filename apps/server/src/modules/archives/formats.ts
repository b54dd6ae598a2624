/**
 * What the usability and security items need to know about one payload file: its format (from the bytes,
 * `sniffFile`, not from the name — JSON and JWS text have no signature, so those are recognised by parsing),
 * whether it opens (PDFs parse with pdf-lib, JSON parses), whether it is encrypted (a PDF /Encrypt
 * dictionary; a ZIP entry with the encryption flag) and whether it carries active content (PDF
 * /JavaScript, /JS, /Launch, /EmbeddedFile). The byte scan does not look inside compressed object streams:
 * it catches what a reader would act on in a plain PDF such as the ones this platform produces.
 */
import { PDFDocument } from "pdf-lib";
import { MATERIAL_FILE_TYPES, sniffFile } from "../../platform/files/index.js";

export interface FileInspection {
  format: string;
  allowed: boolean;
  opens: boolean | null;
  openError?: string;
  encrypted: boolean;
  active: string[];
}

const ACTIVE_PDF = ["/JavaScript", "/JS ", "/JS(", "/JS<", "/Launch", "/EmbeddedFile"];

function isJws(text: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text.trim());
}

function zipEncrypted(bytes: Buffer): boolean {
  // Local file headers (PK\3\4): general-purpose bit 0 = encrypted.
  for (let i = bytes.indexOf("PK\x03\x04", 0, "latin1"); i !== -1; i = bytes.indexOf("PK\x03\x04", i + 4, "latin1"))
    if (i + 8 <= bytes.length && (bytes.readUInt16LE(i + 6) & 1) === 1) return true;
  return false;
}

export async function inspectFile(path: string, bytes: Buffer): Promise<FileInspection> {
  if (path.endsWith(".json")) {
    try {
      JSON.parse(bytes.toString("utf8"));
      return { format: "json", allowed: true, opens: true, encrypted: false, active: [] };
    } catch (err) {
      return { format: "json", allowed: true, opens: false, openError: String(err), encrypted: false, active: [] };
    }
  }
  if (path.endsWith(".jwt")) {
    const ok = isJws(bytes.toString("utf8"));
    return {
      format: "jws",
      allowed: true,
      opens: ok,
      openError: ok ? undefined : "not a compact JWS",
      encrypted: false,
      active: [],
    };
  }
  let format: string;
  try {
    format = (await sniffFile(bytes, MATERIAL_FILE_TYPES)).mime;
  } catch (err) {
    const code = (err as { code?: string }).code ?? String(err);
    return { format: code, allowed: false, opens: null, encrypted: false, active: [] };
  }
  if (format === "application/pdf") {
    const latin = bytes.toString("latin1");
    const active = ACTIVE_PDF.filter((k) => latin.includes(k)).map((k) => k.trim());
    const encrypted = /\/Encrypt\s/.test(latin);
    try {
      await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
      return { format, allowed: true, opens: true, encrypted, active };
    } catch (err) {
      return { format, allowed: true, opens: false, openError: (err as Error).message, encrypted, active };
    }
  }
  const zip = format.includes("openxmlformats") || format === "application/ofd";
  return { format, allowed: true, opens: null, encrypted: zip && zipEncrypted(bytes), active: [] };
}
