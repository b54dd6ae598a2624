import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, databaseEnv } from "../../../test-support/cli.js";

/** `yiwang oidc rotate-keys`: a new current key each time; the previous ones stay published. */
describe("yiwang oidc rotate-keys", () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ env, cleanup } = await databaseEnv());
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it("adds a new current signing key each time (publication is covered by the flow test)", async () => {
    const first = await cli(["oidc", "rotate-keys"], { ...env, SEED_DEMO: "false" });
    expect(first.code, first.out).toBe(0);
    const kid1 = /new OIDC signing key: (\S+)/.exec(first.out)?.[1];
    const second = await cli(["oidc", "rotate-keys"], { ...env, SEED_DEMO: "false" });
    expect(second.code, second.out).toBe(0);
    const kid2 = /new OIDC signing key: (\S+)/.exec(second.out)?.[1];
    expect(kid1).toBeTruthy();
    expect(kid2).toBeTruthy();
    expect(kid2).not.toBe(kid1);
    const bad = await cli(["oidc", "nonsense"], env);
    expect(bad.code).toBe(2);
  }, 120_000); // three CLI processes, each loading the app and migrating: slow on a loaded two-core machine
});
