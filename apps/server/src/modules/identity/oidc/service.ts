import type { IncomingMessage, ServerResponse } from "node:http";
import type { OidcInteraction, OidcRedirect } from "@yiwang/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type Provider from "oidc-provider";
import type { Principal } from "../../../platform/auth/permissions.js";
import type { AuditLog } from "../../audit/index.js";
import type { DepartmentService } from "../../org/index.js";
import { type SessionService, toPrincipal } from "../sessions.js";
import type { OidcClientRepository } from "./clients.repository.js";
import { OidcErrors } from "./errors.js";
import type { SigningKeyStore } from "./keys.js";
import { acrOf, buildProvider, oidcAccountId, type ProviderDeps, pinOrigin } from "./provider.js";

/** How long a process may keep signing with a key set after another process rotated it. */
export const KEY_CHECK_MS = 60_000;

interface Built {
  provider: Provider;
  version: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

type Interaction = Awaited<ReturnType<Provider["interactionDetails"]>>;

/**
 * Holds the provider (rebuilt when the published signing keys change — a rotation by `yiwang oidc
 * rotate-keys` reaches every process within KEY_CHECK_MS) and implements the login/consent interaction
 * the /sso/:uid page drives, and the bearer-token check of machine clients.
 */
export class OidcService {
  #provider?: Built;
  #checkedAt = 0;
  #building?: Promise<void>;

  constructor(
    private readonly deps: ProviderDeps & {
      keys: SigningKeyStore;
      clients: OidcClientRepository;
      sessions: SessionService;
      audit: AuditLog;
      departments: DepartmentService;
    },
  ) {}

  async provider(): Promise<Provider> {
    return (await this.#current()).provider;
  }

  /** The provider's Node handler (for the Fastify mount). */
  async handler() {
    return (await this.#current()).handler;
  }

  async #current() {
    if (!this.#provider || Date.now() - this.#checkedAt > KEY_CHECK_MS) {
      this.#building ??= this.#refresh().finally(() => {
        this.#building = undefined;
      });
      await this.#building;
    }
    return this.#provider as Built;
  }

  async #refresh() {
    const version = await this.deps.keys.version();
    this.#checkedAt = Date.now();
    if (this.#provider && this.#provider.version === version) return;
    const jwks = await this.deps.keys.privateJwks();
    const provider = buildProvider(this.deps, jwks);
    this.#provider = { provider, version: jwks.version, handler: provider.callback() };
  }

  /** Re-reads the signing keys now (after a rotation in this process). */
  async reload(): Promise<void> {
    this.#checkedAt = 0;
    await this.#current();
  }

  async rotateKeys(): Promise<string> {
    const kid = await this.deps.keys.rotate();
    await this.deps.audit.append({ type: "identity.oidc.key_rotated", actor: "system", subject: `oidc_key:${kid}` });
    await this.reload();
    return kid;
  }

  // ── interactions ────────────────────────────────────────────────────────────────────────────────────

  /** The raw request for the provider, its origin pinned to PUBLIC_URL (see pinOrigin). */
  #raw(req: FastifyRequest) {
    return pinOrigin(req.raw, this.deps.config.publicUrl, this.deps.config.trustProxy);
  }

  async #interaction(req: FastifyRequest, reply: FastifyReply, uid: string): Promise<Interaction> {
    const provider = await this.provider();
    let interaction: Interaction;
    try {
      interaction = await provider.interactionDetails(this.#raw(req), reply.raw);
    } catch {
      throw OidcErrors.OIDC_INTERACTION_NOT_FOUND();
    }
    if (interaction.uid !== uid) throw OidcErrors.OIDC_INTERACTION_NOT_FOUND();
    return interaction;
  }

  async details(req: FastifyRequest, reply: FastifyReply, uid: string): Promise<OidcInteraction> {
    const interaction = await this.#interaction(req, reply, uid);
    const provider = await this.provider();
    const clientId = String(interaction.params.client_id);
    const client = await provider.Client.find(clientId);
    if (!client) throw OidcErrors.OIDC_INTERACTION_NOT_FOUND();
    const row = await this.deps.clients.find(clientId);
    let department: string | null = null;
    if (row)
      department = await this.deps.departments.get(row.department_id).then(
        (d) => d.name,
        () => null,
      );
    const allowed = new Set(String(client.scope ?? "").split(" "));
    const scopes = String(interaction.params.scope ?? "")
      .split(" ")
      .filter((s) => s && allowed.has(s));
    const live = await this.deps.sessions.live(req);
    const p = live?.stage === "active" ? toPrincipal(live) : null;
    return {
      uid,
      step: interaction.prompt.name === "login" ? "login" : "consent",
      client: { clientId, name: client.clientName ?? clientId, department },
      scopes,
      account:
        live && p
          ? {
              displayName: live.display_name,
              kind: live.kind,
              realnameLevel: live.realname_level,
              enterprise: p.actingFor ? { uscc: p.actingFor.uscc, name: p.actingFor.name } : null,
            }
          : null,
    };
  }

  /** Signs the interaction in as the browser's platform session (citizen, or staff after their TOTP). */
  async login(req: FastifyRequest, reply: FastifyReply, uid: string): Promise<OidcRedirect> {
    const interaction = await this.#interaction(req, reply, uid);
    if (interaction.prompt.name !== "login") throw OidcErrors.OIDC_WRONG_STEP({ step: interaction.prompt.name });
    const live = await this.deps.sessions.live(req);
    if (live?.stage !== "active") throw OidcErrors.OIDC_LOGIN_REQUIRED();
    const provider = await this.provider();
    const redirectTo = await provider.interactionResult(
      this.#raw(req),
      reply.raw,
      {
        login: {
          accountId: oidcAccountId(live),
          acr: acrOf(live.realname_level),
          amr: [live.kind === "staff" ? "otp" : "pwd"],
          remember: true,
        },
      },
      { mergeWithLastSubmission: false },
    );
    await this.deps.audit.append({
      type: "identity.oidc.signed_in",
      actor: `${live.kind}:${live.account_id}`,
      subject: `oidc_client:${String(interaction.params.client_id)}`,
      payload: { realnameLevel: live.realname_level, enterprise: live.acting_for },
    });
    return { redirectTo };
  }

  /** Grants the requested scopes; `id_number` only when ticked (otherwise it is recorded as refused). */
  async consent(
    req: FastifyRequest,
    reply: FastifyReply,
    uid: string,
    input: { idNumber: boolean },
  ): Promise<OidcRedirect> {
    const interaction = await this.#interaction(req, reply, uid);
    if (interaction.prompt.name !== "consent") throw OidcErrors.OIDC_WRONG_STEP({ step: interaction.prompt.name });
    const accountId = interaction.session?.accountId;
    const live = await this.deps.sessions.live(req);
    if (!accountId || !live || live.stage !== "active" || oidcAccountId(live) !== accountId)
      throw OidcErrors.OIDC_LOGIN_REQUIRED();
    const provider = await this.provider();
    const clientId = String(interaction.params.client_id);
    const grant = interaction.grantId
      ? ((await provider.Grant.find(interaction.grantId)) ?? new provider.Grant({ accountId, clientId }))
      : new provider.Grant({ accountId, clientId });
    const details = interaction.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
    };
    const missing = details.missingOIDCScope ?? [];
    const granted = missing.filter((s) => s !== "id_number" || input.idNumber);
    const refused = missing.filter((s) => !granted.includes(s));
    if (granted.length) grant.addOIDCScope(granted.join(" "));
    if (refused.length) grant.rejectOIDCScope(refused.join(" "));
    if (details.missingOIDCClaims?.length) grant.addOIDCClaims(details.missingOIDCClaims);
    const grantId = await grant.save();
    const redirectTo = await provider.interactionResult(
      this.#raw(req),
      reply.raw,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
    await this.deps.audit.append({
      type: "identity.oidc.consent_granted",
      actor: `${live.kind}:${live.account_id}`,
      subject: `oidc_client:${clientId}`,
      payload: { granted, refused },
    });
    return { redirectTo };
  }

  async abort(req: FastifyRequest, reply: FastifyReply, uid: string): Promise<OidcRedirect> {
    await this.#interaction(req, reply, uid);
    const provider = await this.provider();
    const redirectTo = await provider.interactionResult(
      this.#raw(req),
      reply.raw,
      { error: "access_denied", error_description: "End-User aborted interaction" },
      { mergeWithLastSubmission: false },
    );
    return { redirectTo };
  }

  // ── machine clients ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Credential resolver: `Authorization: Bearer <client-credentials access token>` → a client principal.
   * The token is looked up in the provider's store (so revoked/expired tokens fail) and the client must
   * still be active. Anything else returns null (another resolver may know it; otherwise 401).
   */
  async principalOf(request: FastifyRequest): Promise<Principal | null> {
    const h = request.headers.authorization;
    if (!h || !/^bearer /i.test(h)) return null;
    const value = h.slice(7).trim();
    if (!/^[A-Za-z0-9_-]{20,128}$/.test(value)) return null;
    const provider = await this.provider();
    const token = await provider.ClientCredentials.find(value);
    if (!token || token.isExpired || token.isSenderConstrained()) return null;
    if (!token.clientId) return null;
    const client = await this.deps.clients.find(token.clientId);
    if (client?.status !== "active") return null;
    return {
      kind: "client",
      id: client.client_id,
      sessionId: null,
      displayName: client.name,
      roles: [],
      departmentId: client.department_id,
      realnameLevel: 1,
      actingFor: null,
      scopes: token.scope ? token.scope.split(" ") : [],
    };
  }
}
