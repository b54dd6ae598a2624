/**
 * npx tsx bench/crypto-suites.ts [seconds per figure, default 1] — the two crypto suites' primitives side
 * by side, measured the same way in one process (node:crypto, one core): signatures as the platform makes
 * them (ECDSA P-256/SHA-256 and Ed25519 vs SM2/SM3 with the GM/T 0009 Z, platform/crypto/sm2.ts) over a
 * 300-byte JWS signing input, AEAD at rest (AES-256-GCM vs SM4-GCM, platform/crypto/aead.ts) and digests
 * (SHA-256 vs SM3). The figures are in docs/security.md; not part of `npm run bench`.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, verify } from "node:crypto";
import { cipherKey, open, seal } from "../apps/server/src/platform/crypto/aead.js";
import { generateSm2KeyPair, sm2Sign, sm2Verify } from "../apps/server/src/platform/crypto/sm2.js";

const seconds = Number(process.argv[2] ?? 1);

function rate(name: string, fn: () => unknown): void {
  for (let i = 0; i < 200; i++) fn(); // warm up
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
  }
  const perSecond = (n / (performance.now() - start)) * 1000;
  console.log(`${name.padEnd(44)} ${Math.round(perSecond).toLocaleString("en").padStart(12)} /s`);
}

const input = randomBytes(300);
const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
const ed = generateKeyPairSync("ed25519");
const sm2 = generateSm2KeyPair();
const p256Sig = sign("sha256", input, p256.privateKey);
const edSig = sign(null, input, ed.privateKey);
const sm2Sig = sm2Sign(sm2.privateKey, input, "der", sm2.publicKey);

console.log(`node ${process.version}, OpenSSL ${process.versions.openssl}`);
rate("sign   ECDSA P-256 / SHA-256", () => sign("sha256", input, p256.privateKey));
rate("sign   Ed25519", () => sign(null, input, ed.privateKey));
rate("sign   SM2 / SM3 (GM/T 0009 Z)", () => sm2Sign(sm2.privateKey, input, "der", sm2.publicKey));
// OpenSSL's own SM2 (empty ID, not GM/T 0009's): what the Z computed here costs on top.
rate("sign   SM2 / SM3, OpenSSL alone (empty ID)", () => sign("sm3", input, sm2.privateKey));
rate("verify ECDSA P-256 / SHA-256", () => verify("sha256", input, p256.publicKey, p256Sig));
rate("verify Ed25519", () => verify(null, input, ed.publicKey, edSig));
rate("verify SM2 / SM3 (GM/T 0009 Z)", () => sm2Verify(sm2.publicKey, input, sm2Sig));

const key = randomBytes(32);
const aes = cipherKey("aes-256-gcm", key);
const sm4 = cipherKey("sm4-gcm", key);
for (const size of [64, 64 * 1024]) {
  const data = randomBytes(size);
  const aesBox = seal("aes-256-gcm", aes, data);
  const sm4Box = seal("sm4-gcm", sm4, data);
  rate(`seal   AES-256-GCM ${size} B`, () => seal("aes-256-gcm", aes, data));
  rate(`seal   SM4-GCM     ${size} B`, () => seal("sm4-gcm", sm4, data));
  rate(`open   AES-256-GCM ${size} B`, () => open("aes-256-gcm", aes, aesBox));
  rate(`open   SM4-GCM     ${size} B`, () => open("sm4-gcm", sm4, sm4Box));
}
const block = randomBytes(64 * 1024);
rate("digest SHA-256 64 KiB", () => createHash("sha256").update(block).digest());
rate("digest SM3     64 KiB", () => createHash("sm3").update(block).digest());
