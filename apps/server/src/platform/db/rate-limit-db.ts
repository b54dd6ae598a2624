export interface RateLimitCountersTable {
  key: string;
  window_start: Date;
  count: number;
}

declare module "./schema.js" {
  interface DB {
    rate_limit_counters: RateLimitCountersTable;
  }
}
