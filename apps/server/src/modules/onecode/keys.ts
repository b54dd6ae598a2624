import { type KeyObject, randomBytes } from "node:crypto";
import { KEY_LIST_TYPE } from "@yiwang/onecode-verifier";
import { sql } from "kysely";
import type { Cache } from "../../platform/cache/index.js";
import type { DB } from "../../platform/db/schema.js";
import type { OnecodeDeps } from "./context.js";
import type { OnecodePublicJwk } from "./db.js";
import { OnecodeErrors } from "./errors.js";
import type { KeyRow } from "./repository.js";
import { type OnecodeAlg, type OnecodeScheme, schemeOf, schemeOfSuite } from "./schemes.js";

/** The cache kind of the published keys; rotation and removal invalidate it in their transaction. */
export const ONECODE_KEYS_CACHE = "onecode.keys";
export const ROTATE_JOB = "onecode.rotate-keys";
/** A retired code key stays in the list this long: codes live ≤ 10 min, so none it signed is cut short. */
const RETIRED_GRACE_MS = 10 * 60_000;
/** The signed list is valid for a day; the cached copy is re-signed after an hour (fresh iat for verifiers). */
const LIST_VALID_SECONDS = 24 * 3600;
const LIST_RESIGN_MS = 3600_000;

/** A code key as verification holds it: its scheme (the alg a code must name) and public key. */
export interface PublishedKey {
  alg: OnecodeAlg;
  scheme: OnecodeScheme;
  key: KeyObject;
}

/** The key that signs new codes (unsealed, in memory only). */
export interface Signer {
  kid: string;
  scheme: OnecodeScheme;
  key: KeyObject;
  publicKey: KeyObject;
}

export interface Published {
  /** Public keys of the code keys in the list, by kid (what HTTP verification checks against). */
  codeKeys: ReadonlyMap<string, PublishedKey>;
  signer: Signer | null;
  list: string;
  listKey: OnecodePublicJwk;
  loadedAt: number;
}

type Tx = import("kysely").Kysely<DB>;
const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/** Signs a compact JWS with the signer's scheme (`alg` in the header is the scheme's; r‖s signature). */
export function signJws(header: { kid: string; typ: string }, payload: unknown, signer: Omit<Signer, "kid">): string {
  const h = { alg: signer.scheme.alg, ...header };
  const input = `${b64url(JSON.stringify(h))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${b64url(signer.scheme.sign(signer.key, Buffer.from(input, "ascii"), signer.publicKey))}`;
}

function schemeOfRow(row: KeyRow): OnecodeScheme {
  const scheme = schemeOf(row.algorithm);
  if (!scheme) throw new Error(`onecode: key ${row.kid} has unknown algorithm ${row.algorithm}`);
  return scheme;
}

/**
 * The signing keys (ES256 or SM2: schemes.ts, by the platform's crypto suite when a key is made): code keys rotate by a job every ONECODE_KEY_ROTATION_HOURS; the list key
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
  async signer(): Promise<Signer> {
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
    const scheme = schemeOfSuite(this.deps.suite);
    const { pkcs8, jwk } = scheme.generate();
    // 8 random bytes, as the EU DCC's kid is 8 bytes (there of the certificate hash).
    const kid = `${purpose === "list" ? "L" : "C"}${randomBytes(8).toString("hex")}`;
    const publicJwk: OnecodePublicJwk = { kid, ...jwk, use: "sig" };
    await this.deps.repo.insertKey(
      {
        kid,
        purpose,
        algorithm: scheme.alg,
        public_jwk: JSON.stringify(publicJwk),
        private_key: this.deps.box.seal(pkcs8, `onecode_keys:${kid}`),
        created_at: this.deps.clock.now(),
      },
      trx,
    );
    return kid;
  }

  #signer(row: KeyRow): Signer {
    const scheme = schemeOfRow(row);
    const key = scheme.privateKey(this.deps.box.open(row.private_key, `onecode_keys:${row.kid}`));
    return { kid: row.kid, scheme, key, publicKey: scheme.publicKey(row.public_jwk) };
  }

  async #load(): Promise<Published> {
    const now = this.deps.clock.now();
    const rows = await this.deps.repo.publishedKeys(new Date(now.getTime() - RETIRED_GRACE_MS));
    const codeRows = rows.filter((r) => r.purpose === "code");
    const listRow = rows.filter((r) => r.purpose === "list" && !r.retired_at).at(-1);
    const active = codeRows.filter((r) => !r.retired_at).at(-1);
    const codeKeys = new Map(
      codeRows.map((r) => {
        const scheme = schemeOfRow(r);
        return [r.kid, { alg: scheme.alg, scheme, key: scheme.publicKey(r.public_jwk) }] as const;
      }),
    );
    const iat = Math.floor(now.getTime() / 1000);
    const payload = { iat, exp: iat + LIST_VALID_SECONDS, keys: codeRows.map((r) => r.public_jwk) };
    const list = listRow ? signJws({ kid: listRow.kid, typ: KEY_LIST_TYPE }, payload, this.#signer(listRow)) : "";
    return {
      codeKeys,
      signer: active && listRow ? this.#signer(active) : null,
      list,
      listKey: listRow?.public_jwk ?? ({} as OnecodePublicJwk),
      loadedAt: now.getTime(),
    };
  }
}
