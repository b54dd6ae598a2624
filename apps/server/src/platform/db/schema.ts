/**
 * The database as Kysely sees it. Each module declares its own tables by merging into this interface
 * from its own `db.ts` (`declare module ".../platform/db/schema.js" { interface DB { ... } }`), so the
 * platform never has to know a module's tables and a module's table types live beside its SQL.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface DB {}
