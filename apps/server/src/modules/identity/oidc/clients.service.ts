import { randomBytes } from "node:crypto";
import {
  OIDC_MACHINE_SCOPES,
  OIDC_WEB_SCOPES,
  type OidcClient,
  type OidcClientCreate,
  type OidcClientUpdate,
  type OidcClientWithSecret,
} from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { SecretBox } from "../../../platform/crypto/secret-box.js";
import type { DB } from "../../../platform/db/schema.js";
import { AppError } from "../../../platform/errors.js";
import type { AuditLog } from "../../../platform/ports.js";
import type { DepartmentService } from "../../org/index.js";
import { deleteClientArtefacts } from "./adapter.js";
import { type OidcClientRepository, type OidcClientRow, secretAad } from "./clients.repository.js";
import { OidcErrors } from "./errors.js";

export function toOidcClient(r: OidcClientRow): OidcClient {
  return {
    clientId: r.client_id,
    name: r.name,
    kind: r.kind,
    departmentId: r.department_id,
    redirectUris: r.redirect_uris,
    postLogoutRedirectUris: r.post_logout_redirect_uris,
    grantTypes: r.grant_types,
    scopes: r.scopes,
    status: r.status,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
    secretRotatedAt: r.secret_rotated_at?.toISOString() ?? null,
  };
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A redirect URI a client may register: absolute https (http only for localhost/127.0.0.1 outside
 * production), no fragment (RFC 6749 §3.1.2), no wildcard, no credentials in the URL.
 */
export function validRedirectUri(value: string, production: boolean): URL | null {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return null;
  }
  if (value.includes("#") || value.includes("*") || u.username || u.password) return null;
  if (u.protocol === "https:") return u;
  if (u.protocol === "http:" && !production && LOCAL_HOSTS.has(u.hostname)) return u;
  return null;
}

/** Client registration by platform administrators; every change is audited with the change. */
export class OidcClientService {
  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      repo: OidcClientRepository;
      box: SecretBox;
      audit: AuditLog;
      departments: DepartmentService;
      production: boolean;
    },
  ) {}

  async list(): Promise<OidcClient[]> {
    return (await this.deps.repo.list()).map(toOidcClient);
  }

  async get(clientId: string): Promise<OidcClient> {
    return toOidcClient(await this.#row(clientId));
  }

  async create(input: OidcClientCreate, actor: string): Promise<OidcClientWithSecret> {
    const kind = input.kind;
    const redirectUris = this.#redirects(input.redirectUris ?? [], kind === "web");
    const postLogout = this.#redirects(input.postLogoutRedirectUris ?? [], false);
    const scopes = this.#scopes(input.scopes, kind);
    try {
      await this.deps.departments.get(input.departmentId);
    } catch (err) {
      if (err instanceof AppError && err.statusCode === 404) throw OidcErrors.OIDC_DEPARTMENT_NOT_FOUND();
      throw err;
    }
    const clientId = `yw${randomBytes(9).toString("hex")}`;
    const secret = newSecret();
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.repo.insert(
        {
          client_id: clientId,
          name: input.name,
          kind,
          department_id: input.departmentId,
          redirect_uris: kind === "web" ? redirectUris : [],
          post_logout_redirect_uris: kind === "web" ? postLogout : [],
          grant_types: kind === "web" ? ["authorization_code", "refresh_token"] : ["client_credentials"],
          scopes,
          secret_enc: this.deps.box.seal(Buffer.from(secret), secretAad(clientId)),
          created_by: actor,
        },
        trx,
      );
      await this.deps.audit.append(
        {
          type: "identity.oidc_client.created",
          actor,
          subject: `oidc_client:${clientId}`,
          payload: { name: row.name, kind, departmentId: row.department_id, redirectUris, scopes },
        },
        trx,
      );
      return { ...toOidcClient(row), clientSecret: secret };
    });
  }

  async update(clientId: string, input: OidcClientUpdate, actor: string): Promise<OidcClient> {
    const current = await this.#row(clientId);
    if (current.status === "revoked") throw OidcErrors.OIDC_CLIENT_REVOKED();
    const web = current.kind === "web";
    const values: Partial<OidcClientRow> = {};
    if (input.name !== undefined) values.name = input.name;
    if (input.redirectUris !== undefined) values.redirect_uris = web ? this.#redirects(input.redirectUris, true) : [];
    if (input.postLogoutRedirectUris !== undefined)
      values.post_logout_redirect_uris = web ? this.#redirects(input.postLogoutRedirectUris, false) : [];
    if (input.scopes !== undefined) values.scopes = this.#scopes(input.scopes, current.kind);
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.repo.update(clientId, values, trx);
      if (!row) throw OidcErrors.OIDC_CLIENT_NOT_FOUND();
      await this.deps.audit.append(
        { type: "identity.oidc_client.updated", actor, subject: `oidc_client:${clientId}`, payload: input },
        trx,
      );
      return toOidcClient(row);
    });
  }

  /**
   * Revokes a client: the provider stops finding it at once (token requests fail with invalid_client) and
   * its outstanding tokens are deleted, so bearer tokens already issued stop working too.
   */
  async revoke(clientId: string, actor: string): Promise<OidcClient> {
    const current = await this.#row(clientId);
    if (current.status === "revoked") return toOidcClient(current);
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.repo.update(clientId, { status: "revoked", revoked_at: new Date() }, trx);
      if (!row) throw OidcErrors.OIDC_CLIENT_NOT_FOUND();
      await deleteClientArtefacts(trx, clientId);
      await this.deps.audit.append(
        { type: "identity.oidc_client.revoked", actor, subject: `oidc_client:${clientId}` },
        trx,
      );
      return toOidcClient(row);
    });
  }

  /** A new secret, shown once; the old one stops working at once. */
  async rotateSecret(clientId: string, actor: string): Promise<OidcClientWithSecret> {
    const current = await this.#row(clientId);
    if (current.status === "revoked") throw OidcErrors.OIDC_CLIENT_REVOKED();
    const secret = newSecret();
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.repo.update(
        clientId,
        { secret_enc: this.deps.box.seal(Buffer.from(secret), secretAad(clientId)), secret_rotated_at: new Date() },
        trx,
      );
      if (!row) throw OidcErrors.OIDC_CLIENT_NOT_FOUND();
      await this.deps.audit.append(
        { type: "identity.oidc_client.secret_rotated", actor, subject: `oidc_client:${clientId}` },
        trx,
      );
      return { ...toOidcClient(row), clientSecret: secret };
    });
  }

  async #row(clientId: string): Promise<OidcClientRow> {
    const row = await this.deps.repo.find(clientId);
    if (!row) throw OidcErrors.OIDC_CLIENT_NOT_FOUND({ clientId });
    return row;
  }

  #redirects(uris: string[], required: boolean): string[] {
    const unique = [...new Set(uris)];
    if (required && unique.length === 0) throw OidcErrors.OIDC_REDIRECT_URI_REQUIRED();
    const hosts = new Set<string>();
    for (const u of unique) {
      const parsed = validRedirectUri(u, this.deps.production);
      if (!parsed) throw OidcErrors.OIDC_REDIRECT_URI_INVALID({ uri: u });
      hosts.add(parsed.host);
    }
    if (required && hosts.size > 1) throw OidcErrors.OIDC_REDIRECT_HOSTS_DIFFER({ hosts: [...hosts] });
    return unique;
  }

  #scopes(scopes: readonly string[], kind: "web" | "machine"): string[] {
    const allowed: readonly string[] = kind === "web" ? OIDC_WEB_SCOPES : OIDC_MACHINE_SCOPES;
    const bad = scopes.filter((s) => !allowed.includes(s));
    if (bad.length > 0) throw OidcErrors.OIDC_SCOPE_NOT_ALLOWED({ scopes: bad, kind });
    const set = new Set(scopes);
    if (kind === "web") set.add("openid");
    return [...set];
  }
}

function newSecret(): string {
  return randomBytes(32).toString("base64url");
}
