/**
 * The floor of an HTTP signature check in one Node process (bench/verify-floor.ts starts it): bare Fastify,
 * logging off, one route `POST /verify` that does what no verification can skip — parse the JSON body, split
 * the compact JWS (after an optional `PREFIX:` such as a 一码通's), read the key id from its header, check
 * the ES256 signature with node:crypto against a key held in memory — and answers the same JSON the real
 * route answered for that token (BENCH_FLOOR_ANSWER), serialized per request. Nothing else: no register,
 * no status, no log, no metrics. The keys are a JWKS's `keys` (BENCH_FLOOR_KEYS, a file).
 */
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import fs from "node:fs";
import Fastify from "fastify";

const keys = new Map<string, KeyObject>();
for (const jwk of JSON.parse(fs.readFileSync(process.env.BENCH_FLOOR_KEYS as string, "utf8")) as { kid: string }[])
  keys.set(jwk.kid, createPublicKey({ key: jwk as never, format: "jwk" }));
const answer = JSON.parse(fs.readFileSync(process.env.BENCH_FLOOR_ANSWER as string, "utf8")) as Record<string, unknown>;

const app = Fastify({ logger: false });
app.post<{ Body: { token?: string; code?: string } }>("/verify", async (request, reply) => {
  const text = request.body.token ?? request.body.code ?? "";
  const [h, p, s] = text.slice(text.indexOf(":") + 1).split(".");
  const { kid } = JSON.parse(Buffer.from(h ?? "", "base64url").toString("utf8")) as { kid: string };
  const key = keys.get(kid);
  const ok =
    key !== undefined &&
    verify("sha256", Buffer.from(`${h}.${p}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(s ?? "", "base64url"));
  if (!ok) return reply.code(422).send({ result: "forged" });
  return { ...answer, checkedAt: new Date().toISOString() };
});
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
process.stdout.write(`LISTENING ${typeof address === "object" && address ? address.port : 0}\n`);
