/**
 * A stand-in push service (an HTTP server on 127.0.0.1) for the Web Push tests, and the browser's side of
 * RFC 8291: a subscription's key pair and the aes128gcm decryption (RFC 8188 record + RFC 8291 key
 * derivation), written here with node:crypto — independent of the `web-push` library that encrypts.
 */
import { createDecipheriv, createECDH, type ECDH, hkdfSync, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { importJWK, type JWTPayload, jwtVerify } from "jose";

export interface PushHit {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  status: number;
}

export class StubPushService {
  readonly hits: PushHit[] = [];
  /** Answers for the next requests (then 201). */
  answers: number[] = [];
  #server?: Server;
  url = "";

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const status = this.answers.shift() ?? 201;
        this.hits.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks), status });
        res.writeHead(status);
        res.end();
      });
    });
    this.#server.listen(0, "127.0.0.1");
    await once(this.#server, "listening");
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((r) => this.#server?.close(r));
  }
}

/** A browser's subscription: its P-256 key pair and auth secret. */
export class TestBrowser {
  readonly ecdh: ECDH = createECDH("prime256v1");
  readonly auth = randomBytes(16);
  constructor(readonly endpoint: string) {
    this.ecdh.generateKeys();
  }

  subscription() {
    return {
      endpoint: this.endpoint,
      expirationTime: null,
      keys: { p256dh: this.ecdh.getPublicKey().toString("base64url"), auth: this.auth.toString("base64url") },
    };
  }

  /** RFC 8291 §3.4 / RFC 8188 §2: one aes128gcm record, keyid = the push sender's ephemeral public key. */
  decrypt(body: Buffer): string {
    const salt = body.subarray(0, 16);
    const rs = body.readUInt32BE(16);
    const idLen = body[20] ?? 0;
    const asPublic = body.subarray(21, 21 + idLen);
    const record = body.subarray(21 + idLen);
    if (record.length > rs) throw new Error("more than one record");
    const uaPublic = this.ecdh.getPublicKey();
    const ecdhSecret = this.ecdh.computeSecret(asPublic);
    const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), uaPublic, asPublic]);
    const ikm = Buffer.from(hkdfSync("sha256", ecdhSecret, this.auth, keyInfo, 32));
    const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
    const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
    const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    // the last record's padding: a 0x02 delimiter, then zeros
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    if (padded[end] !== 2) throw new Error("no last-record padding delimiter");
    return padded.subarray(0, end).toString("utf8");
  }
}

/**
 * RFC 8292: `Authorization: vapid t=<JWT>, k=<public key>` — the key must be the platform's, the JWT signed
 * by it (ES256), addressed to the push service's origin, and valid for at most 24 hours.
 */
export async function verifyVapid(
  headers: IncomingHttpHeaders,
  publicKey: string,
  origin: string,
): Promise<JWTPayload> {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(String(headers.authorization));
  if (!m?.[1] || m[2] !== publicKey) throw new Error(`bad Authorization header: ${headers.authorization}`);
  const point = Buffer.from(publicKey, "base64url");
  const key = await importJWK(
    {
      kty: "EC",
      crv: "P-256",
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33, 65).toString("base64url"),
    },
    "ES256",
  );
  const { payload } = await jwtVerify(m[1], key, { audience: origin, algorithms: ["ES256"] });
  if (!payload.exp || payload.exp - Math.floor(Date.now() / 1000) > 24 * 3600) throw new Error("exp beyond 24 h");
  return payload;
}
