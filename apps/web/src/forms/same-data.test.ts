import { describe, expect, it } from "vitest";
import { sameFormData } from "./same-data";

describe("sameFormData", () => {
  it("is the same data whatever the key order (jsonb gives keys back shortest first, rjsf in schema order)", () => {
    const fromServer = { amount: 5, houseAddress: "示例市", coOwners: [{ name: "甲", share: 1 }] };
    const fromForm = { houseAddress: "示例市", coOwners: [{ share: 1, name: "甲" }], amount: 5 };
    expect(JSON.stringify(fromServer) === JSON.stringify(fromForm)).toBe(false); // what the page compared
    expect(sameFormData(fromServer, fromForm)).toBe(true);
  });

  it("treats a property holding undefined as absent, as the JSON sent", () => {
    expect(sameFormData({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });

  it("tells changed data apart: a value, an array's order, a missing key, null", () => {
    expect(sameFormData({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameFormData({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameFormData({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameFormData({ a: null }, { a: undefined })).toBe(false);
  });
});
