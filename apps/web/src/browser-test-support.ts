import { existsSync } from "node:fs";
import path from "node:path";

/**
 * What every browser test shares: Debian's Chromium (never a downloaded browser), the flags it runs
 * headless with, the built app it serves, and where screenshots go.
 */
export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
export const WEB_DIST_INDEX = path.join(REPO_ROOT, "apps/web/dist/index.html");
export const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts");
export const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
