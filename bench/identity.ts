/**
 * Identity benchmark pieces: the account the login scenario uses, and the in-process argon2id verify rate
 * that HTTP password login is compared with (the login's own floor: a login cannot be faster than one
 * verify). Per core: the server is one Node process; @node-rs/argon2 verifies on libuv's worker threads,
 * so the HTTP figure can use both of this machine's cores — the line says how many.
 */
import os from "node:os";
import { verify } from "@node-rs/argon2";
import type { Kysely } from "kysely";
import { AccountRepository, hashPassword } from "../apps/server/src/modules/identity/index.js";
import type { AppConfig } from "../apps/server/src/platform/config.js";
import { PiiCipher } from "../apps/server/src/platform/crypto/pii.js";
import type { DB } from "../apps/server/src/platform/db/schema.js";

export const BENCH_PHONE = "13912345678";
export const BENCH_PASSWORD = "Bench-Passw0rd!";

export async function createBenchAccounts(db: Kysely<DB>, config: AppConfig) {
  const pii = new PiiCipher({ key: config.secrets.dataEncryptionKey, indexKey: config.secrets.piiIndexKey });
  const accounts = new AccountRepository(db);
  const bidx = pii.blindIndex("phone", BENCH_PHONE);
  if (await accounts.findCitizenByPhone(bidx)) return;
  await accounts.insert({
    kind: "citizen",
    display_name: "压测用户",
    phone_enc: pii.encrypt("phone", BENCH_PHONE),
    phone_bidx: bidx,
    password_hash: await hashPassword(BENCH_PASSWORD),
  });
}

/** argon2id verifies per second in this process: one at a time, then as many in flight as cores. */
export async function benchPasswordVerify(httpLoginRps?: number): Promise<string[]> {
  const hash = await hashPassword(BENCH_PASSWORD);
  const cores = os.availableParallelism();
  const run = async (concurrency: number, seconds: number) => {
    let done = 0;
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          if (!(await verify(hash, BENCH_PASSWORD))) throw new Error("verify failed");
          done++;
        }
      }),
    );
    return done / seconds;
  };
  const serial = await run(1, 3);
  const parallel = await run(cores, 3);
  const lines = [
    "Password hashing (argon2id, m=19456 KiB, t=2, p=1) in one process, same run:",
    `  raw verify, one at a time: ${serial.toFixed(1)}/s (${(1000 / serial).toFixed(1)} ms each) — one core`,
    `  raw verify, ${cores} in flight: ${parallel.toFixed(1)}/s (${(parallel / cores).toFixed(1)}/s per core)`,
  ];
  if (httpLoginRps) {
    lines.push(
      `  HTTP password login: ${httpLoginRps.toFixed(1)}/s (${(httpLoginRps / cores).toFixed(1)}/s per core) = ` +
        `${(httpLoginRps / parallel).toFixed(2)}× the raw verify rate`,
    );
  }
  return lines;
}
