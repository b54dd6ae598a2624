import { idNumberCheckChar, isIdNumber, isMobile, isUscc, normalizeMobile, usccCheckChar } from "@yiwang/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import businesses from "../../../../server/src/seed/data/businesses.json" with { type: "json" };
import population from "../../../../server/src/seed/data/population.json" with { type: "json" };
import { ID_NUMBER_PATTERN, MOBILE_PATTERN, normalizePhone, passwordWeakness, USCC_PATTERN } from "./rules";

// The forms' checks only spare a round trip: they must never refuse what the server accepts.
describe("account form rules mirror the server", () => {
  it("mobile numbers: same normalisation and pattern as the contracts", () => {
    const typed = fc.stringMatching(/^(\+86|0086)?[ -]?1[0-9]{2}[ -]?[0-9]{4}[ -]?[0-9]{4}$/);
    fc.assert(
      fc.property(typed, (v) => {
        expect(normalizePhone(v)).toBe(normalizeMobile(v));
        expect(MOBILE_PATTERN.test(normalizePhone(v))).toBe(isMobile(normalizeMobile(v)));
      }),
    );
  });

  it("accepts every valid citizen ID number and unified social credit code", () => {
    for (const p of population.people) expect(ID_NUMBER_PATTERN.test(p.idNumber), p.idNumber).toBe(true);
    for (const b of businesses.enterprises) expect(USCC_PATTERN.test(b.uscc), b.uscc).toBe(true);
    fc.assert(
      fc.property(fc.stringMatching(/^990101(19[5-9]\d|200\d)(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{3}$/), (first17) => {
        const id = first17 + idNumberCheckChar(first17);
        expect(isIdNumber(id)).toBe(true);
        expect(ID_NUMBER_PATTERN.test(id)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^91990100MA[0-9A-HJ-NPQRTUWXY]{7}$/), (first17) => {
        const code = first17 + usccCheckChar(first17);
        if (isUscc(code)) expect(USCC_PATTERN.test(code)).toBe(true);
      }),
    );
  });

  it("password strength: length 8 and three character classes, as PASSWORD_TOO_WEAK", () => {
    expect(passwordWeakness("Aa1!")).toBe("length");
    expect(passwordWeakness("abcdefgh")).toBe("classes");
    expect(passwordWeakness("abcdefg1")).toBe("classes");
    expect(passwordWeakness("Abcdefg1")).toBeNull();
    expect(passwordWeakness("abcdef1!")).toBeNull();
    expect(passwordWeakness("Test-Passw0rd!")).toBeNull();
  });
});
