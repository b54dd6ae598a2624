import { CaseDetail, SessionInfo } from "@yiwang/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compiledFor, responseSerializerCompiler } from "./response-serializer.js";

const viaZod = (schema: z.ZodType, data: unknown) => JSON.stringify(z.encode(schema, data as never));

describe("compiled response writers", () => {
  const Thing = z.object({
    id: z.uuid(),
    name: z.string(),
    count: z.int(),
    note: z.string().nullable(),
    tags: z.array(z.string()),
    when: z.iso.datetime().optional(),
    owner: z.object({ id: z.string(), label: z.string().nullable() }).nullable(),
    extra: z.record(z.string(), z.number()),
    kind: z.discriminatedUnion("type", [
      z.object({ type: z.literal("a"), a: z.string() }),
      z.object({ type: z.literal("b"), b: z.number() }),
    ]),
  });
  const write = compiledFor(Thing);

  // The same JSON: the keys zod wrote, with the same values; fast-json-stringify writes required keys first.
  it("writes what zod's encode and JSON.stringify write", () => {
    expect(write).not.toBeNull();
    const thing = fc.record({
      id: fc.uuid({ version: 4 }),
      name: fc.string({ unit: "grapheme" }),
      count: fc.integer(),
      note: fc.option(fc.string()),
      tags: fc.array(fc.string({ unit: "binary" })),
      when: fc.option(
        fc
          .date({ noInvalidDate: true, min: new Date(0), max: new Date("9999-12-31T23:59:59Z") })
          .map((d) => d.toISOString()),
        { nil: undefined },
      ),
      owner: fc.option(fc.record({ id: fc.string(), label: fc.option(fc.string()) })),
      // A key "__proto__" zod's copy loses (assigned, it sets the prototype); the compiled writer keeps it.
      extra: fc.dictionary(
        fc.string().filter((k) => k !== "__proto__"),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      ),
      kind: fc.oneof(
        fc.record({ type: fc.constant("a" as const), a: fc.string() }),
        fc.record({ type: fc.constant("b" as const), b: fc.integer() }),
      ),
    });
    fc.assert(
      fc.property(thing, (t) => {
        expect(JSON.parse(write!(t))).toStrictEqual(JSON.parse(viaZod(Thing, t)));
      }),
    );
  });

  it("leaves out undeclared keys, as zod strips them, in objects and union branches alike", () => {
    const t = {
      id: "3b241101-e2bb-4255-8caf-4136c566a962",
      name: "名",
      count: 1,
      note: null,
      tags: [],
      owner: { id: "o", label: null, secret: "不该出现" },
      extra: {},
      kind: { type: "b", b: 2, hidden: true },
      passwordHash: "x",
    };
    const body = write!(t);
    expect(JSON.parse(body)).toStrictEqual(JSON.parse(viaZod(Thing, t)));
    expect(body).not.toMatch(/secret|hidden|passwordHash/);
  });

  it("keeps zod for a schema JSON Schema cannot state (a transform)", () => {
    expect(compiledFor(z.object({ a: z.string().transform((s) => s.toUpperCase()) }))).toBeNull();
  });

  it("compiles the platform's own response schemas", () => {
    expect(compiledFor(CaseDetail)).not.toBeNull();
    expect(compiledFor(SessionInfo)).not.toBeNull();
  });

  it("checked, a body that differs from zod's throws (in tests a wrong compiled writer fails the route)", () => {
    const serializer = responseSerializerCompiler({ checked: true })({
      schema: z.object({ n: z.number() }),
      method: "GET",
      url: "/x",
      httpStatus: "200",
    });
    expect(serializer({ n: 1 })).toBe('{"n":1}');
    // zod's copy loses a record key "__proto__" that the compiled writer keeps: both succeed, the bodies differ.
    const record = responseSerializerCompiler({ checked: true })({
      schema: z.object({ m: z.record(z.string(), z.number()) }),
      method: "GET",
      url: "/y",
      httpStatus: "200",
    });
    expect(() => record({ m: JSON.parse('{"__proto__":1}') })).toThrow(/differs from zod/);
    // fast-json-stringify coerces a string to a number where zod refuses: checked, that is an error.
    expect(() => serializer({ n: "1" })).toThrow();
    const unchecked = responseSerializerCompiler({ checked: false })({
      schema: z.object({ n: z.number() }),
      method: "GET",
      url: "/x",
      httpStatus: "200",
    });
    expect(unchecked({ n: 2 })).toBe('{"n":2}');
  });
});
