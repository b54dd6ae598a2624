import { createHash, generateKeyPairSync } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { JWK } from "oidc-provider";
import type { SecretBox } from "../../../platform/crypto/secret-box.js";
import type { DB } from "../../../platform/db/schema.js";

/** How long a superseded key stays published for verification (longer than any ID token lives). */
export const PUBLISH_AFTER_ROTATION_DAYS = 7;

const aad = (kid: string) => `oidc-signing-key:${kid}`;

/** RFC 7638 thumbprint of an RSA public key. */
function thumbprint(jwk: Record<string, string>): string {
  const json = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash("sha256").update(json).digest("base64url");
}

/**
 * The provider's signing keys, kept like the audit log's: private JWKs sealed with AES-256-GCM under
 * DATA_ENCRYPTION_KEY in oidc_signing_keys. The newest key signs; superseded keys stay published at
 * /oidc/jwks for PUBLISH_AFTER_ROTATION_DAYS so tokens signed before a rotation keep verifying, then retire.
 */
export class SigningKeyStore {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly box: SecretBox,
  ) {}

  /** Adds a new current key (RS256) and supersedes the previous ones; returns its kid. */
  async rotate(): Promise<string> {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pub = publicKey.export({ format: "jwk" }) as Record<string, string>;
    const kid = thumbprint(pub);
    const priv = privateKey.export({ format: "jwk" });
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable("oidc_signing_keys")
        .set({ superseded_at: sql`now()` })
        .where("superseded_at", "is", null)
        .execute();
      await trx
        .insertInto("oidc_signing_keys")
        .values({
          kid,
          alg: "RS256",
          public_jwk: JSON.stringify({ ...pub, kid, alg: "RS256", use: "sig" }) as never,
          private_enc: this.box.seal(Buffer.from(JSON.stringify(priv)), aad(kid)),
        })
        .execute();
      // Keys superseded long enough ago are retired: no longer published.
      await trx
        .updateTable("oidc_signing_keys")
        .set({ retired_at: sql`now()` })
        .where("retired_at", "is", null)
        .where("superseded_at", "<", sql<Date>`now() - make_interval(days => ${PUBLISH_AFTER_ROTATION_DAYS})`)
        .execute();
    });
    return kid;
  }

  /** Published keys, newest (the signing one) first: what the provider is configured with. */
  async privateJwks(): Promise<{ keys: JWK[]; version: string }> {
    let rows = await this.#published();
    if (rows.length === 0) {
      try {
        await this.rotate();
      } catch (err) {
        // Another process created the first key at the same moment: use theirs.
        if ((err as { code?: string }).code !== "23505") throw err;
      }
      rows = await this.#published();
    }
    const keys = rows.map((r) => ({
      ...(JSON.parse(this.box.open(r.private_enc, aad(r.kid)).toString("utf8")) as JWK),
      kid: r.kid,
      alg: r.alg,
      use: "sig",
    }));
    return { keys, version: rows.map((r) => r.kid).join(",") };
  }

  /** The published key ids, newest first (cheap: used to notice a rotation made by another process). */
  async version(): Promise<string> {
    return (await this.#published()).map((r) => r.kid).join(",");
  }

  #published() {
    return this.db
      .selectFrom("oidc_signing_keys")
      .selectAll()
      .where("retired_at", "is", null)
      .where((eb) =>
        eb.or([
          eb("superseded_at", "is", null),
          eb("superseded_at", ">", sql<Date>`now() - make_interval(days => ${PUBLISH_AFTER_ROTATION_DAYS})`),
        ]),
      )
      .orderBy("created_at", "desc")
      .orderBy("kid")
      .execute();
  }
}
