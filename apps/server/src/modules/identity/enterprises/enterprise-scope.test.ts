import { describe, expect, it } from "vitest";
import type { ActingFor, Principal } from "../../../platform/auth/permissions.js";
import { requireEnterpriseScope } from "./enterprise-scope.js";

const citizen = (actingFor: ActingFor | null): Principal => ({
  kind: "citizen",
  id: "c1",
  sessionId: "s1",
  displayName: "张伟",
  roles: [],
  departmentId: null,
  realnameLevel: 2,
  actingFor,
  scopes: [],
});
const enterprise = { enterpriseId: "e1", uscc: "91990100MA0001018E", name: "示例市鲜味餐饮有限公司" };

describe("requireEnterpriseScope", () => {
  it("a representative holds every scope", () => {
    const a = { ...enterprise, as: "representative" as const, scopes: ["*"] };
    expect(requireEnterpriseScope(citizen(a), "license.use")).toBe(a);
  });

  it("an agent holds only the authorised scopes", () => {
    const a = { ...enterprise, as: "agent" as const, scopes: ["case.view"] };
    expect(requireEnterpriseScope(citizen(a), "case.view")).toBe(a);
    expect(() => requireEnterpriseScope(citizen(a), "case.apply")).toThrow(
      expect.objectContaining({ code: "NOT_AUTHORISED_FOR_ENTERPRISE", statusCode: 403 }),
    );
  });

  it("a person not acting for an enterprise, and staff, are refused", () => {
    expect(() => requireEnterpriseScope(citizen(null), "case.view")).toThrow(
      expect.objectContaining({ code: "NOT_AUTHORISED_FOR_ENTERPRISE" }),
    );
    const staff = { ...citizen(null), kind: "staff" as const };
    expect(() => requireEnterpriseScope(staff, "case.view")).toThrow(expect.objectContaining({ statusCode: 403 }));
  });
});
