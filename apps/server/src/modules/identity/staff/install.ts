import { StaffCreate } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Role } from "../../../platform/auth/permissions.js";
import type { DB } from "../../../platform/db/schema.js";
import type { AuditLog } from "../../../platform/ports.js";
import { DepartmentRepository } from "../../org/index.js";
import { AccountRepository } from "../accounts.repository.js";
import { IdentityErrors } from "../errors.js";
import { hashPassword } from "../passwords.js";
import { assertSeparated } from "./grant-rules.js";
import { newOneTimePassword } from "./one-time-password.js";
import { StaffRepository } from "./staff.repository.js";

/**
 * Staff accounts made on the server itself (`yiwang staff create`), not through the API: the first
 * platform administrator of a new installation, and auditor accounts, which no administrator may create
 * (三员分立). Whoever runs it has the server and its secrets, which is what installation means. The
 * password is random, shown once, and replaced at the first login, where the authenticator is enrolled; the creation is
 * audited with the actor `install:cli`, where the auditors see it.
 */
export async function createStaffAtInstall(
  deps: { db: Kysely<DB>; audit: AuditLog },
  input: { username: string; displayName: string; departmentKey: string; roles: readonly string[] },
): Promise<{ id: string; password: string }> {
  // The same rules as an account made through the API (user name, display name, known roles).
  const checked = StaffCreate.pick({ username: true, displayName: true, roles: true }).safeParse(input);
  if (!checked.success)
    throw new Error(checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const { username, displayName } = checked.data;
  const roles = [...new Set(checked.data.roles)].sort() as Role[];
  assertSeparated(roles);
  const department = await new DepartmentRepository(deps.db).findByKey(input.departmentKey);
  if (!department) throw IdentityErrors.STAFF_DEPARTMENT_NOT_FOUND();
  const password = newOneTimePassword();
  const passwordHash = await hashPassword(password);
  const accounts = new AccountRepository(deps.db);
  const id = await deps.db.transaction().execute(async (trx) => {
    if (await new StaffRepository(trx).usernameTaken(username, trx)) throw IdentityErrors.USERNAME_TAKEN();
    const account = await accounts.insert(
      {
        kind: "staff",
        username,
        display_name: displayName,
        department_id: department.id,
        password_hash: passwordHash,
        password_must_change: true, // printed on the server: replaced at the first login
      },
      trx,
    );
    await accounts.setRoles(account.id, roles, "install:cli", trx);
    await deps.audit.append(
      {
        type: "identity.staff.created",
        actor: "install:cli",
        subject: `account:${account.id}`,
        payload: { username, departmentId: department.id, roles, via: "cli" },
      },
      trx,
    );
    return account.id;
  });
  return { id, password };
}
