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

/** A fresh database on `serverUrl` named `<prefix>_<now>`: its URL, and `drop()` that removes it (forcing). */
export async function scratchDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now()}`;
  await runSql(serverUrl, `create database ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    drop: () => runSql(serverUrl, `drop database if exists ${name} with (force)`),
  };
}
