import { z } from "zod";

export const Health = z.object({
  status: z.enum(["ok", "degraded"]),
  database: z.object({ ok: z.boolean(), driver: z.enum(["pglite", "pg"]), latencyMs: z.number() }),
  migrations: z.object({ current: z.boolean(), applied: z.number().int(), pending: z.array(z.string()) }),
  version: z.string(),
});
export type Health = z.infer<typeof Health>;
