/** What the public Open311 reads need: requests by number, token or filter (never 保密 ones), agency names. */
import type { HotlineDeps } from "../context.js";
import type { RequestRow } from "../repository.js";

export interface PublicFilter {
  numbers?: string[];
  serviceCodes?: string[];
  status?: "open" | "closed";
  since: Date;
  until: Date;
  limit: number;
  offset: number;
}

export class Open311Reads {
  constructor(private readonly deps: HotlineDeps) {}

  async byNumber(number: string): Promise<RequestRow | undefined> {
    return this.deps.db.selectFrom("hotline_requests").selectAll().where("number", "=", number).executeTakeFirst();
  }

  byTokenHash(hash: Buffer) {
    return this.deps.repo.byTokenHash(hash);
  }

  async agency(departmentId: string | null): Promise<string | null> {
    return departmentId ? ((await this.deps.departmentById(departmentId))?.name ?? null) : null;
  }

  list(f: PublicFilter): Promise<RequestRow[]> {
    let q = this.deps.db
      .selectFrom("hotline_requests")
      .selectAll()
      .where("confidential", "=", false)
      .where("created_at", ">=", f.since)
      .where("created_at", "<=", f.until);
    if (f.numbers) q = q.where("number", "in", f.numbers.slice(0, 1000));
    if (f.serviceCodes) q = q.where("category_code", "in", f.serviceCodes.slice(0, 100));
    if (f.status === "open") q = q.where("status", "in", ["dispatching", "assigned", "answered"]);
    if (f.status === "closed") q = q.where("status", "in", ["closed", "merged"]);
    return q.orderBy("created_at", "desc").orderBy("id").limit(f.limit).offset(f.offset).execute();
  }
}
