/**
 * The three-node fault drill (issue 17), runnable by anyone with Debian's PostgreSQL server and HAProxy:
 *
 *   npm run drill            # 50 connections, 20 s of load in drill A, 20 timers
 *   npm run drill -- --ci    # the CI size (apps/server/src/cluster.drill.test.ts runs it)
 *
 * Starts a fresh PostgreSQL primary and streaming replica, three app nodes (the production build) and
 * HAProxy, all on 127.0.0.1 in a temporary directory; runs drills A (kill -9 a node), B (restart PostgreSQL)
 * and C (promote the replica); prints the figures as JSON; stops everything and removes the directory, also
 * on failure or Ctrl-C. Exit 0 when every figure is as it must be. See docs/operations.md.
 */
import { Cluster, missingPrerequisites } from "./drill/cluster.js";
import { CI, FULL, runDrills } from "./drill/drills.js";
import { problems } from "./drill/verdict.js";

const missing = missingPrerequisites();
if (missing) {
  console.error(`drill: cannot run here: ${missing}`);
  process.exit(2);
}
const size = process.argv.includes("--ci") ? CI : FULL;
const say = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const cluster = new Cluster({ say });
let interrupted = false;
process.on("SIGINT", () => {
  interrupted = true;
  say("interrupted: stopping the cluster");
  void cluster.stop().then(() => process.exit(130));
});
let code = 1;
try {
  const started = performance.now();
  await cluster.startAll();
  const setupSeconds = Math.round((performance.now() - started) / 100) / 10;
  const figures = await runDrills(cluster, size, say);
  console.log(JSON.stringify({ size, setupSeconds, ...figures }, null, 2));
  const wrong = problems(figures);
  for (const p of wrong) console.error(`drill: ${p}`);
  code = wrong.length ? 1 : 0;
} catch (e) {
  console.error(e);
  console.error(cluster.logs());
} finally {
  if (!interrupted) await cluster.stop();
}
process.exit(code);
