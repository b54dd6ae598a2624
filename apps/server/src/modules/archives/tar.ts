/**
 * A minimal POSIX ustar writer and reader for archive packages: regular files only, ASCII paths of at most
 * 100 bytes (the package builder names payload files itself, so no PAX headers are needed), mtime fixed by
 * the caller so that a package's bytes depend on its content only. Any tar reader (GNU tar, Python's
 * tarfile) reads the output; the reader accepts what GNU tar and Python write for plain files and directories.
 */

const BLOCK = 512;

export interface TarEntry {
  path: string;
  bytes: Buffer;
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, "0")}\0`;
}

function header(path: string, size: number, mtime: number, type: "0" | "5"): Buffer {
  const name = Buffer.from(path, "utf8");
  if (name.length > 100) throw new RangeError(`tar path longer than 100 bytes: ${path}`);
  const h = Buffer.alloc(BLOCK, 0);
  name.copy(h, 0);
  h.write(octal(type === "5" ? 0o755 : 0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii");
  h.write(octal(0, 8), 116, "ascii");
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(mtime, 12), 136, "ascii");
  h.write("        ", 148, "ascii");
  h.write(type, 156, "ascii");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return h;
}

/** A tar of `entries` (directories are implied by the paths and written before their files). */
export function writeTar(entries: readonly TarEntry[], mtimeSeconds: number): Buffer {
  const parts: Buffer[] = [];
  const dirs = new Set<string>();
  for (const e of entries) {
    const segments = e.path.split("/");
    for (let i = 1; i < segments.length; i++) {
      const dir = `${segments.slice(0, i).join("/")}/`;
      if (dirs.has(dir)) continue;
      dirs.add(dir);
      parts.push(header(dir, 0, mtimeSeconds, "5"));
    }
    parts.push(header(e.path, e.bytes.length, mtimeSeconds, "0"), e.bytes);
    const pad = (BLOCK - (e.bytes.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

export class TarFormatError extends Error {}

function field(h: Buffer, start: number, length: number): string {
  const raw = h.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString("utf8");
}

/** The regular files of a tar (paths without a leading "./"); TarFormatError when it is not one. */
export function readTar(tar: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let offset = 0;
  let paxPath: string | null = null;
  while (offset + BLOCK <= tar.length) {
    const h = tar.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) return out;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    if (Number.parseInt(field(h, 148, 8).trim(), 8) !== sum)
      throw new TarFormatError(`bad header checksum at ${offset}`);
    const size = Number.parseInt(field(h, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(h[156] || 48);
    const prefix = field(h, 345, 155);
    const name = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
    const body = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    if (body.length !== size) throw new TarFormatError("truncated tar");
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "x") {
      // PAX extended header (Python writes one for long or non-ASCII names): take its path.
      const m = /\d+ path=([^\n]*)\n/.exec(body.toString("utf8"));
      paxPath = m ? m[1] : null;
      continue;
    }
    if (type === "0" || type === "\0") {
      out.push({ path: (paxPath ?? name).replace(/^\.\//, ""), bytes: Buffer.from(body) });
    } else if (type !== "5" && type !== "g") {
      throw new TarFormatError(`unsupported tar entry type ${JSON.stringify(type)}`);
    }
    paxPath = null;
  }
  if (offset === 0) throw new TarFormatError("empty tar");
  return out;
}
