/**
 * This page's writes to one case, one at a time. The draft's autosave sends the case version it knows
 * (the server refuses a stale one with 409); a material uploaded or an e-license attached moves the version
 * on without answering it. Run side by side, an autosave timed just after such a write went out with the
 * old version and failed (seen in the 授权用证 browser test). Queued here, each write waits for the one
 * before it, and `otherWrites` tells the autosave that another write has landed since it learnt the
 * version, so it reads the case's current version before saving.
 */
const queues = new Map<string, { tail: Promise<unknown>; others: number }>();

function queueOf(caseId: string) {
  let q = queues.get(caseId);
  if (!q) {
    q = { tail: Promise.resolve(), others: 0 };
    queues.set(caseId, q);
  }
  return q;
}

/** Runs `write` after the case's writes before it; `other` (not the autosave) counts towards `otherWrites`. */
export function caseWrite<T>(caseId: string, write: () => Promise<T>, options: { other?: boolean } = {}): Promise<T> {
  const q = queueOf(caseId);
  const run = q.tail.then(write).finally(() => {
    if (options.other) q.others++;
  });
  q.tail = run.catch(() => {});
  return run;
}

/** How many other writes to the case have finished so far (compare two readings). */
export function otherWrites(caseId: string): number {
  return queueOf(caseId).others;
}
