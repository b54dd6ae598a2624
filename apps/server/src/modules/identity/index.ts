/**
 * The identity module's public surface (统一身份认证): accounts of citizens, enterprises and staff,
 * sessions, real-name levels, and the credential resolvers the platform's auth guard uses.
 */
import type { FastifyInstance } from "fastify";
import type { DepartmentService } from "../org/index.js";
import type { BusinessRegistry } from "../registry/index.js";
import { AuthService } from "./auth.service.js";
import { citizenRoutes } from "./citizens/citizens.routes.js";
import { CitizenService } from "./citizens/citizens.service.js";
import { enterpriseRoutes } from "./enterprises/enterprises.routes.js";
import { EnterpriseService } from "./enterprises/enterprises.service.js";
import { machineRoutes } from "./machine/realname-check.routes.js";
import { RealnameCheckService } from "./machine/realname-check.service.js";
import { type OidcModule, registerOidc } from "./oidc/index.js";
import { PersonalDataAccess } from "./personal-data.js";
import type { PopulationCheck } from "./population-check.js";
import { ProfileService } from "./profile.service.js";
import { authRoutes } from "./routes/auth.routes.js";
import { devRoutes } from "./routes/dev.routes.js";
import { meRoutes, sessionStateRoutes } from "./routes/me.routes.js";
import { SessionService } from "./sessions.js";
import { SmsCodes } from "./sms/codes.js";
import { DevSmsSender, HttpSmsSender, type SmsSender } from "./sms/sender.js";
import { dualControlRoutes } from "./staff/dual-control.routes.js";
import { DualControlService } from "./staff/dual-control.service.js";
import { staffRoutes } from "./staff/staff.routes.js";
import { StaffService } from "./staff/staff.service.js";

export { AccountRepository } from "./accounts.repository.js";
export { type EnterpriseAccounts, enterpriseAccounts } from "./enterprises/enterprise-accounts.js";
export { requireEnterpriseScope } from "./enterprises/enterprise-scope.js";
export { ACCOUNT_LOCKED_EVENT } from "./lockout-event.js";
export { SigningKeyStore } from "./oidc/index.js";
export { hashPassword } from "./passwords.js";
export type { PersonalDataAccess } from "./personal-data.js";
export type { PopulationCheck } from "./population-check.js";
export { reencryptAccounts } from "./reencrypt.js";
export { type DemoAccounts, seedIdentityDemo } from "./seed.js";
export { SESSION_COOKIE, SessionService } from "./sessions.js";
export { AccountPhones } from "./sms/phones.js";
export { DevSmsSender, HttpSmsSender, type SmsSender } from "./sms/sender.js";
export { createStaffAtInstall } from "./staff/install.js";
export { totpNow } from "./totp.js";

export interface IdentityModule {
  auth: AuthService;
  profile: ProfileService;
  sessions: SessionService;
  enterprises: EnterpriseService;
  staff: StaffService;
  dualControl: DualControlService;
  citizens: CitizenService;
  personalData: PersonalDataAccess;
  oidc: OidcModule;
}

export async function registerIdentityModule(
  app: FastifyInstance,
  deps: { departments: DepartmentService; population: PopulationCheck; businesses: BusinessRegistry },
): Promise<IdentityModule> {
  const { db, pii, audit, rateLimiter, config, events, notify, jobs, clock } = app.platform;
  const sessions = new SessionService(db, config.identity);
  const sms = config.identity.sms;
  const devSender = sms.sender === "dev" ? new DevSmsSender(db, pii) : null;
  const sender: SmsSender = devSender ?? new HttpSmsSender(sms.httpUrl as string, sms.httpToken);
  const codes = new SmsCodes(db, pii, sender, config.secrets.sessionSecret, {
    ttlSeconds: sms.codeTtlSeconds,
    resendSeconds: sms.resendSeconds,
  });
  const auth = new AuthService({
    db,
    pii,
    audit,
    rateLimiter,
    sessions,
    sms: codes,
    config,
    box: app.platform.crypto.box,
    events,
    clock: app.platform.clock,
  });
  const profile = new ProfileService({
    db,
    pii,
    audit,
    rateLimiter,
    sessions,
    population: deps.population,
    departments: deps.departments,
    clock: app.platform.clock,
    staffPassword: config.identity.staffPassword,
  });

  app.auth.addResolver((request) => sessions.principal(request));

  await app.register(authRoutes, { prefix: "/api/identity", auth, sessions });
  await app.register(meRoutes, { prefix: "/api/identity/me", profile, auth });
  await app.register(sessionStateRoutes, { prefix: "/api/identity", profile });
  const personalData = new PersonalDataAccess(db, pii, audit);
  const enterprises = new EnterpriseService({ db, pii, audit, rateLimiter, sessions, registry: deps.businesses });
  const staff = new StaffService({
    db,
    audit,
    sessions,
    departments: deps.departments,
    passwordHistory: config.identity.passwordHistory,
    passwordPolicy: config.identity.passwordPolicy,
  });
  const dualControl = new DualControlService({
    db,
    audit,
    notify,
    jobs,
    clock,
    sessions,
    departments: deps.departments,
    expiryHours: config.security.dualControlExpiryHours,
  });
  const citizens = new CitizenService({ db, pii, audit, rateLimiter, personalData });
  const realnameCheck = new RealnameCheckService({ audit, rateLimiter, population: deps.population });
  await app.register(enterpriseRoutes, { prefix: "/api/identity", enterprises, profile, sessions });
  await app.register(staffRoutes, { prefix: "/api/identity/staff", staff });
  await app.register(dualControlRoutes, { prefix: "/api/identity/dual-control", dualControl });
  await app.register(citizenRoutes, { prefix: "/api/identity", citizens });
  await app.register(machineRoutes, { prefix: "/api/identity/machine", realnameCheck });
  if (devSender && config.env !== "production") {
    await app.register(devRoutes, { prefix: "/api/identity/dev", sender: devSender });
  }
  const oidc = await registerOidc(app, { sessions, departments: deps.departments });
  return { auth, profile, sessions, enterprises, staff, dualControl, citizens, personalData, oidc };
}
