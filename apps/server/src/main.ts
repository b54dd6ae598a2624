#!/usr/bin/env node
/**
 * The `yiwang` command: start | migrate | seed | … (commands.ts). Everything is configured by environment
 * variables (see platform/config.ts and README.md).
 *
 * This file only dispatches, so that `yiwang demo-totp` answers without loading the platform: importing
 * commands.ts (the app, every module, both database drivers, PDF and seal code) took 8.8 s of the 10.3 s
 * the command needed here (issue 15 saw 8–16 s for a code that lives 30 s); demo-totp now reads only the
 * configuration and the demo accounts. `main.test.ts` checks that nothing heavy is imported statically.
 */
import { Secret, TOTP } from "otpauth";
import { ConfigError, loadConfig } from "./platform/config.js";
import { tuneHeapForServing } from "./platform/heap-tuning.js";
import demoAccounts from "./seed/data/demo-accounts.json" with { type: "json" };

function demoTotp(): number {
  if (loadConfig().env === "production") {
    process.stderr.write("demo-totp: there are no demo accounts in production\n");
    return 2;
  }
  // The identity module's TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps); main.test.ts logs in with it.
  const code = new TOTP({ secret: Secret.fromBase32(demoAccounts.staffTotpSecret), period: 30 }).generate();
  process.stdout.write(`${code}  (demo staff TOTP, valid for this 30-second step)\n`);
  return 0;
}

async function main(argv: string[]): Promise<number | undefined> {
  if (argv[0] === "demo-totp") return demoTotp();
  tuneHeapForServing();
  const { run } = await import("./commands.js");
  return run(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (err) => {
    // Configuration and a busy data directory are the operator's to fix: their message, without a trace.
    if (err instanceof ConfigError || err?.name === "DataDirInUseError") process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
