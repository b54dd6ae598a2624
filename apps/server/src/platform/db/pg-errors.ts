/** Recognising PostgreSQL errors by SQLSTATE, identically for node-postgres and PGlite. */
interface PgLikeError {
  code?: string;
  constraint?: string;
}

/** The violated constraint's name if `error` is a unique violation (23505), else undefined. */
export function uniqueViolation(error: unknown): string | undefined {
  const e = error as PgLikeError;
  return e?.code === "23505" ? (e.constraint ?? "") : undefined;
}

/** Whether `error` is assert_written's refusal (YW409): a one-statement change whose guarded update matched nothing. */
export function nothingWritten(error: unknown): boolean {
  return (error as PgLikeError)?.code === "YW409";
}
