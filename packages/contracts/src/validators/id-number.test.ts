import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { idNumberCheckChar, idNumberProblem, isIdNumber, maskIdNumber } from "./id-number.js";

const KNOWN_GOOD = "11010519491231002X"; // GB 11643 worked example (Beijing Chaoyang, born 1949-12-31)
const ALPHABET = "0123456789X";
const TODAY = new Date("2026-11-22T00:00:00Z");

/** A generator of valid ID numbers: real region-ish prefix, a real past birth date, any sequence. */
const validIdNumber = fc
  .record({
    region: fc.integer({ min: 110000, max: 829999 }),
    birth: fc.date({
      min: new Date("1900-01-01T00:00:00Z"),
      max: new Date("2026-11-21T00:00:00Z"),
      noInvalidDate: true,
    }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, birth, seq }) => {
    const body = `${region}${birth.toISOString().slice(0, 10).replaceAll("-", "")}${String(seq).padStart(3, "0")}`;
    return body + idNumberCheckChar(body);
  });

describe("citizen ID number (GB 11643)", () => {
  it("accepts the known good example", () => {
    expect(isIdNumber(KNOWN_GOOD, TODAY)).toBe(true);
  });

  it("rejects every single-character change of the known good example", () => {
    let variants = 0;
    for (let i = 0; i < KNOWN_GOOD.length; i++) {
      for (const c of `${ALPHABET}xA `) {
        if (c === KNOWN_GOOD[i]) continue;
        const changed = KNOWN_GOOD.slice(0, i) + c + KNOWN_GOOD.slice(i + 1);
        expect(isIdNumber(changed, TODAY), changed).toBe(false);
        variants++;
      }
    }
    expect(variants).toBe(18 * 13);
  });

  it("explains why a value is invalid", () => {
    expect(idNumberProblem("1101051949123100", TODAY)).toBe("format");
    expect(idNumberProblem("11010519491231002x", TODAY)).toBe("format");
    expect(idNumberProblem("01010519491231002X", TODAY)).toBe("region");
    expect(idNumberProblem(`11010519490230002${idNumberCheckChar("11010519490230002")}`, TODAY)).toBe("birthDate");
    const future = `110105${"20270101"}002`;
    expect(idNumberProblem(future + idNumberCheckChar(future), TODAY)).toBe("birthDate");
    expect(idNumberProblem("110105194912310021", TODAY)).toBe("checksum");
  });

  it("property: generated valid numbers pass, and any single substitution fails", () => {
    fc.assert(
      fc.property(validIdNumber, fc.nat(17), fc.constantFrom(...ALPHABET), (id, pos, c) => {
        expect(isIdNumber(id, TODAY)).toBe(true);
        fc.pre(id[pos] !== c);
        expect(isIdNumber(id.slice(0, pos) + c + id.slice(pos + 1), TODAY)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("property: swapping two different adjacent characters is detected", () => {
    fc.assert(
      fc.property(validIdNumber, fc.nat(16), (id, pos) => {
        fc.pre(id[pos] !== id[pos + 1]);
        const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
        expect(isIdNumber(swapped, TODAY)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it("masks all but the first four and last four characters", () => {
    expect(maskIdNumber(KNOWN_GOOD)).toBe("1101**********002X");
  });
});
