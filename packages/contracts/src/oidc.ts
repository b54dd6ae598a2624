import { z } from "zod";
import { uuid } from "./common.js";

/**
 * OpenID Connect provider (统一身份认证 SSO): client registration by platform administrators, and the
 * login/consent interaction that the web app's /sso/:uid page drives.
 */

/** Scopes a department web system (authorization code + PKCE) may request. */
export const OIDC_WEB_SCOPES = ["openid", "profile", "enterprise", "id_number", "offline_access"] as const;
/** Scopes a machine client (client credentials) may hold; each maps to a platform permission. */
export const OIDC_MACHINE_SCOPES = ["identity.realname.check", "exchange.call"] as const;
export const OIDC_SCOPES = [...OIDC_WEB_SCOPES, ...OIDC_MACHINE_SCOPES] as const;
export type OidcScope = (typeof OIDC_SCOPES)[number];

export const OidcClientKind = z.enum(["web", "machine"]);
export type OidcClientKind = z.infer<typeof OidcClientKind>;

const uri = z.string().trim().min(1).max(500);

export const OidcClient = z
  .object({
    clientId: z.string(),
    name: z.string(),
    kind: OidcClientKind,
    departmentId: uuid,
    redirectUris: z.array(z.string()),
    postLogoutRedirectUris: z.array(z.string()),
    grantTypes: z.array(z.string()),
    scopes: z.array(z.string()),
    status: z.enum(["active", "revoked"]),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    revokedAt: z.string().nullable(),
    secretRotatedAt: z.string().nullable(),
  })
  .meta({ id: "OidcClient" });
export type OidcClient = z.infer<typeof OidcClient>;

/** A client with its secret: returned once, at creation and at secret rotation, never again. */
export const OidcClientWithSecret = OidcClient.extend({ clientSecret: z.string() }).meta({
  id: "OidcClientWithSecret",
});
export type OidcClientWithSecret = z.infer<typeof OidcClientWithSecret>;

export const OidcClientCreate = z.object({
  name: z.string().trim().min(2).max(100),
  kind: OidcClientKind,
  departmentId: uuid,
  redirectUris: z.array(uri).max(20).default([]),
  postLogoutRedirectUris: z.array(uri).max(20).default([]),
  scopes: z.array(z.enum(OIDC_SCOPES)).min(1).max(20),
});
export type OidcClientCreate = z.input<typeof OidcClientCreate>;

export const OidcClientUpdate = z
  .object({
    name: z.string().trim().min(2).max(100),
    redirectUris: z.array(uri).max(20),
    postLogoutRedirectUris: z.array(uri).max(20),
    scopes: z.array(z.enum(OIDC_SCOPES)).min(1).max(20),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "至少修改一个字段 / At least one field must change" });
export type OidcClientUpdate = z.infer<typeof OidcClientUpdate>;

export const OidcClientList = z.object({ items: z.array(OidcClient) });
export type OidcClientList = z.infer<typeof OidcClientList>;

/** What the /sso/:uid page shows: who asks, for what, and which step is pending. */
export const OidcInteraction = z
  .object({
    uid: z.string(),
    step: z.enum(["login", "consent"]),
    client: z.object({ clientId: z.string(), name: z.string(), department: z.string().nullable() }),
    /** Scopes the application asks for (openid, profile, enterprise, id_number, …). */
    scopes: z.array(z.string()),
    /** The platform session that would sign in (null: log in first). */
    account: z
      .object({
        displayName: z.string(),
        kind: z.enum(["citizen", "staff"]),
        realnameLevel: z.number().int(),
        enterprise: z.object({ uscc: z.string(), name: z.string() }).nullable(),
      })
      .nullable(),
  })
  .meta({ id: "OidcInteraction" });
export type OidcInteraction = z.infer<typeof OidcInteraction>;

export const OidcConsentRequest = z.object({
  /** Release the citizen ID number (only when the application asked for the id_number scope). */
  idNumber: z.boolean().default(false),
});
export type OidcConsentRequest = z.input<typeof OidcConsentRequest>;

/** Where the browser goes next (back to the provider, which redirects to the application). */
export const OidcRedirect = z.object({ redirectTo: z.string() });
export type OidcRedirect = z.infer<typeof OidcRedirect>;
