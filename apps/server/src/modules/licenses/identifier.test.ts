import { describe, expect, it } from "vitest";
import { encodeStatusList, STATUS_LIST_BITS, statusBit } from "./credential.js";
import { licenseIdentifier, mod3736Check, parseLicenseIdentifier } from "./identifier.js";

describe("GB/T 36904 identifiers", () => {
  const parts = { typeCode: "FBL", issuerCode: "11990100MB00002B3P", serial: 42, version: 1 };

  it("builds <arc>.<type>.<issuer>.<serial>.<version>.<check> and parses it back", () => {
    const id = licenseIdentifier(parts);
    expect(id).toMatch(/^1\.2\.156\.3005\.2\.FBL\.11990100MB00002B3P\.00000042\.1\.[0-9A-Z]$/);
    expect(parseLicenseIdentifier(id)).toEqual(parts);
  });

  it("ISO 7064 MOD 37,36: a data string with its check character validates (the hybrid system ends at 1)", () => {
    for (const data of ["FBL11990100MB00002B3P000000421", "ID11990100MB00004Q3E000000011", "A", "0000"]) {
      const check = mod3736Check(data);
      // After the check character the residue s (before doubling) is 1.
      let q = 36;
      let last = 0;
      for (const ch of `${data}${check}`) {
        last = (q + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".indexOf(ch)) % 36 || 36;
        q = (last * 2) % 37;
      }
      expect(last).toBe(1);
    }
  });

  it("refuses any single changed character, a wrong arc and malformed parts", () => {
    const id = licenseIdentifier(parts);
    const arc = "1.2.156.3005.2.".length;
    for (let i = arc; i < id.length; i++) {
      if (id[i] === ".") continue;
      const alphabet = /\d/.test(id[i]) ? "0123456789" : "ABCDEFGHJKLMNPQRTUWXY";
      const other = alphabet[(alphabet.indexOf(id[i]) + 1) % alphabet.length];
      expect(parseLicenseIdentifier(`${id.slice(0, i)}${other}${id.slice(i + 1)}`), `position ${i}`).toBeNull();
    }
    expect(parseLicenseIdentifier(id.replace("1.2.156.3005.2.", "1.2.156.3005.1."))).toBeNull();
    expect(parseLicenseIdentifier("1.2.156.3005.2.FBL.123.00000042.1.X")).toBeNull();
    expect(parseLicenseIdentifier("")).toBeNull();
  });
});

describe("Bitstring Status List", () => {
  it("sets exactly the given bits, left-most first, in a 16 KB list", () => {
    const encoded = encodeStatusList([0, 7, 8, 131_071]);
    expect(encoded.startsWith("u")).toBe(true);
    for (const i of [0, 7, 8, 131_071]) expect(statusBit(encoded, i)).toBe(true);
    for (const i of [1, 6, 9, 1000, 131_070]) expect(statusBit(encoded, i)).toBe(false);
    expect(() => encodeStatusList([STATUS_LIST_BITS])).toThrow();
  });
});
