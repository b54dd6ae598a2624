/**
 * A circuit breaker per proxied provider endpoint, in process memory (each node trips on its own; the
 * state is at most one cool-down stale, which is its purpose). Closed: calls pass, consecutive failures
 * are counted. After `failures` in a row it opens: calls are refused at once for `cooldownMs`. Then one
 * call is let through as a probe (half-open): its success closes the circuit, its failure opens it again.
 */
export type CircuitState = "closed" | "open" | "half_open";

export interface BreakerOptions {
  failures: number;
  cooldownMs: number;
}

export class CircuitBreaker {
  #state: CircuitState = "closed";
  #failures = 0;
  #openedAt = 0;

  constructor(
    private readonly options: BreakerOptions,
    private readonly now: () => number,
  ) {}

  get state(): CircuitState {
    return this.#state;
  }

  /** Whether a call may go out now; the first call after the cool-down becomes the half-open probe. */
  tryAcquire(): boolean {
    if (this.#state === "closed") return true;
    if (this.#state === "open" && this.now() - this.#openedAt >= this.options.cooldownMs) {
      this.#state = "half_open";
      return true;
    }
    return false; // open within the cool-down, or a probe is already out
  }

  /** Milliseconds until a probe may go out (0 when calls pass). */
  retryAfterMs(): number {
    if (this.#state !== "open") return 0;
    return Math.max(0, this.#openedAt + this.options.cooldownMs - this.now());
  }

  success(): void {
    this.#state = "closed";
    this.#failures = 0;
  }

  failure(): void {
    this.#failures++;
    if (this.#state === "half_open" || this.#failures >= this.options.failures) {
      this.#state = "open";
      this.#openedAt = this.now();
    }
  }
}

/** One breaker per key (resource code + endpoint), created on first use. */
export class CircuitBreakers {
  readonly #breakers = new Map<string, CircuitBreaker>();
  constructor(
    private readonly options: BreakerOptions,
    private readonly now: () => number,
  ) {}

  get(key: string): CircuitBreaker {
    let b = this.#breakers.get(key);
    if (!b) {
      b = new CircuitBreaker(this.options, this.now);
      this.#breakers.set(key, b);
    }
    return b;
  }
}
