import { randomBytes, verify } from "node:crypto";
import type { OnecodeIssued, OnecodeResult } from "@yiwang/contracts";
import { CODE_PREFIX, CODE_TYPE, judgeTime, type OnecodeClaims, parseCode } from "@yiwang/onecode-verifier";
import QRCode from "qrcode";
import type { Principal } from "../../platform/auth/permissions.js";
import type { OnecodeDeps } from "./context.js";
import { OnecodeErrors } from "./errors.js";
import { type OnecodeKeys, signEs256 } from "./keys.js";

const SUB_AAD = "onecode.sub";

export interface CodeCheck {
  result: OnecodeResult;
  kid: string | null;
  claims: OnecodeClaims | null;
}

/** A UUID as its 16 bytes (the sealed subject stays short: 45 bytes, 60 characters). */
const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ""), "hex");
const uuidOf = (b: Buffer) => b.toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");

/**
 * Making and checking personal codes. The subject is the holder's account id sealed with the data key
 * (AES-GCM with a random IV), so it differs in every code: a gate that collects codes cannot link two
 * scans of one person, and nobody but the platform learns who it is. No clear personal data is in a code.
 */
export class OnecodeCodes {
  constructor(
    private readonly deps: OnecodeDeps,
    private readonly keys: OnecodeKeys,
  ) {}

  async issue(p: Principal): Promise<OnecodeIssued> {
    if (p.kind !== "citizen" || p.realnameLevel < 2) throw OnecodeErrors.ONECODE_REALNAME_REQUIRED();
    const { kid, key } = await this.keys.signer();
    const now = this.deps.clock.now();
    const iat = Math.floor(now.getTime() / 1000);
    const claims: OnecodeClaims = {
      v: 1,
      t: "p",
      sub: this.deps.box.seal(uuidBytes(p.id), SUB_AAD).toString("base64url"),
      iat,
      exp: iat + this.deps.lifetimeSeconds,
      n: randomBytes(12).toString("base64url"),
    };
    const code = CODE_PREFIX + signEs256({ alg: "ES256", kid, typ: CODE_TYPE }, claims, key);
    const png = await QRCode.toBuffer(code, { errorCorrectionLevel: "M", margin: 2, scale: 5, type: "png" });
    return {
      code,
      png: `data:image/png;base64,${png.toString("base64")}`,
      kid,
      issuedAt: new Date(iat * 1000).toISOString(),
      expiresAt: new Date(claims.exp * 1000).toISOString(),
      lifetimeSeconds: this.deps.lifetimeSeconds,
    };
  }

  /**
   * Checks a code against the published keys (memory only: no database read or write, so the public
   * verification path costs one signature check plus the HTTP floor).
   */
  async check(text: string): Promise<CodeCheck> {
    const parsed = parseCode(text);
    if (!parsed.ok) return { result: parsed.result, kid: null, claims: null };
    const { kid, claims, signingInput, signature } = parsed.code;
    const key = (await this.keys.published()).codeKeys.get(kid);
    if (!key) return { result: "unknown_kid", kid, claims: null };
    let ok = false;
    try {
      ok = verify("sha256", signingInput, { key, dsaEncoding: "ieee-p1363" }, signature);
    } catch {
      ok = false;
    }
    if (!ok) return { result: "bad_signature", kid, claims: null };
    return { result: judgeTime(claims, Math.floor(this.deps.clock.now().getTime() / 1000)), kid, claims };
  }

  /** The holder's account id from a checked code's subject (null if it does not open: not ours). */
  holderOf(claims: OnecodeClaims): string | null {
    try {
      const b = this.deps.box.open(Buffer.from(claims.sub, "base64url"), SUB_AAD);
      return b.length === 16 ? uuidOf(b) : null;
    } catch {
      return null;
    }
  }
}
