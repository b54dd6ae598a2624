import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../../test-support/database.js";
import { TestClock } from "../clock/clock.js";
import { AppError } from "../errors.js";
import { BlobNotFoundError, LocalBlobStore, S3BlobStore } from "./blob-store.js";
import { FileStore } from "./files.js";
import { MATERIAL_FILE_TYPES, MIME, sniffFile, zipEntryNames } from "./sniff.js";
import {
  docxBytes,
  elfBytes,
  exeBytes,
  JPEG_HEAD,
  ofdBytes,
  PNG_1X1,
  pdfBytes,
  xlsxBytes,
  zipBytes,
} from "./testing.js";

async function refusal(p: Promise<unknown>): Promise<{ code: string; status: number; details: unknown }> {
  const err = await p.then(
    () => expect.unreachable("should have been refused"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const e = err as AppError;
  return { code: e.code, status: e.statusCode, details: e.details };
}

describe("files: content sniffing", () => {
  it("recognises every material type from its bytes", async () => {
    expect(await sniffFile(pdfBytes(), MATERIAL_FILE_TYPES)).toEqual({ mime: MIME.pdf, ext: "pdf" });
    expect(await sniffFile(PNG_1X1, MATERIAL_FILE_TYPES)).toEqual({ mime: MIME.png, ext: "png" });
    expect(await sniffFile(JPEG_HEAD, MATERIAL_FILE_TYPES)).toEqual({ mime: MIME.jpeg, ext: "jpg" });
    expect(await sniffFile(ofdBytes(), MATERIAL_FILE_TYPES)).toEqual({ mime: MIME.ofd, ext: "ofd" });
    expect(await sniffFile(docxBytes(), MATERIAL_FILE_TYPES)).toEqual({ mime: MIME.docx, ext: "docx" });
    expect(await sniffFile(xlsxBytes(), MATERIAL_FILE_TYPES)).toEqual({ mime: MIME.xlsx, ext: "xlsx" });
    // an allowed list may name extensions too
    expect(await sniffFile(pdfBytes(), ["pdf"])).toEqual({ mime: MIME.pdf, ext: "pdf" });
  });

  it("refuses executables whatever they are called, naming what was found and what is allowed", async () => {
    const elf = await refusal(sniffFile(elfBytes(), MATERIAL_FILE_TYPES));
    expect(elf).toEqual({
      code: "FILE_TYPE_NOT_ALLOWED",
      status: 415,
      details: { detected: "application/x-elf", ext: "elf", allowed: MATERIAL_FILE_TYPES },
    });
    const exe = await refusal(sniffFile(exeBytes(), MATERIAL_FILE_TYPES));
    expect(exe).toMatchObject({ code: "FILE_TYPE_NOT_ALLOWED", details: { ext: "exe" } });
    // a type that exists but is not on the caller's list
    expect(await refusal(sniffFile(PNG_1X1, [MIME.pdf]))).toMatchObject({
      code: "FILE_TYPE_NOT_ALLOWED",
      details: { detected: MIME.png, allowed: [MIME.pdf] },
    });
  });

  it("counts a ZIP as OFD only when it holds OFD.xml at its root", async () => {
    const plain = zipBytes({ "a.txt": "hello", "sub/OFD.xml": "<x/>" });
    expect(zipEntryNames(plain)).toEqual(["a.txt", "sub/OFD.xml"]);
    expect(await refusal(sniffFile(plain, MATERIAL_FILE_TYPES))).toMatchObject({
      code: "FILE_TYPE_NOT_ALLOWED",
      details: { detected: "application/zip", ext: "zip" },
    });
    expect(zipEntryNames(pdfBytes())).toBeNull();
    expect(zipEntryNames(ofdBytes().subarray(0, 60))).toBeNull(); // truncated
  });

  it("refuses unknown content, empty files and files over the limit", async () => {
    expect(await refusal(sniffFile(Buffer.from("just some text, renamed to .pdf\n"), MATERIAL_FILE_TYPES))).toEqual({
      code: "FILE_TYPE_UNKNOWN",
      status: 415,
      details: { allowed: MATERIAL_FILE_TYPES },
    });
    const random = Buffer.alloc(4096);
    for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) % 251;
    expect((await refusal(sniffFile(random, MATERIAL_FILE_TYPES))).code).toBe("FILE_TYPE_UNKNOWN");
    expect(await refusal(sniffFile(Buffer.alloc(0), MATERIAL_FILE_TYPES))).toMatchObject({
      code: "FILE_EMPTY",
      status: 400,
    });
    expect(await refusal(sniffFile(pdfBytes(), MATERIAL_FILE_TYPES, { maxBytes: 100 }))).toMatchObject({
      code: "FILE_TOO_LARGE",
      status: 413,
    });
  });
});

describe("files: local blob store", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-blobs-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes sharded files atomically and idempotently, reads and deletes them", async () => {
    const store = new LocalBlobStore(dir);
    const key = "ab".repeat(32);
    await store.put(key, Buffer.from("one"));
    await store.put(key, Buffer.from("one"));
    expect(fs.existsSync(path.join(dir, "ab", "ab", key))).toBe(true);
    expect(fs.readdirSync(path.join(dir, "ab", "ab"))).toEqual([key]); // no temp files left
    expect((await store.get(key)).toString()).toBe("one");
    await store.delete(key);
    await store.delete(key);
    await expect(store.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.put("../../etc/passwd", Buffer.from("x"))).rejects.toThrow(RangeError);
  });
});

describe("files: FileStore", () => {
  let d: TestDatabase;
  let dir: string;
  let files: FileStore;
  const clock = new TestClock("2026-03-02T01:00:00Z");
  beforeAll(async () => {
    d = await openTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-files-"));
    files = new FileStore(d.db, new LocalBlobStore(dir), clock);
  });
  afterAll(async () => {
    await d.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("stores bytes under their SHA-256 and metadata in the caller's transaction", async () => {
    const bytes = pdfBytes("licence");
    const stored = await d.db
      .transaction()
      .execute((trx) => files.put(bytes, { name: "营业执照.pdf", contentType: MIME.pdf, createdBy: "account-1" }, trx));
    expect(stored).toEqual({
      id: expect.any(String),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      size: bytes.length,
      contentType: MIME.pdf,
      name: "营业执照.pdf",
    });
    const got = await files.get(stored.id);
    expect(got.bytes.equals(bytes)).toBe(true);
    expect(got.meta).toEqual({ ...stored, createdBy: "account-1", createdAt: clock.now() });
    expect(await files.meta(stored.id)).toEqual(got.meta);

    // the same content again: a second row, one blob
    const again = await files.put(bytes, { name: "copy.pdf", contentType: MIME.pdf, createdBy: "account-2" });
    expect(again.id).not.toBe(stored.id);
    expect(again.sha256).toBe(stored.sha256);
    expect(fs.readdirSync(path.join(dir, stored.sha256.slice(0, 2), stored.sha256.slice(2, 4)))).toHaveLength(1);
  });

  it("a rolled-back transaction leaves no row", async () => {
    let id = "";
    await d.db
      .transaction()
      .execute(async (trx) => {
        id = (await files.put(PNG_1X1, { name: "a.png", contentType: MIME.png, createdBy: "x" }, trx)).id;
        throw new Error("rollback");
      })
      .catch(() => {});
    expect(id).not.toBe("");
    expect((await refusal(files.meta(id))).code).toBe("FILE_NOT_FOUND");
  });

  it("answers FILE_NOT_FOUND (404) for unknown ids, malformed ids and lost blobs; FILE_CORRUPT for altered bytes", async () => {
    expect(await refusal(files.get("00000000-0000-4000-8000-000000000000"))).toMatchObject({
      code: "FILE_NOT_FOUND",
      status: 404,
    });
    expect((await refusal(files.meta("not-a-uuid"))).code).toBe("FILE_NOT_FOUND");
    const lost = await files.put(Buffer.from("lost bytes"), { name: "l", contentType: "text/plain", createdBy: "x" });
    await files.blobs.delete(lost.sha256);
    expect((await refusal(files.get(lost.id))).code).toBe("FILE_NOT_FOUND");
    const altered = await files.put(Buffer.from("original"), { name: "o", contentType: "text/plain", createdBy: "x" });
    const p = path.join(dir, altered.sha256.slice(0, 2), altered.sha256.slice(2, 4), altered.sha256);
    fs.writeFileSync(p, "tampered");
    expect((await refusal(files.get(altered.id))).code).toBe("FILE_CORRUPT");
  });
});

// The S3 adapter against s3rver, a fake S3 server speaking the real S3 HTTP protocol (it checks the access
// key id but does not verify SigV4 signatures).
describe("files: S3 blob store", () => {
  let server: S3rver;
  let dir: string;
  let endpoint: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-s3-"));
    server = new S3rver({
      address: "127.0.0.1",
      port: 0,
      silent: true,
      directory: dir,
      configureBuckets: [{ name: "yiwang", configs: [] }],
    });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const store = (keyId = "S3RVER", secret = "S3RVER") =>
    new S3BlobStore({
      endpoint,
      region: "us-east-1",
      bucket: "yiwang",
      accessKeyId: keyId,
      secretAccessKey: secret,
      forcePathStyle: true,
      prefix: "files/",
    });

  it("puts, gets and deletes objects", async () => {
    const s = store();
    const key = "cd".repeat(32);
    const bytes = pdfBytes("s3");
    await s.put(key, bytes);
    await s.put(key, bytes);
    expect((await s.get(key)).equals(bytes)).toBe(true);
    await s.delete(key);
    await expect(s.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(JSON.stringify(s)).toBe(JSON.stringify({ kind: "s3", endpoint, bucket: "yiwang", prefix: "files/" }));
    await s.destroy();
  });

  it("is refused with wrong credentials, and the secret appears nowhere in the error", async () => {
    const s = store("UNKNOWNKEY", "wrong-secret-value");
    const err = await s.put("ef".repeat(32), Buffer.from("x")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe("InvalidAccessKeyId");
    expect(JSON.stringify(err)).not.toContain("wrong-secret-value");
    expect(String((err as Error).stack)).not.toContain("wrong-secret-value");
    await s.destroy();
  });
});
