import { randomBytes } from "node:crypto";
import type { OnecodeExtension, OnecodeIssued, OnecodeResult } from "@yiwang/contracts";
import {
  CODE_PREFIX,
  CODE_TYPE,
  judgeTime,
  type OnecodeClaims,
  parseCode,
  readExtensions,
} from "@yiwang/onecode-verifier";
import QRCode from "qrcode";
import type { Principal } from "../../platform/auth/permissions.js";
import type { LicenseServices } from "../licenses/index.js";
import type { OnecodeDeps } from "./context.js";
import { OnecodeErrors } from "./errors.js";
import { extensionOf } from "./extensions.js";
import { type OnecodeKeys, signJws } from "./keys.js";

const SUB_AAD = "onecode.sub";

export interface CodeCheck {
  result: OnecodeResult;
  kid: string | null;
  claims: OnecodeClaims | null;
  extensions: OnecodeExtension[];
}

/** A UUID as its 16 bytes (the sealed subject stays short: 45 bytes, 60 characters). */
const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ""), "hex");
const uuidOf = (b: Buffer) => b.toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");

/**
 * Making and checking personal codes. The subject is the holder's account id sealed with the data key
 * (AES-GCM with a random IV), so it differs in every code: a gate that collects codes cannot link two
 * scans of one person, and nobody but the platform learns who it is. No clear personal data is in a code
 * unless the holder attaches a card as an extension field (extensions.ts) to that code.
 */
export class OnecodeCodes {
  constructor(
    private readonly deps: OnecodeDeps,
    private readonly keys: OnecodeKeys,
    private readonly licenses: Pick<LicenseServices, "licenses">,
  ) {}

  async issue(p: Principal, attach?: string): Promise<OnecodeIssued> {
    if (p.kind !== "citizen" || p.realnameLevel < 2) throw OnecodeErrors.ONECODE_REALNAME_REQUIRED();
    const x = attach ? await extensionOf(this.licenses, p, attach) : undefined;
    const signer = await this.keys.signer();
    const now = this.deps.clock.now();
    const iat = Math.floor(now.getTime() / 1000);
    const claims: OnecodeClaims = {
      v: 1,
      t: "p",
      sub: this.deps.box.seal(uuidBytes(p.id), SUB_AAD).toString("base64url"),
      iat,
      exp: iat + this.deps.lifetimeSeconds,
      n: randomBytes(12).toString("base64url"),
      ...(x ? { x } : {}),
    };
    const code = CODE_PREFIX + signJws({ kid: signer.kid, typ: CODE_TYPE }, claims, signer);
    const png = await QRCode.toBuffer(code, { errorCorrectionLevel: "M", margin: 2, scale: 5, type: "png" });
    return {
      code,
      png: `data:image/png;base64,${png.toString("base64")}`,
      kid: signer.kid,
      issuedAt: new Date(iat * 1000).toISOString(),
      expiresAt: new Date(claims.exp * 1000).toISOString(),
      lifetimeSeconds: this.deps.lifetimeSeconds,
      extensions: readExtensions(x) ?? [],
    };
  }

  /**
   * Checks a code against the published keys (memory only: no database read or write, so the public
   * verification path costs one signature check plus the HTTP floor). The listed key fixes the scheme:
   * a code whose header names another algorithm than its key's is a bad signature (no alg confusion).
   */
  async check(text: string): Promise<CodeCheck> {
    const parsed = parseCode(text);
    if (!parsed.ok) return { result: parsed.result, kid: null, claims: null, extensions: [] };
    const { alg, kid, claims, signingInput, signature, extensions } = parsed.code;
    const key = (await this.keys.published()).codeKeys.get(kid);
    if (!key) return { result: "unknown_kid", kid, claims: null, extensions: [] };
    if (alg !== key.alg || !key.scheme.verify(key.key, signingInput, signature))
      return { result: "bad_signature", kid, claims: null, extensions: [] };
    const result = judgeTime(claims, Math.floor(this.deps.clock.now().getTime() / 1000));
    return { result, kid, claims, extensions };
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
