import { randomBytes } from "node:crypto";

/**
 * The one-time password of an account made on the server (`yiwang staff create`) or by dual control: 24
 * random bytes in base64url (192 bits) plus a fixed tail, so it passes the strength rules whatever the random
 * part holds (32 characters from four classes). Shown once; only its argon2id hash is stored.
 */
export function newOneTimePassword(): string {
  return `${randomBytes(24).toString("base64url")}#9a`;
}
