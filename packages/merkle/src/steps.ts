/**
 * Every algorithm in this package is written once, as a generator that yields the byte strings it needs
 * hashed and is resumed with their SHA-256 digest. A driver answers those requests: `runAsync` with
 * WebCrypto (browsers, and Node when speed does not matter), `runSync` with any synchronous SHA-256 the
 * caller injects (the server's node:crypto, ~20× faster per hash than awaiting crypto.subtle.digest; see
 * apps/server/src/modules/audit/merkle.ts for the figures). So there is one implementation of the tree
 * hashing and proof checks, and no second copy to drift.
 */

/** SHA-256 of the concatenation of these byte strings. */
export type HashRequest = readonly Uint8Array[];

/** An algorithm that needs hashing done for it; H is the digest type the driver produces. */
export type Steps<T, H extends Uint8Array = Uint8Array> = Generator<HashRequest, T, H>;

export type SyncSha256<H extends Uint8Array> = (parts: HashRequest) => H;
export type AsyncSha256<H extends Uint8Array> = (parts: HashRequest) => Promise<H>;

export function runSync<T, H extends Uint8Array>(steps: Steps<T, H>, sha256: SyncSha256<H>): T {
  let step = steps.next();
  while (!step.done) step = steps.next(sha256(step.value));
  return step.value;
}

export async function runAsync<T, H extends Uint8Array>(steps: Steps<T, H>, sha256: AsyncSha256<H>): Promise<T> {
  let step = steps.next();
  while (!step.done) step = steps.next(await sha256(step.value));
  return step.value;
}

/** SHA-256 with WebCrypto, the only hash available in both a browser and Node without imports. */
export async function webCryptoSha256(parts: HashRequest): Promise<Uint8Array> {
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
}
