/**
 * The three fault drills of issue 17 against a running Cluster (cluster.ts), each under write load:
 *  A. kill -9 one app node mid-load: only requests in flight to it fail (the client retries them), every
 *     acknowledged case is read back, the 督办 timers that fall due during the load fire exactly once;
 *  B. restart PostgreSQL: every node answers /healthz 503 while it is down and serves again by itself;
 *  C. promote the replica: the primary is stopped, the standby promoted, the nodes' DATABASE_URL changed and
 *     the nodes restarted one by one; writes land on the new primary.
 * Afterwards `yiwang audit verify` runs against the new primary. Every wait polls with a deadline.
 */
import { acceptedCases, applicant, type LoadResult, load, reread, staff } from "./client.js";
import { type Cluster, type Node, until } from "./cluster.js";

export interface DrillSize {
  /** Concurrent client connections. */
  connections: number;
  /** Seconds of load in drill A (the kill comes half-way). */
  seconds: number;
  /** Accepted cases whose deadline timers fall due during drill A's load. */
  timers: number;
}

export const FULL: DrillSize = { connections: 50, seconds: 20, timers: 20 };
export const CI: DrillSize = { connections: 20, seconds: 6, timers: 4 };

export interface Figures {
  drillA: {
    killed: string;
    acknowledged: number;
    reread: string;
    retried: number;
    failures: Record<string, number>;
    longestGapSeconds: number;
    timers: number;
    timersFired: number;
    duplicateFirings: number;
  };
  drillB: {
    acknowledged: number;
    retried: number;
    allNodes503: boolean;
    secondsDown: number;
    secondsToRecover: number;
    longestGapSeconds: number;
  };
  drillC: {
    acknowledged: number;
    retried: number;
    secondsUnavailable: number;
    /** Seconds from the primary's stop to the promoted replica accepting writes. */
    secondsToPromote: number;
    /** Seconds each node took to restart on the new DATABASE_URL (stop + start until /healthz 200). */
    nodeRestartSeconds: number[];
    writesOnNewPrimary: string;
    newPrimaryInRecovery: boolean;
  };
  /** Wall-clock seconds of each part (setup of drill A's timer cases included in drillA). */
  wallSeconds: { drillA: number; drillB: number; drillC: number; finalChecks: number };
  /** Every acknowledged id of the three drills, read back at the end from the new primary. */
  rereadAll: string;
  auditVerify: { code: number | null; out: string };
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;
const sql = (ids: string[]) => ids.map((id) => `'${id}'`).join(",");

/** Load for as long as `during` runs (plus `tailMs` after it, to see writes succeed again). */
async function underLoad(
  cluster: Cluster,
  cookie: string,
  connections: number,
  during: () => Promise<void>,
  tailMs: number,
): Promise<LoadResult> {
  let release!: () => void;
  const stop = new Promise<void>((r) => {
    release = r;
  });
  const running = load(cluster.url, cookie, connections, stop);
  try {
    await during();
    await new Promise((r) => setTimeout(r, tailMs));
  } finally {
    release();
  }
  const result = await running;
  if (result.unexpected.length)
    throw new Error(`answers a retry cannot fix: ${result.unexpected.slice(0, 5).join("; ")}`);
  return result;
}

const health = async (n: Node) => {
  try {
    return (await fetch(`${n.url}/healthz`, { signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return 0; // not answering at all
  }
};

export async function runDrills(cluster: Cluster, size: DrillSize, say: (line: string) => void = () => {}) {
  const t0 = performance.now();
  const citizen = await applicant(cluster.url);
  const clerk = await staff(cluster.url, "amr.clerk");
  const all: string[] = [];

  // --- Drill A: kill -9 a node under load; timers due during the load fire once.
  const timerCases = await acceptedCases(cluster.url, citizen, clerk, size.timers);
  // Their deadlines "lapsed yesterday", and their timers fall due one after another across the load window
  // (an operator-made fixture: the drill cannot wait for a real deadline). Each firing escalates the case
  // (case_actions 'escalated', level 1) in the job's transaction; the next level is days away.
  await cluster.psql(
    `update cases set deadline_date = (now() at time zone 'Asia/Shanghai')::date - 1 where id in (${sql(timerCases)})`,
  );
  const loadMs = size.seconds * 1000;
  await cluster.psql(
    `update jobs set run_at = now() + (interval '1 millisecond' * (${Math.round(loadMs * 0.9)} * t.i / ${size.timers}))
     from (select k, row_number() over () as i from unnest(array[${sql(timerCases)}]) as k) t
     where jobs.kind = 'case.deadline' and jobs.key = t.k`,
  );
  const victim = cluster.nodes[1] as Node;
  say(`drill A: ${size.connections} connections for ${size.seconds} s; kill -9 ${victim.name} half-way`);
  const a = await underLoad(
    cluster,
    citizen,
    size.connections,
    async () => {
      await new Promise((r) => setTimeout(r, loadMs / 2));
      await cluster.kill9(victim);
    },
    loadMs / 2,
  );
  all.push(...a.acknowledged);
  const missingA = await reread(cluster.url, citizen, a.acknowledged);
  await until("every drill timer to fire", 60_000, async () => {
    const left = await cluster.psql(
      `select count(*) from cases where id in (${sql(timerCases)}) and escalation_level = 0`,
    );
    return left === "0" ? true : undefined;
  });
  const firings = (
    await cluster.psql(
      `select count(*) from case_actions where type = 'escalated' and case_id in (${sql(timerCases)}) group by case_id`,
    )
  )
    .split("\n")
    .filter(Boolean)
    .map(Number);
  const fired = firings.length;
  const duplicates = firings.reduce((s, n) => s + n - 1, 0);
  await cluster.startNode(victim); // back to three nodes for the next drills
  const drillA = {
    killed: victim.name,
    acknowledged: a.acknowledged.length,
    reread: `${a.acknowledged.length - missingA.length}/${a.acknowledged.length}`,
    retried: a.retried,
    failures: a.failures,
    longestGapSeconds: seconds(a.longestGapMs),
    timers: size.timers,
    timersFired: fired,
    duplicateFirings: duplicates,
  };
  say(`drill A: ${JSON.stringify(drillA)}`);

  const t1 = performance.now();
  // --- Drill B: restart PostgreSQL under load.
  let downAt = 0;
  let upAt = 0;
  let recoveredAt = 0;
  let all503 = false;
  say("drill B: PostgreSQL stopped and started again under load");
  const b = await underLoad(
    cluster,
    citizen,
    size.connections,
    async () => {
      await new Promise((r) => setTimeout(r, 1000));
      await cluster.pg("pg_ctl", ["-D", cluster.primaryDir, "-m", "fast", "-w", "stop"]);
      downAt = performance.now();
      // While it is down, every node says so (HAProxy takes them out of rotation).
      await until("every node /healthz 503 while PostgreSQL is down", 20_000, async () => {
        const s = await Promise.all(cluster.nodes.map(health));
        return s.every((x) => x === 503) ? true : undefined;
      });
      all503 = true;
      await cluster.pg("pg_ctl", ["-D", cluster.primaryDir, "-l", `${cluster.dir}/primary.log`, "-w", "start"]);
      upAt = performance.now();
      await until("every node /healthz 200 after the restart", 60_000, async () => {
        const s = await Promise.all(cluster.nodes.map(health));
        return s.every((x) => x === 200) ? true : undefined;
      });
      recoveredAt = performance.now();
    },
    2000,
  );
  all.push(...b.acknowledged);
  const drillB = {
    acknowledged: b.acknowledged.length,
    retried: b.retried,
    allNodes503: all503,
    secondsDown: seconds(upAt - downAt),
    secondsToRecover: seconds(recoveredAt - upAt),
    longestGapSeconds: seconds(b.longestGapMs),
  };
  say(`drill B: ${JSON.stringify(drillB)}`);

  const t2 = performance.now();
  // --- Drill C: promote the replica; the nodes follow after a configuration change, one by one.
  say("drill C: primary stopped, replica promoted, nodes restarted one by one on the new DATABASE_URL");
  const newPrimary = cluster.databaseUrl(cluster.replicaPort);
  let promoteMs = 0;
  const restarts: number[] = [];
  const c = await underLoad(
    cluster,
    citizen,
    size.connections,
    async () => {
      await new Promise((r) => setTimeout(r, 1000));
      // A planned switchover: a fast stop sends the standby every WAL record before the primary exits.
      // The standby must be streaming: after drill B's restart it reconnects only after its retry interval,
      // and a primary stopped while it is away takes its last WAL with it (a CI run lost 53 writes so).
      await until("the replica streaming from the primary", 30_000, async () =>
        (await cluster.psql("select count(*) from pg_stat_replication where state = 'streaming'")) === "1"
          ? true
          : undefined,
      );
      const stopAt = performance.now();
      await cluster.pg("pg_ctl", ["-D", cluster.primaryDir, "-m", "fast", "-w", "stop"]);
      // Promote only once the standby has replayed the primary's shutdown checkpoint: everything before it.
      const control = await cluster.pg("pg_controldata", [cluster.primaryDir]);
      const lsn = /Latest checkpoint location:\s+([0-9A-F]+\/[0-9A-F]+)/.exec(control)?.[1];
      if (!lsn) throw new Error(`no checkpoint location in pg_controldata:\n${control}`);
      await until("the replica to replay the primary's last checkpoint", 30_000, async () =>
        (await cluster.psql(`select pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn`, cluster.replicaPort)) === "t"
          ? true
          : undefined,
      );
      await cluster.pg("pg_ctl", ["-D", cluster.replicaDir, "-w", "promote"]);
      promoteMs = performance.now() - stopAt;
      for (const n of cluster.nodes) {
        const t = performance.now();
        await cluster.stopNode(n);
        n.databaseUrl = newPrimary;
        await cluster.startNode(n);
        restarts.push(seconds(performance.now() - t));
      }
    },
    2000,
  );
  all.push(...c.acknowledged);
  const landed = await cluster.psql(
    `select count(*) from cases where id in (${sql(c.acknowledged)})`,
    cluster.replicaPort,
  );
  const inRecovery = (await cluster.psql("select pg_is_in_recovery()", cluster.replicaPort)) === "t";
  const drillC = {
    acknowledged: c.acknowledged.length,
    retried: c.retried,
    secondsUnavailable: seconds(c.longestGapMs),
    secondsToPromote: seconds(promoteMs),
    nodeRestartSeconds: restarts,
    writesOnNewPrimary: `${landed}/${c.acknowledged.length}`,
    newPrimaryInRecovery: inRecovery,
  };
  say(`drill C: ${JSON.stringify(drillC)}`);

  const t3 = performance.now();
  const missingAll = await reread(cluster.url, citizen, all);
  const audit = cluster.yiwang(["audit", "verify"], { DATABASE_URL: newPrimary });
  say(`audit verify (new primary): exit ${audit.code}`);
  const figures: Figures = {
    drillA,
    drillB,
    drillC,
    wallSeconds: {
      drillA: seconds(t1 - t0),
      drillB: seconds(t2 - t1),
      drillC: seconds(t3 - t2),
      finalChecks: seconds(performance.now() - t3),
    },
    rereadAll: `${all.length - missingAll.length}/${all.length}`,
    auditVerify: { code: audit.code, out: audit.out.trim().split("\n").slice(-3).join("\n") },
  };
  return figures;
}
