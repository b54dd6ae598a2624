import pg from "pg";

/** Runs one statement on a PostgreSQL server (create or drop a bench's scratch database). */
export async function runSql(serverUrl: string, statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}
