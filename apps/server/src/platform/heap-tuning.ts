import v8 from "node:v8";

/**
 * Turns off V8's allocation-site pretenuring for the server process: main.ts calls it before it loads the
 * platform (for every command; only `start` runs long enough for it to matter), and so do the bench servers,
 * which run the app as production does.
 *
 * V8 learns from an allocation site's survival rate and, once most of its objects outlive a scavenge
 * (caches filled at start-up do), allocates that site's later objects straight into the old generation.
 * Under the case-detail load, 56–67 % of node-postgres's result `rows` arrays were born old (other sites
 * too: copying the rows out of that array alone did not help). A dead object in the old generation is freed
 * only by a full GC, and until then a scavenge treats what it points to as live, so every request's young
 * rows were copied and promoted (~5 MB per scavenge, 93–98 % of the survivors; minor GCs ~10 ms against
 * ~2 ms for the same statements under bare Fastify). With pretenuring off (case-reads bench, 2026-12-06):
 * app CPU per detail 560–709 µs against 799–1,201 µs, minor GC per run 400–631 ms against 718–1,031 ms.
 * It changes when objects move to the old generation, nothing else: objects that do live long are promoted
 * by scavenges instead.
 *
 * Node refuses this flag in NODE_OPTIONS, hence set here, before the database is opened.
 */
export function tuneHeapForServing(): void {
  v8.setFlagsFromString("--no-allocation-site-pretenuring");
}
