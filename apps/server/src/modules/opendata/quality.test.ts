import type { OpendataField } from "@yiwang/contracts";
import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors.js";
import { checkCsv, looksPersonal } from "./quality.js";
import { queryText, rowLexemes } from "./terms.js";

const f = (id: string, type: OpendataField["type"], pub = true): OpendataField => ({
  id,
  label: id,
  type,
  public: pub,
});
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return [(e as AppError).code, (e as AppError).details];
  }
  throw new Error("not refused");
};

describe("opendata quality checks", () => {
  it("finds checksum-valid ID numbers and mobile numbers, also inside text, and nothing else", () => {
    expect(looksPersonal("99010219850312101X")).toBe("id_number");
    expect(looksPersonal("身份证 99010219850312101x。")).toBe("id_number");
    expect(looksPersonal("990102198503121010")).toBeNull(); // wrong check character
    expect(looksPersonal("联系 13912345678")).toBe("mobile");
    expect(looksPersonal("12333")).toBeNull();
    expect(looksPersonal("订单 213912345678")).toBeNull(); // 12 digits: not a mobile number
    expect(looksPersonal("2026-03-02")).toBeNull();
  });

  it("types each cell, drops columns that are not public, and names what is wrong", () => {
    const fields = [
      f("a", "text"),
      f("n", "integer"),
      f("x", "number"),
      f("d", "date"),
      f("b", "boolean"),
      f("secret", "text", false),
    ];
    const ok = checkCsv("\uFEFFb,a,n,x,d,secret\n是,甲,3,1.5,2026-02-28,内部\nfalse,,,,,\n", fields);
    expect(ok.fields.map((x) => x.id)).toEqual(["a", "n", "x", "d", "b"]);
    expect(ok.rows).toEqual([
      { b: true, a: "甲", n: 3, x: 1.5, d: "2026-02-28" },
      { b: false, a: null, n: null, x: null, d: null },
    ]);
    expect(refusal(() => checkCsv("a,n,x,d,b,secret\n甲,3,1.5,2026-02-30,是,", fields))).toEqual([
      "OPENDATA_CSV_TYPE_ERROR",
      expect.objectContaining({ column: "d", row: 2 }),
    ]);
    expect(refusal(() => checkCsv("a,n,x,d,b\n甲,3,1.5,2026-02-28,是", fields))).toEqual([
      "OPENDATA_CSV_HEADER_MISMATCH",
      expect.objectContaining({ column: "secret", problem: "missing" }),
    ]);
    expect(refusal(() => checkCsv('a,n\n"unclosed,1', [f("a", "text"), f("n", "integer")]))[0]).toBe(
      "OPENDATA_CSV_INVALID",
    );
    expect(refusal(() => checkCsv("a,secret\n甲,13912345678", [f("a", "text"), f("secret", "text", false)]))).toEqual([
      "OPENDATA_PERSONAL_DATA",
      expect.objectContaining({ column: "secret", kind: "mobile" }),
    ]);
  });

  it("row lexemes: words, whole values and the suffixes of Chinese runs; queries are quoted prefix terms", () => {
    const lex = rowLexemes(["住宿和餐饮业", "Foo Bar", 42, null]);
    expect(lex.match(/'(?:[^']|'')*'/g)).toEqual(
      expect.arrayContaining(["'住宿和餐饮业'", "'餐饮业'", "'饮业'", "'foo bar'", "'foo'", "'bar'", "'42'"]),
    );
    expect(queryText("餐饮 o'neil\\")).toBe("'餐饮':* & 'o':* & 'neil':*");
    expect(queryText("' & | !")).toBeNull();
  });
});
