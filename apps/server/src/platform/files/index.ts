import type { AppConfig } from "../config.js";
import { type BlobStore, LocalBlobStore, S3BlobStore } from "./blob-store.js";

export type { BlobStore, S3BlobStoreOptions } from "./blob-store.js";
export { BlobNotFoundError, LocalBlobStore, S3BlobStore } from "./blob-store.js";
export { FileErrors } from "./errors.js";
export type { FilePutMeta, StoredFile, StoredFileMeta } from "./files.js";
export { FileStore } from "./files.js";
export type { SniffedType } from "./sniff.js";
export { MATERIAL_FILE_TYPES, MIME, sniffFile, zipEntryNames } from "./sniff.js";
export { assertZipWithinLimits, ZIP_LIMITS } from "./zip-guard.js";

/** The blob store the configuration asks for (`FILE_STORE`). */
export function blobStoreFromConfig(files: AppConfig["files"]): BlobStore {
  if (files.store === "s3") {
    if (!files.s3) throw new Error("FILE_STORE=s3 needs S3_BUCKET");
    return new S3BlobStore(files.s3);
  }
  return new LocalBlobStore(files.dir);
}
