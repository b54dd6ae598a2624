import v8 from "node:v8";

/**
 * Turns off V8's allocation-site pretenuring for a process that serves requests; the entry points call it
 * first (main.ts, and the bench servers, which run the app as production does).
 *
 * V8 learns from an allocation site's survival rate and, once most of its objects outlive a scavenge
 * (caches filled at start-up do), allocates that site's later objects straight into the old generation.
 * node-postgres builds every result's `rows` array from one literal, and that site got tenured: 56–67 % of
 * the rows arrays were born old under the case-detail load. A dead array in the old generation is freed
 * only by a full GC, and until then a scavenge treats what it points to as live, so every request's young
 * rows were copied and promoted (~5 MB per scavenge, 93–98 % of the survivors; minor GCs ~10 ms against
 * ~2 ms for the same statements under bare Fastify). With pretenuring off (2 runs each, case-reads bench,
 * 2026-12-06): minor GC 400–405 ms against 911–1,031 ms per run, app CPU 560–579 µs per detail against
 * 799–919, 1,566–1,628 req/s against 1,002–1,195. It changes when objects move to the old generation,
 * nothing else; the objects that do live long are promoted by scavenges instead.
 *
 * A flag Node refuses in NODE_OPTIONS, hence set here, before the database is opened and requests start
 * (sites tenured earlier would keep their decision).
 */
export function tuneHeapForServing(): void {
  v8.setFlagsFromString("--no-allocation-site-pretenuring");
}
