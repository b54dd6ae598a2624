import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isRegionCode, PROVINCE_CODES, regionAncestors } from "./region-code.js";

describe("region code (GB/T 2260)", () => {
  it("accepts real and demo codes", () => {
    for (const c of ["110000", "110100", "110105", "350100", "820000", "990100", "990102"]) {
      expect(isRegionCode(c), c).toBe(true);
    }
  });

  it("rejects malformed and unknown codes", () => {
    for (const c of ["", "11010", "1101050", "11010a", "000000", "100000", "240000", "110005", " 110105"]) {
      expect(isRegionCode(c), c).toBe(false);
    }
    expect(isRegionCode("990100", { allowTestRegions: false })).toBe(false);
  });

  it("property: every province + prefecture + county structure is accepted", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROVINCE_CODES),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (p, pref, county) => {
          const code = `${p}${String(pref).padStart(2, "0")}${String(county).padStart(2, "0")}`;
          expect(isRegionCode(code)).toBe(true);
        },
      ),
    );
  });

  it("lists ancestors from province down", () => {
    expect(regionAncestors("110105")).toEqual(["110000", "110100", "110105"]);
    expect(regionAncestors("110000")).toEqual(["110000"]);
  });
});
