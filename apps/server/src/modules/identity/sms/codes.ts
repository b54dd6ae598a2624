import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { PiiCipher } from "../../../platform/crypto/pii.js";
import type { DB } from "../../../platform/db/schema.js";
import { IdentityErrors } from "../errors.js";
import type { SmsSender } from "./sender.js";

export type SmsPurpose = "register" | "login" | "reset_password";

const MAX_ATTEMPTS = 5;
const TEXT: Record<SmsPurpose, string> = {
  register: "【一网】您正在注册一网通办账号，验证码 {code}，{minutes} 分钟内有效。请勿告诉他人。",
  login: "【一网】您正在登录一网通办，验证码 {code}，{minutes} 分钟内有效。如非本人操作请忽略。",
  reset_password: "【一网】您正在重置一网通办登录密码，验证码 {code}，{minutes} 分钟内有效。请勿告诉他人。",
};

/**
 * One-time SMS codes: six random digits, stored only as an HMAC, valid for `ttlSeconds`, usable once, and
 * dead after five wrong tries. A new code for the same phone and purpose waits `resendSeconds`.
 */
export class SmsCodes {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly pii: PiiCipher,
    private readonly sender: SmsSender,
    private readonly secret: string,
    private readonly options: { ttlSeconds: number; resendSeconds: number },
  ) {}

  #hash(phoneBidx: Buffer, purpose: SmsPurpose, code: string): Buffer {
    return createHmac("sha256", this.secret).update(phoneBidx).update(`\u0000${purpose}\u0000${code}`).digest();
  }

  async issue(phone: string, purpose: SmsPurpose): Promise<{ expiresInSeconds: number; resendAfterSeconds: number }> {
    const bidx = this.pii.blindIndex("phone", phone);
    const last = await this.db
      .selectFrom("sms_codes")
      .select(sql<number>`extract(epoch from now() - created_at)`.as("age"))
      .where("phone_bidx", "=", bidx)
      .where("purpose", "=", purpose)
      .orderBy("created_at", "desc")
      .limit(1)
      .executeTakeFirst();
    if (last && Number(last.age) < this.options.resendSeconds) {
      throw IdentityErrors.SMS_TOO_FREQUENT({
        retryAfterSeconds: Math.max(1, Math.ceil(this.options.resendSeconds - Number(last.age))),
      });
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    await this.db
      .insertInto("sms_codes")
      .values({
        phone_bidx: bidx,
        purpose,
        code_hash: this.#hash(bidx, purpose, code),
        expires_at: sql<Date>`now() + make_interval(secs => ${this.options.ttlSeconds})`,
      })
      .execute();
    const text = TEXT[purpose]
      .replace("{code}", code)
      .replace("{minutes}", String(Math.round(this.options.ttlSeconds / 60)));
    try {
      await this.sender.send(phone, text);
    } catch {
      throw IdentityErrors.SMS_SEND_FAILED();
    }
    return { expiresInSeconds: this.options.ttlSeconds, resendAfterSeconds: this.options.resendSeconds };
  }

  /**
   * Consumes the newest live code for the phone and purpose if `code` matches; otherwise throws
   * SMS_CODE_INVALID. Each try first takes one of the code's five attempts in a single conditional
   * update (`attempts < 5`, re-checked by PostgreSQL on the locked row), and only a try that got one is
   * compared: parallel guesses cannot get more tries than the limit (reading the count and writing it
   * back in two statements let 16 parallel guesses through). Not part of a caller's transaction (PGlite
   * has one connection, and a failed attempt must count even when the caller rolls back): callers check
   * everything else first. The consuming update is conditional too, so one code cannot be used twice.
   */
  async consume(phone: string, purpose: SmsPurpose, code: string): Promise<void> {
    const bidx = this.pii.blindIndex("phone", phone);
    const row = await this.db
      .updateTable("sms_codes")
      .set({ attempts: sql`attempts + 1` })
      .where("id", "=", (eb) =>
        eb
          .selectFrom("sms_codes")
          .select("id")
          .where("phone_bidx", "=", bidx)
          .where("purpose", "=", purpose)
          .where("consumed_at", "is", null)
          .where("expires_at", ">", sql<Date>`now()`)
          .orderBy("created_at", "desc")
          .limit(1),
      )
      .where("attempts", "<", MAX_ATTEMPTS)
      .returning(["id", "code_hash"])
      .executeTakeFirst();
    if (!row || !timingSafeEqual(this.#hash(bidx, purpose, code), row.code_hash))
      throw IdentityErrors.SMS_CODE_INVALID();
    const used = await this.db
      .updateTable("sms_codes")
      .set({ consumed_at: sql`now()` })
      .where("id", "=", row.id)
      .where("consumed_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!used) throw IdentityErrors.SMS_CODE_INVALID();
  }
}
