import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isUscc, orgCodeCheckChar, USCC_ALPHABET, usccCheckChar, usccProblem } from "./uscc.js";

const KNOWN_GOOD = "91350100M000100Y43";

const validUscc = fc
  .record({
    head: fc.constantFrom("11", "12", "13", "19", "51", "52", "53", "59", "91", "92", "93", "Y1"),
    region: fc.integer({ min: 110000, max: 999999 }),
    org: fc.array(fc.constantFrom(..."0123456789ABCDEFGHJKLMNPQRTUWXY"), { minLength: 8, maxLength: 8 }),
  })
  .map(({ head, region, org }) => {
    const orgBody = org.join("");
    const first17 = `${head}${region}${orgBody}${orgCodeCheckChar(orgBody)}`;
    return first17 + usccCheckChar(first17);
  })
  // GB 11714's check may be "X"/"0"… all in the USCC alphabet, so every generated code is well formed.
  .filter((c) => /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(c));

describe("unified social credit code (GB 32100)", () => {
  it("accepts the known good example", () => {
    expect(isUscc(KNOWN_GOOD)).toBe(true);
  });

  it("rejects every single-character change of the known good example", () => {
    const chars = `${USCC_ALPHABET}IOZSVa- `;
    for (let i = 0; i < KNOWN_GOOD.length; i++) {
      for (const c of chars) {
        if (c === KNOWN_GOOD[i]) continue;
        const changed = KNOWN_GOOD.slice(0, i) + c + KNOWN_GOOD.slice(i + 1);
        expect(isUscc(changed), changed).toBe(false);
      }
    }
  });

  it("explains why a value is invalid", () => {
    expect(usccProblem("91350100M000100Y4")).toBe("format");
    expect(usccProblem("91350100M000100YI3")).toBe("format");
    expect(usccProblem("91350100M000100Y53")).toBe("orgCode");
    expect(usccProblem("91350100M000100Y44")).toBe("checksum");
  });

  it("accepts every department code of the fictional city fixture", () => {
    const deps = JSON.parse(readFileSync(new URL("../../../../fixtures/departments.json", import.meta.url), "utf8"));
    for (const d of deps) expect(isUscc(d.code), d.code).toBe(true);
  });

  it("property: generated codes pass and any single substitution within the alphabet fails", () => {
    fc.assert(
      fc.property(validUscc, fc.nat(17), fc.constantFrom(...USCC_ALPHABET), (code, pos, c) => {
        expect(isUscc(code)).toBe(true);
        fc.pre(code[pos] !== c);
        expect(isUscc(code.slice(0, pos) + c + code.slice(pos + 1))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
