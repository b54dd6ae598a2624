/**
 * The messaging module's public surface (会商与消息, issue 18): case discussion threads for the departments
 * of a case's (parallel) approval, 12345 request threads for the request's department, department channels and direct messages between staff; @mentions become
 * in-app notices through the Notifier port; attachments go to the file store; read receipts; real time over
 * SSE with cross-node fan-out through LISTEN/NOTIFY (hub.ts); retention (retention.ts). Other modules do
 * not read its tables.
 */
import type { FastifyInstance } from "fastify";
import { ROLE_PERMISSIONS, type Role } from "../../platform/auth/permissions.js";
import type { CaseParticipation } from "../cases/index.js";
import { AccountRepository } from "../identity/index.js";
import type { DepartmentService } from "../org/index.js";
import { type MessagingDeps, RETENTION_JOB, type StaffMember } from "./context.js";
import { MessagingHub } from "./hub.js";
import { MessagingRepository } from "./repository.js";
import { MessageRetention } from "./retention.js";
import { messagingRoutes } from "./routes/messaging.js";
import { MessagingService } from "./service.js";
import "./db.js";

export { MESSAGING_CHANNEL, RETENTION_JOB } from "./context.js";
export type { HubEvent } from "./hub.js";
export { MessagingHub } from "./hub.js";

export interface MessagingServices {
  messaging: MessagingService;
  hub: MessagingHub;
  retention: MessageRetention;
}

/** The roles that grant messaging (so the directory asks for exactly the staff who can use it). */
const MESSAGING_ROLES = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) =>
  ROLE_PERMISSIONS[r].includes("messaging.use"),
);
const DIRECTORY_MAX = 300;

export async function registerMessagingModule(
  app: FastifyInstance,
  modules: {
    departments: DepartmentService;
    /** The cases module's narrow reader (`caseParticipation(db)`). */
    cases: (caseId: string) => Promise<CaseParticipation | null>;
    /** The hotline module's narrow reader (`requestParticipation(db)`). */
    requests: (requestId: string) => Promise<CaseParticipation | null>;
  },
): Promise<MessagingServices> {
  const { db, database, audit, notify, clock, files, jobs, config } = app.platform;
  const accounts = new AccountRepository(db);
  const staffMember = async (id: string): Promise<StaffMember | null> => {
    const a = await accounts.findById(id);
    if (a?.kind !== "staff") return null;
    return {
      id: a.id,
      name: a.display_name,
      departmentId: a.department_id,
      roles: await accounts.roles(a.id),
      active: a.status === "active",
    };
  };
  const deps: MessagingDeps = {
    db,
    repo: new MessagingRepository(db),
    audit,
    notify,
    clock,
    files,
    config: { ...config.messaging, attachmentMaxBytes: config.files.materialMaxBytes },
    caseParticipation: modules.cases,
    requestParticipation: modules.requests,
    departmentName: async (id) => {
      try {
        return (await modules.departments.get(id)).name;
      } catch {
        return null;
      }
    },
    staffMember,
    staffOf: async (departmentId) => {
      const ids = new Set<string>();
      for (const role of MESSAGING_ROLES)
        for (const id of await accounts.staffIdsWithRole(role, departmentId ?? undefined)) ids.add(id);
      const members = await Promise.all([...ids].slice(0, DIRECTORY_MAX).map(staffMember));
      return members.filter((m): m is StaffMember => m !== null).sort((a, b) => a.name.localeCompare(b.name, "zh"));
    },
  };
  const messaging = new MessagingService(deps, jobs);
  const hub = new MessagingHub(database.listen, messaging.hubLoader(), app.log);
  const retention = new MessageRetention(deps);
  jobs.register(RETENTION_JOB, (job, trx) => retention.fire(job, trx));
  // Open streams end before the server waits for its connections to close.
  app.addHook("preClose", async () => hub.stop());
  app.addHook("onClose", async () => hub.stop());

  await app.register(messagingRoutes, { prefix: "/api/messaging", services: { messaging, hub, retention } });
  return { messaging, hub, retention };
}
