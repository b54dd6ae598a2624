/**
 * SM2 for the offline verifier (`@yiwang/onecode-verifier/sm2`): GB/T 32918.2 signatures over SM3 with
 * the GM/T 0009 default distinguishing ID "1234567812345678", as the server signs them (alg `SM2`, JWK
 * `{kty: "EC", crv: "SM2", x, y}`, signature r‖s). WebCrypto has no SM2, so this is sm-crypto (pure
 * JavaScript) — a separate entry point, so a verifier that only meets ES256 keys never loads it.
 */
import { sm2 as smCrypto } from "sm-crypto";
import { fromBase64url } from "./base64url.js";
import type { PublicJwk, SignatureScheme } from "./key-list.js";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

export const sm2: SignatureScheme<string> = {
  alg: "SM2",
  async importKey(jwk: PublicJwk) {
    const x = fromBase64url(jwk.x);
    const y = fromBase64url(jwk.y);
    if (jwk.crv !== "SM2" || x?.length !== 32 || y?.length !== 32) throw new Error("not an SM2 key");
    return `04${hex(x)}${hex(y)}`;
  },
  async verify(publicKeyHex, signature, data) {
    if (signature.length !== 64) return false;
    try {
      return smCrypto.doVerifySignature(Array.from(data), hex(signature), publicKeyHex, { hash: true, der: false });
    } catch {
      return false;
    }
  },
};
