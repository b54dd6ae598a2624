import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";

/** Where file bytes live. Keys are chosen by the caller (FileStore uses the SHA-256 of the content). */
export interface BlobStore {
  /** Stores the bytes under `key`; storing the same key again is harmless (keys name their content). */
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes under `key`; throws `BlobNotFoundError` when there are none. */
  get(key: string): Promise<Buffer>;
  /** Removes `key`; a missing key is not an error. */
  delete(key: string): Promise<void>;
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`blob not found: ${key}`);
    this.name = "BlobNotFoundError";
  }
}

const KEY = /^[a-z0-9][a-z0-9._-]{7,127}$/;
function checkKey(key: string): string {
  if (!KEY.test(key)) throw new RangeError(`invalid blob key: ${JSON.stringify(key)}`);
  return key;
}

/**
 * Blobs as files under a directory, sharded by the key's first two pairs of characters
 * (`ab/cd/abcd…`). A write goes to a temporary file in the target directory, is flushed to disk and then
 * renamed into place, so a reader never sees a partial file and a crash leaves at most a stray temp file.
 */
export class LocalBlobStore implements BlobStore {
  constructor(readonly dir: string) {}

  pathOf(key: string): string {
    checkKey(key);
    return path.join(this.dir, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(key);
    const existing = await fs.stat(target).catch(() => null);
    if (existing?.isFile() && existing.size === bytes.length) return; // content-addressed: already there
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    const handle = await fs.open(temp, "wx", 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temp, target);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new BlobNotFoundError(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }
}

export interface S3BlobStoreOptions {
  /** S3-compatible endpoint (MinIO, Ceph, a cloud's OSS); unset → AWS. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Unset → the SDK's default credential chain (environment, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
  /** Prepended to every key (e.g. "files/"). */
  prefix?: string;
}

/**
 * Blobs as objects in an S3-compatible bucket. Credentials stay inside the SDK client; never logged. The SDK
 * is loaded on first use, so processes with the local store never load it.
 */
export class S3BlobStore implements BlobStore {
  readonly #options: S3BlobStoreOptions;
  #sdk?: Promise<{ sdk: typeof import("@aws-sdk/client-s3"); client: S3Client }>;

  constructor(options: S3BlobStoreOptions) {
    this.#options = { ...options };
  }

  #connect() {
    this.#sdk ??= import("@aws-sdk/client-s3").then((sdk) => {
      const o = this.#options;
      const client = new sdk.S3Client({
        endpoint: o.endpoint,
        region: o.region,
        forcePathStyle: o.forcePathStyle ?? false,
        credentials:
          o.accessKeyId && o.secretAccessKey
            ? { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey }
            : undefined,
        // Only the checksums S3 requires: many S3-compatible stores reject the newer default trailers.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      });
      return { sdk, client };
    });
    return this.#sdk;
  }

  #key(key: string) {
    return `${this.#options.prefix ?? ""}${checkKey(key)}`;
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const Key = this.#key(key);
    const { sdk, client } = await this.#connect();
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: this.#options.bucket,
        Key,
        Body: bytes,
        ContentLength: bytes.length,
        ContentType: "application/octet-stream",
      }),
    );
  }

  async get(key: string): Promise<Buffer> {
    const Key = this.#key(key);
    const { sdk, client } = await this.#connect();
    try {
      const out = await client.send(new sdk.GetObjectCommand({ Bucket: this.#options.bucket, Key }));
      if (!out.Body) throw new BlobNotFoundError(key);
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (err) {
      if (
        err instanceof sdk.NoSuchKey ||
        (err instanceof sdk.S3ServiceException && err.$metadata.httpStatusCode === 404)
      )
        throw new BlobNotFoundError(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const Key = this.#key(key);
    const { sdk, client } = await this.#connect();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.#options.bucket, Key }));
  }

  /** What a log line may show of this store. */
  toJSON() {
    return { kind: "s3", endpoint: this.#options.endpoint, bucket: this.#options.bucket, prefix: this.#options.prefix };
  }

  /** Closes the client's connections. */
  async destroy(): Promise<void> {
    if (this.#sdk) (await this.#sdk).client.destroy();
  }
}
