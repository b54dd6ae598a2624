/**
 * The yardstick: bare Fastify with the same JSON shape as /healthz and no database, logging off.
 * Every figure in `npm run bench` is also reported as a ratio to this server measured in the same run.
 */
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/healthz", async () => ({ status: "ok" }));
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
process.stdout.write(`LISTENING ${typeof address === "object" && address ? address.port : 0}\n`);
