import { gunzipSync, gzipSync } from "node:zlib";

/**
 * The W3C renditions of a license: a Verifiable Credential (data model 2.0) secured as a JWT
 * (VC-JOSE-COSE: the claims set is the credential, `typ: vc+jwt`), with its status in two Bitstring
 * Status Lists (revocation and suspension) per issuing department.
 */
export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const STATUS_PURPOSES = ["revocation", "suspension"] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];
/** 16 KB: the specification's minimum, so a list does not reveal how many licenses a department issued. */
export const STATUS_LIST_BITS = 131_072;

export interface CredentialInput {
  identifier: string;
  typeCode: string;
  typeName: string;
  issuer: { url: string; name: string; code: string };
  holder: { kind: "person" | "enterprise"; name: string; code: string };
  fields: Record<string, string>;
  issuedAt: Date;
  validFrom: string;
  validUntil: string | null;
  statusIndex: number;
  statusListUrl: (purpose: StatusPurpose) => string;
}

export function licenseCredential(c: CredentialInput) {
  return {
    "@context": [VC_CONTEXT],
    id: `urn:yiwang:license:${c.identifier}`,
    type: ["VerifiableCredential", "YiwangLicenseCredential"],
    issuer: { id: c.issuer.url, name: c.issuer.name },
    validFrom: `${c.validFrom}T00:00:00+08:00`,
    ...(c.validUntil ? { validUntil: `${c.validUntil}T23:59:59+08:00` } : {}),
    credentialSubject: {
      type: "License",
      identifier: c.identifier,
      licenseType: { code: c.typeCode, name: c.typeName },
      holder: c.holder,
      fields: c.fields,
    },
    credentialStatus: STATUS_PURPOSES.map((purpose) => ({
      id: `${c.statusListUrl(purpose)}#${c.statusIndex}`,
      type: "BitstringStatusListEntry",
      statusPurpose: purpose,
      statusListIndex: String(c.statusIndex),
      statusListCredential: c.statusListUrl(purpose),
    })),
    iss: c.issuer.url,
    jti: `urn:yiwang:license:${c.identifier}`,
    iat: Math.floor(c.issuedAt.getTime() / 1000),
  };
}

/** Bit `i` is the i-th bit from the left of the (gzipped, base64url, multibase "u") bitstring. */
export function encodeStatusList(setIndexes: Iterable<number>, bits = STATUS_LIST_BITS): string {
  const bytes = Buffer.alloc(bits / 8);
  for (const i of setIndexes) {
    if (i < 0 || i >= bits) throw new Error(`status index ${i} outside the list`);
    bytes[i >> 3] |= 0x80 >> (i & 7);
  }
  return `u${gzipSync(bytes).toString("base64url")}`;
}

export function statusBit(encodedList: string, index: number): boolean {
  if (!encodedList.startsWith("u")) throw new Error("encodedList must be multibase base64url (u…)");
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), "base64url"));
  return (bytes[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

export function statusListCredential(input: {
  url: string;
  issuer: { url: string; name: string };
  purpose: StatusPurpose;
  encodedList: string;
  issuedAt: Date;
}) {
  return {
    "@context": [VC_CONTEXT],
    id: input.url,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: { id: input.issuer.url, name: input.issuer.name },
    validFrom: input.issuedAt.toISOString(),
    credentialSubject: {
      id: `${input.url}#list`,
      type: "BitstringStatusList",
      statusPurpose: input.purpose,
      encodedList: input.encodedList,
    },
    iss: input.issuer.url,
    iat: Math.floor(input.issuedAt.getTime() / 1000),
  };
}
