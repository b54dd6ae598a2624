/**
 * E-license identifiers after GB/T 36904 (电子证照 标识规范):
 * `1.2.156.3005.2.<type code>.<issuer code>.<serial>.<version>.<check>` — the OID arc of China's
 * e-licenses, the license type, the issuing department's USCC, a serial per type and issuer, the version,
 * and one check character by ISO 7064 MOD 37,36 (GB/T 17710) over the alphanumerics of the fields.
 */
export const LICENSE_OID_ARC = "1.2.156.3005.2";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const M = 36;

/** ISO 7064 hybrid system MOD 37,36: the check character for `data` (0-9, A-Z). */
export function mod3736Check(data: string): string {
  let p = M;
  for (const ch of data.toUpperCase()) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`not alphanumeric: ${ch}`);
    let s = (p + v) % M;
    if (s === 0) s = M;
    p = (s * 2) % (M + 1);
  }
  return ALPHABET[(M + 1 - p) % M];
}

export interface IdentifierParts {
  typeCode: string;
  issuerCode: string;
  serial: number;
  version: number;
}

const SERIAL_DIGITS = 8;

export function licenseIdentifier(parts: IdentifierParts): string {
  const serial = String(parts.serial).padStart(SERIAL_DIGITS, "0");
  const body = [parts.typeCode, parts.issuerCode, serial, String(parts.version)];
  const check = mod3736Check(body.join("").replace(/_/g, ""));
  return [LICENSE_OID_ARC, ...body, check].join(".");
}

/** Parses and checks an identifier; null when it is malformed or its check character is wrong. */
export function parseLicenseIdentifier(identifier: string): IdentifierParts | null {
  if (!identifier.startsWith(`${LICENSE_OID_ARC}.`)) return null;
  const rest = identifier.slice(LICENSE_OID_ARC.length + 1).split(".");
  if (rest.length !== 5) return null;
  const [typeCode, issuerCode, serial, version, check] = rest;
  if (!/^[A-Z][A-Z0-9_]{0,15}$/.test(typeCode) || !/^[0-9A-Z]{18}$/.test(issuerCode)) return null;
  if (!/^\d{8,}$/.test(serial) || !/^\d{1,4}$/.test(version) || !/^[0-9A-Z]$/.test(check)) return null;
  if (mod3736Check(`${typeCode}${issuerCode}${serial}${version}`.replace(/_/g, "")) !== check) return null;
  return { typeCode, issuerCode, serial: Number(serial), version: Number(version) };
}
