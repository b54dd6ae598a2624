import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./circuit-breaker.js";

describe("circuit breaker", () => {
  const make = () => {
    let now = 0;
    const b = new CircuitBreaker({ failures: 3, cooldownMs: 1000 }, () => now);
    return { b, tick: (ms: number) => (now += ms) };
  };

  it("opens after N failures in a row; a success in between resets the count", () => {
    const { b } = make();
    b.failure();
    b.failure();
    b.success();
    b.failure();
    b.failure();
    expect(b.state).toBe("closed");
    b.failure();
    expect([b.state, b.tryAcquire()]).toEqual(["open", false]);
  });

  it("lets exactly one probe out after the cool-down; its result closes or re-opens", () => {
    const { b, tick } = make();
    for (let i = 0; i < 3; i++) b.failure();
    tick(999);
    expect(b.tryAcquire()).toBe(false);
    expect(b.retryAfterMs()).toBe(1);
    tick(1);
    expect(b.tryAcquire()).toBe(true); // the probe
    expect(b.state).toBe("half_open");
    expect(b.tryAcquire()).toBe(false); // others wait for it
    b.failure();
    expect([b.state, b.retryAfterMs()]).toEqual(["open", 1000]);
    tick(1000);
    expect(b.tryAcquire()).toBe(true);
    b.success();
    expect([b.state, b.tryAcquire(), b.tryAcquire()]).toEqual(["closed", true, true]);
  });
});
