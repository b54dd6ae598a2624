/**
 * 免填: the values a new draft's `x-prefill` fields are filled with, and where each came from. Sources are
 * the applicant's account (name, phone), the enterprise acted for (name, USCC), the applicant's own valid
 * e-licenses (`license:<type>.<field>`, through the licenses module's port, which only ever returns a
 * license the applicant or the enterprise acted for holds) and the demo registries
 * (`registry:population.<field>` by the applicant's verified ID number, `registry:business.<field>` by the
 * USCC of the enterprise acted for). The reads are recorded with the draft, in its transaction (recordReads).
 */
import { parsePrefill } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { ActingFor } from "../../platform/auth/permissions.js";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import type { DB } from "../../platform/db/schema.js";
import { prefill } from "../../platform/forms/json-schema.js";
import type { CaseDeps, PrefillLicense } from "./context.js";
import type { PrefilledField } from "./db.js";

export interface PrefillApplicant {
  accountId: string;
  name: string;
  phone: string | null;
  /** The verified ID number (real-name level 2+), for the population registry; never stored. */
  idNumber: string | null;
  enterprise: ActingFor | null;
}

export interface PrefillResult {
  formData: Record<string, unknown>;
  /** By field: where its value came from, and a keyed digest of the value. */
  prefilled: Record<string, PrefilledField>;
  /** What was read, to record with the draft. */
  reads: { licenses: { id: string; fields: string[] }[]; registries: { registry: string; fields: string[] }[] };
}

const ACCOUNT = { label: "实名账户", labelEn: "Your account" };
const ENTERPRISE = { label: "法人账户", labelEn: "Enterprise account" };
const REGISTRY = {
  population: { label: "人口库", labelEn: "Population registry" },
  business: { label: "法人库", labelEn: "Business registry" },
} as const;

export const prefillDigest = (pii: PiiCipher, value: unknown) =>
  pii.blindIndex("case_form", `prefill\u0000${JSON.stringify(value)}`).toString("base64url");

export async function resolvePrefill(
  deps: Pick<CaseDeps, "licenses" | "registry" | "pii">,
  schema: Record<string, unknown>,
  a: PrefillApplicant,
): Promise<PrefillResult> {
  const props = (schema.properties ?? {}) as Record<string, { "x-prefill"?: unknown } | undefined>;
  const wanted = new Map<string, string>();
  for (const [name, prop] of Object.entries(props))
    if (typeof prop?.["x-prefill"] === "string") wanted.set(name, prop["x-prefill"]);

  const values: Record<string, string | null> = {
    "applicant.name": a.name,
    "applicant.phone": a.phone,
    "enterprise.name": a.enterprise?.name ?? null,
    "enterprise.uscc": a.enterprise?.uscc ?? null,
  };
  const labels = new Map<string, { label: string; labelEn: string }>();
  const licenses = new Map<string, PrefillLicense | null>();
  const registries = new Map<string, Record<string, unknown> | undefined>();
  for (const source of new Set(wanted.values())) {
    const ref = parsePrefill(source);
    if (!ref) continue;
    if (ref.kind === "platform") {
      labels.set(source, source.startsWith("enterprise.") ? ENTERPRISE : ACCOUNT);
    } else if (ref.kind === "license") {
      if (!licenses.has(ref.type))
        licenses.set(
          ref.type,
          await deps.licenses.prefillSource(
            { accountId: a.accountId, enterpriseUscc: a.enterprise?.uscc ?? null },
            ref.type,
          ),
        );
      const license = licenses.get(ref.type);
      values[source] = license?.fields[ref.field] || null;
      if (license) labels.set(source, { label: license.typeName, labelEn: license.typeNameEn });
    } else {
      if (!registries.has(ref.registry)) {
        const key = ref.registry === "population" ? a.idNumber : (a.enterprise?.uscc ?? null);
        const record = key
          ? ref.registry === "population"
            ? await deps.registry.person(key)
            : await deps.registry.businessRecord(key)
          : undefined;
        registries.set(ref.registry, record as Record<string, unknown> | undefined);
      }
      const value = registries.get(ref.registry)?.[ref.field];
      values[source] = typeof value === "string" && value ? value : null;
      labels.set(source, REGISTRY[ref.registry]);
    }
  }

  const formData = prefill(schema, values);
  const prefilled: Record<string, PrefilledField> = {};
  const licenseFields = new Map<string, string[]>();
  const registryFields = new Map<string, string[]>();
  for (const [field, source] of wanted) {
    const label = labels.get(source);
    if (formData[field] === undefined || !label) continue;
    prefilled[field] = { source, ...label, digest: prefillDigest(deps.pii, formData[field]) };
    const ref = parsePrefill(source);
    if (ref?.kind === "license") {
      const id = licenses.get(ref.type)?.id as string;
      licenseFields.set(id, [...(licenseFields.get(id) ?? []), ref.field]);
    } else if (ref?.kind === "registry")
      registryFields.set(ref.registry, [...(registryFields.get(ref.registry) ?? []), ref.field]);
  }
  return {
    formData,
    prefilled,
    reads: {
      licenses: [...licenseFields].map(([id, fields]) => ({ id, fields })),
      registries: [...registryFields].map(([registry, fields]) => ({ registry, fields })),
    },
  };
}

/** Records the license and registry reads a draft was prefilled from, in the draft's transaction. */
export async function recordReads(
  deps: Pick<CaseDeps, "licenses" | "audit" | "clock">,
  trx: Kysely<DB>,
  caseId: string,
  actor: { id: string; actingFor: string | null },
  reads: PrefillResult["reads"],
) {
  for (const l of reads.licenses)
    await deps.licenses.recordPrefill(trx, {
      licenseId: l.id,
      caseId,
      fields: l.fields,
      actor: `citizen:${actor.id}`,
      actingFor: actor.actingFor,
    });
  for (const r of reads.registries)
    await deps.audit.append(
      {
        type: "case.registry_prefill",
        actor: `citizen:${actor.id}`,
        actingFor: actor.actingFor,
        subject: `case:${caseId}`,
        payload: { registry: r.registry, fields: r.fields },
        time: deps.clock.now(),
      },
      trx,
    );
}

/** Answers of `prefilledFrom` kept per process; past it the oldest goes. */
const MEMO_ENTRIES = 10_000;

/**
 * `prefilledFrom` remembered per case version and sealed form: the answer depends only on the two (it
 * holds no personal data, only sources and labels), and its keyed digests — one HMAC per prefilled field —
 * were ~3.5 % of a case detail's CPU (bench/case-reads.ts, 2026-12-06). The sealed form's first 48 bytes
 * (format, key id, random IV, tag) make the key change whenever the form was sealed again, whatever path
 * wrote it.
 */
export class PrefilledMemo {
  readonly #answers = new Map<string, ReturnType<typeof prefilledFrom>>();
  constructor(private readonly pii: PiiCipher) {}

  of(
    row: { id: string; version: number; prefilled: Record<string, PrefilledField>; form_data_enc: Uint8Array },
    data: Record<string, unknown>,
  ): ReturnType<typeof prefilledFrom> {
    const key = `${row.id}:${row.version}:${Buffer.from(row.form_data_enc.subarray(0, 48)).toString("base64")}`;
    let answer = this.#answers.get(key);
    if (!answer) {
      answer = Object.freeze(prefilledFrom(this.pii, row.prefilled, data));
      if (this.#answers.size >= MEMO_ENTRIES) this.#answers.delete(this.#answers.keys().next().value as string);
      this.#answers.set(key, answer);
    }
    return answer;
  }
}

/** The detail's `prefilledFrom`: only the fields that still hold the value they were prefilled with. */
export function prefilledFrom(
  pii: PiiCipher,
  prefilled: Record<string, PrefilledField>,
  data: Record<string, unknown>,
) {
  const out: Record<string, { source: string; label: string; labelEn: string }> = {};
  for (const [field, p] of Object.entries(prefilled ?? {}))
    if (data[field] !== undefined && prefillDigest(pii, data[field]) === p.digest)
      out[field] = { source: p.source, label: p.label, labelEn: p.labelEn };
  return out;
}
