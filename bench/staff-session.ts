/**
 * A bench staff account with TOTP enrolled, in the platform's own department (示例市政务服务和数据管理局) unless
 * another is named,
 * signed in through the real staff login (password, then the TOTP code): the session cookie a load run sends.
 */
import { AccountRepository, hashPassword, totpNow } from "../apps/server/src/modules/identity/index.js";
import type { Role } from "../apps/server/src/platform/auth/permissions.js";
import { SecretBox } from "../apps/server/src/platform/crypto/secret-box.js";

const PASSWORD = "Bench-Staff-Passw0rd!";
const TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] as string)
    .find((c) => c.startsWith("yw_session=") && c.length > "yw_session=".length);

export async function benchStaffSession(
  base: string,
  db: ConstructorParameters<typeof AccountRepository>[0],
  key: string,
  staff: { role: Role; username: string; displayName: string },
  /** The department's key (default: the platform's own). */
  departmentKey = "platform",
): Promise<string> {
  const accounts = new AccountRepository(db);
  const dept = await db
    .selectFrom("departments")
    .select("id")
    .where("key", "=", departmentKey)
    .executeTakeFirstOrThrow();
  const row = await accounts.insert({
    kind: "staff",
    username: `${staff.username}.${Date.now()}`,
    display_name: staff.displayName,
    department_id: dept.id,
    password_hash: await hashPassword(PASSWORD),
    totp_enabled_at: new Date(),
  });
  await accounts.update(row.id, {
    totp_secret_enc: new SecretBox(key).seal(Buffer.from(TOTP_SECRET), `totp:${row.id}`),
  });
  await accounts.setRoles(row.id, [staff.role], "bench");
  const post = (url: string, body: unknown, cookie = "") =>
    fetch(`${base}${url}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(body),
    });
  const first = await post("/api/identity/staff/login", { username: row.username, password: PASSWORD });
  if (first.status !== 200) throw new Error(`staff login: ${first.status} ${await first.text()}`);
  const second = await post("/api/identity/staff/mfa/verify", { code: totpNow(TOTP_SECRET) }, cookieOf(first));
  if (second.status !== 200) throw new Error(`staff TOTP: ${second.status} ${await second.text()}`);
  const cookie = cookieOf(second);
  if (!cookie) throw new Error("staff login: no session");
  return cookie;
}
