/**
 * Form data holds personal data (names, phones, addresses), so it is stored encrypted (AES-256-GCM,
 * platform/crypto/pii.ts) and bound to its case: the case id is sealed inside and checked on opening, so
 * a ciphertext copied onto another case does not open there.
 */
import type { PiiCipher } from "../../platform/crypto/pii.js";

export function sealForm(pii: PiiCipher, caseId: string, data: Record<string, unknown>): Buffer {
  return pii.encrypt("case_form", JSON.stringify({ caseId, data }));
}

export function openForm(pii: PiiCipher, caseId: string, sealed: Uint8Array): Record<string, unknown> {
  const { caseId: bound, data } = JSON.parse(pii.decrypt("case_form", sealed)) as {
    caseId: string;
    data: Record<string, unknown>;
  };
  if (bound !== caseId) throw new Error(`form data of case ${bound} found on case ${caseId}`);
  return data;
}
