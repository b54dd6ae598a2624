/** Open311 API keys: random, shown once, stored as SHA-256 (a leaked table gives no usable key). */
import { createHash, randomBytes } from "node:crypto";
import type { HotlineDeps } from "./context.js";
import { HotlineErrors } from "./errors.js";

const hash = (key: string) => createHash("sha256").update(key).digest();

export class Open311Keys {
  constructor(private readonly deps: HotlineDeps) {}

  async create(name: string, createdBy: string): Promise<{ id: string; name: string; apiKey: string }> {
    const apiKey = `o311_${randomBytes(24).toString("base64url")}`;
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const r = await this.deps.repo.insertKey(trx, {
        name,
        key_hash: hash(apiKey),
        created_by: createdBy,
        created_at: this.deps.clock.now(),
      });
      await this.deps.audit.append(
        { type: "hotline.open311_key.created", actor: createdBy, subject: `open311-key:${r.id}`, payload: { name } },
        trx,
      );
      return r;
    });
    return { ...row, apiKey };
  }

  /** The key's id and name; HOTLINE_API_KEY_INVALID (403) for a missing, unknown or revoked key. */
  async check(apiKey: string | undefined): Promise<{ id: string; name: string }> {
    const row = apiKey ? await this.deps.repo.activeKey(hash(apiKey)) : undefined;
    if (!row) throw HotlineErrors.HOTLINE_API_KEY_INVALID();
    return row;
  }
}
