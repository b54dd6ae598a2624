import type { ApplicationForm } from "@yiwang/contracts";
import { describe, expect, it } from "vitest";
import { joinData, mappingIssues, mergeForms, mergeProperty, splitData } from "./merge.js";

const form = (properties: Record<string, unknown>, required: string[] = []): ApplicationForm => ({
  schema: { type: "object", required, properties },
  uiSchema: {},
});

describe("一表申请: merging the forms of a bundle's items", () => {
  it("keeps the strictest constraints of a shared field", () => {
    expect(
      mergeProperty(
        { type: "string", title: "银行", enum: ["a", "b", "c"], enumNames: ["A", "B", "C"], maxLength: 20 },
        { type: "string", enum: ["c", "b"], maxLength: 10, minLength: 2 },
      ),
    ).toEqual({ type: "string", title: "银行", enum: ["b", "c"], enumNames: ["B", "C"], maxLength: 10, minLength: 2 });
    expect(mergeProperty({ type: "integer", minimum: 5 }, { type: "integer", maximum: 9 })).toEqual({
      type: "integer",
      minimum: 5,
      maximum: 9,
    });
  });

  it.each([
    ["different types", { type: "string" }, { type: "integer" }],
    ["disjoint enums", { type: "string", enum: ["a"] }, { type: "string", enum: ["b"] }],
    ["two patterns", { type: "string", pattern: "^1" }, { type: "string", pattern: "^2" }],
    ["empty range", { type: "integer", minimum: 10 }, { type: "integer", maximum: 3 }],
    [
      "different prefill",
      { type: "string", "x-prefill": "applicant.name" },
      { type: "string", "x-prefill": "enterprise.name" },
    ],
  ])("refuses to merge %s", (_n, a, b) => {
    expect(mergeProperty(a, b)).toBeNull();
  });

  it("asks a shared field once (required if any item requires it), an incompatible one per item, titled", () => {
    const merged = mergeForms([
      {
        itemCode: "A-1",
        itemName: "甲事项",
        form: form({ name: { type: "string", title: "姓名" }, kind: { type: "string", title: "类别", enum: ["x"] } }),
      },
      {
        itemCode: "B-2",
        itemName: "乙事项",
        form: form({ name: { type: "string", maxLength: 5 }, kind: { type: "string", title: "类别", enum: ["y"] } }, [
          "name",
          "kind",
        ]),
      },
    ]);
    expect(Object.keys(merged.form.schema.properties as object)).toEqual(["name", "kind", "kind_B_2"]);
    expect(merged.form.schema.required).toEqual(["name", "kind_B_2"]);
    const props = merged.form.schema.properties as Record<string, { title?: string; maxLength?: number }>;
    expect(props.name?.maxLength).toBe(5);
    expect([props.kind?.title, props.kind_B_2?.title]).toEqual(["类别（甲事项）", "类别（乙事项）"]);
    expect(merged.feeds.name).toEqual([
      { itemCode: "A-1", property: "name" },
      { itemCode: "B-2", property: "name" },
    ]);
    // Saving splits the data back: each item gets exactly its own properties.
    const split = splitData(merged.feeds, { name: "王芳", kind: "x", kind_B_2: "y", stray: 1 });
    expect(split.get("A-1")).toEqual({ name: "王芳", kind: "x" });
    expect(split.get("B-2")).toEqual({ name: "王芳", kind: "y" });
    expect(joinData(merged.feeds, split)).toEqual({ name: "王芳", kind: "x", kind_B_2: "y" });
  });

  it("joins fields by prefill source and by the bundle's mappings", () => {
    const merged = mergeForms(
      [
        { itemCode: "A-1", itemName: "甲", form: form({ who: { type: "string", "x-prefill": "applicant.name" } }) },
        { itemCode: "B-2", itemName: "乙", form: form({ person: { type: "string", "x-prefill": "applicant.name" } }) },
        { itemCode: "C-3", itemName: "丙", form: form({ addr: { type: "string" } }) },
        { itemCode: "D-4", itemName: "丁", form: form({ address: { type: "string" } }, ["address"]) },
      ],
      { addr: { "D-4": "address" } },
    );
    expect(Object.keys(merged.form.schema.properties as object)).toEqual(["who", "addr"]);
    expect(merged.form.schema.required).toEqual(["addr"]);
    expect(merged.feeds.addr).toEqual([
      { itemCode: "C-3", property: "addr" },
      { itemCode: "D-4", property: "address" },
    ]);
  });

  it("names the path of a bad mapping", () => {
    const forms = new Map([
      ["A-1", form({ n: { type: "string" } })],
      ["B-2", form({ m: { type: "integer" } })],
    ]);
    const paths = (m: Record<string, Record<string, string>>) => mappingIssues(m, forms).map((i) => i.path.join("."));
    expect(paths({ f: { "A-1": "n", "Z-9": "n" } })).toEqual(["fieldMappings.f.Z-9"]);
    expect(paths({ f: { "A-1": "nope" } })).toEqual(["fieldMappings.f.A-1"]);
    expect(paths({ f: { "A-1": "n", "B-2": "m" } })).toEqual(["fieldMappings.f.B-2"]);
    expect(paths({ f: { "A-1": "n" } })).toEqual([]);
  });
});
