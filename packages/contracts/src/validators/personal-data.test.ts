import { describe, expect, it } from "vitest";
import { findPersonalData } from "./personal-data.js";

describe("findPersonalData", () => {
  it("finds valid ID-card numbers and mobile numbers, however written", () => {
    expect(findPersonalData("申请人身份证 11010519491231002X 请核对")).toEqual(["id_number"]);
    expect(findPersonalData("身份证11010519491231002x")).toEqual(["id_number"]);
    expect(findPersonalData("电话13800000003")).toEqual(["mobile"]);
    expect(findPersonalData("电话 138-0000-0003 或 +86 139 1234 5678")).toEqual(["mobile"]);
    expect(findPersonalData("11010519491231002X，13800000003")).toEqual(["id_number", "mobile"]);
  });

  it("leaves case numbers, dates, amounts and wrong check characters alone", () => {
    expect(findPersonalData("办件 990100-20261203-000012，2026-12-03 前回复")).toEqual([]);
    expect(findPersonalData("金额 12345678901 分")).toEqual([]); // starts 12: not a mobile prefix
    expect(findPersonalData("110105194912310021")).toEqual([]); // check character wrong
    expect(findPersonalData("编号 A13800000003B")).toEqual(["mobile"]);
    expect(findPersonalData("123800000003")).toEqual([]); // 12 digits: not a mobile
  });
});
