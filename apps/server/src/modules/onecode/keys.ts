import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import { KEY_LIST_TYPE } from "@yiwang/onecode-verifier";
import { sql } from "kysely";
import type { Cache } from "../../platform/cache/index.js";
import type { DB } from "../../platform/db/schema.js";
import type { OnecodeDeps } from "./context.js";
import type { OnecodePublicJwk } from "./db.js";
import { OnecodeErrors } from "./errors.js";
import type { KeyRow } from "./repository.js";

/** The cache kind of the published keys; rotation and removal invalidate it in their transaction. */
export const ONECODE_KEYS_CACHE = "onecode.keys";
export const ROTATE_JOB = "onecode.rotate-keys";
/** A retired code key stays in the list this long: codes live ≤ 10 min, so none it signed is cut short. */
const RETIRED_GRACE_MS = 10 * 60_000;
/** The signed list is valid for a day; the cached copy is re-signed after an hour (fresh iat for verifiers). */
const LIST_VALID_SECONDS = 24 * 3600;
const LIST_RESIGN_MS = 3600_000;

export interface Published {
  /** Public keys of the code keys in the list, by kid (what HTTP verification checks against). */
  codeKeys: ReadonlyMap<string, KeyObject>;
  /** The key that signs new codes (unsealed, in memory only). */
  signer: { kid: string; key: KeyObject } | null;
  list: string;
  listKey: OnecodePublicJwk;
  loadedAt: number;
}

type Tx = import("kysely").Kysely<DB>;
const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/** Signs a compact JWS with an ES256 private key (r‖s signature). */
export function signEs256(header: Record<string, unknown>, payload: unknown, key: KeyObject): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign("sha256", Buffer.from(input, "ascii"), { key, dsaEncoding: "ieee-p1363" });
  return `${input}.${b64url(signature)}`;
}

/**
 * The signing keys (ES256, P-256): code keys rotate by a job every ONECODE_KEY_ROTATION_HOURS; the list key
 * signs the published key list. Everything verification and signing need is held in the platform cache
 * (one entry, dropped on every node when a key is rotated or removed), so neither issuing nor verifying a
 * code reads the database — the licence-QR bench showed that a per-request read or write is what costs.
 */
export class OnecodeKeys {
  readonly #cache: Cache<Published>;

  constructor(private readonly deps: OnecodeDeps) {
    this.#cache = deps.cache.cache(ONECODE_KEYS_CACHE, { maxEntries: 1 });
  }

  async published(): Promise<Published> {
    let p = await this.#cache.read("all", () => this.#load());
    if (this.deps.clock.now().getTime() - p.loadedAt > LIST_RESIGN_MS) {
      this.#cache.drop("all", "resign");
      p = await this.#cache.read("all", () => this.#load());
    }
    return p;
  }

  /** The key new codes are signed with; the first call creates the keys and arms the rotation job. */
  async signer(): Promise<{ kid: string; key: KeyObject }> {
    const p = await this.published();
    if (p.signer) return p.signer;
    await this.ensure();
    const again = await this.published();
    if (!again.signer) throw new Error("onecode: no signing key after ensure()");
    return again.signer;
  }

  /** Creates the list key and a code key when missing (idempotent; serialised by an advisory lock). */
  async ensure(): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('onecode.keys'))`.execute(trx);
      let created = false;
      if (!(await this.deps.repo.activeKey("list", trx))) {
        await this.#create("list", trx);
        created = true;
      }
      if (!(await this.deps.repo.activeKey("code", trx))) {
        await this.#create("code", trx);
        await this.#armRotation(trx);
        created = true;
      }
      if (created) await this.deps.cache.invalidate(trx, ONECODE_KEYS_CACHE);
    });
  }

  /** Retires the current code key and makes a new one (the job, or an administrator), in `trx`. */
  async rotate(trx: Tx, actor: string): Promise<string> {
    await sql`select pg_advisory_xact_lock(hashtext('onecode.keys'))`.execute(trx);
    const now = this.deps.clock.now();
    await this.deps.repo.retireCodeKeys(now, trx);
    const kid = await this.#create("code", trx);
    await this.deps.audit.append({ type: "onecode.key_rotated", actor, subject: `onecode_key:${kid}`, time: now }, trx);
    await this.deps.cache.invalidate(trx, ONECODE_KEYS_CACHE);
    return kid;
  }

  /** The rotation job's handler: rotate, then run again one period later. */
  async runRotation(trx: Tx): Promise<{ reschedule: Date }> {
    await this.rotate(trx, "system");
    return { reschedule: this.#nextRotation() };
  }

  /**
   * Takes a code key out of the list (compromise): the list no longer carries it, so every verifier with a
   * fresh list refuses its codes (`unknown_kid`), and so does this server from the commit on, on every node.
   */
  async remove(kid: string, actor: string, reason: string): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.repo.findKey(kid, trx);
      if (row?.purpose !== "code" || row.removed_at) throw OnecodeErrors.ONECODE_KEY_NOT_FOUND({ kid });
      const now = this.deps.clock.now();
      await this.deps.repo.removeKey(kid, now, actor, reason, trx);
      await this.deps.audit.append(
        { type: "onecode.key_removed", actor, subject: `onecode_key:${kid}`, payload: { reason }, time: now },
        trx,
      );
      await this.deps.cache.invalidate(trx, ONECODE_KEYS_CACHE);
    });
  }

  #nextRotation(): Date {
    return new Date(this.deps.clock.now().getTime() + this.deps.rotationHours * 3600_000);
  }

  async #armRotation(trx: Tx) {
    await this.deps.jobs.schedule(trx, { kind: ROTATE_JOB, key: "code", runAt: this.#nextRotation() });
  }

  async #create(purpose: "code" | "list", trx: Tx): Promise<string> {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    // 8 random bytes, as the EU DCC's kid is 8 bytes (there of the certificate hash).
    const kid = `${purpose === "list" ? "L" : "C"}${randomBytes(8).toString("hex")}`;
    const jwk = publicKey.export({ format: "jwk" }) as { x: string; y: string };
    const publicJwk: OnecodePublicJwk = { kid, kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, alg: "ES256", use: "sig" };
    const der = privateKey.export({ format: "der", type: "pkcs8" });
    await this.deps.repo.insertKey(
      {
        kid,
        purpose,
        algorithm: "ES256",
        public_jwk: JSON.stringify(publicJwk),
        private_key: this.deps.box.seal(der, `onecode_keys:${kid}`),
        created_at: this.deps.clock.now(),
      },
      trx,
    );
    return kid;
  }

  #private(row: KeyRow): KeyObject {
    const der = this.deps.box.open(row.private_key, `onecode_keys:${row.kid}`);
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  }

  async #load(): Promise<Published> {
    const now = this.deps.clock.now();
    const rows = await this.deps.repo.publishedKeys(new Date(now.getTime() - RETIRED_GRACE_MS));
    const codeRows = rows.filter((r) => r.purpose === "code");
    const listRow = rows.filter((r) => r.purpose === "list" && !r.retired_at).at(-1);
    const active = codeRows.filter((r) => !r.retired_at).at(-1);
    const codeKeys = new Map(
      codeRows.map((r) => [r.kid, createPublicKey({ key: { ...r.public_jwk }, format: "jwk" })] as const),
    );
    const iat = Math.floor(now.getTime() / 1000);
    const payload = { iat, exp: iat + LIST_VALID_SECONDS, keys: codeRows.map((r) => r.public_jwk) };
    const list = listRow
      ? signEs256({ alg: "ES256", kid: listRow.kid, typ: KEY_LIST_TYPE }, payload, this.#private(listRow))
      : "";
    return {
      codeKeys,
      signer: active && listRow ? { kid: active.kid, key: this.#private(active) } : null,
      list,
      listKey: listRow?.public_jwk ?? ({} as OnecodePublicJwk),
      loadedAt: now.getTime(),
    };
  }
}
