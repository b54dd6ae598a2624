import { describe, expect, it } from "vitest";
import { maskBankAccount, maskName, maskPhone } from "./masking.js";

describe("masking", () => {
  it("keeps the first three and last four digits of a mobile number", () => {
    expect(maskPhone("13800138000")).toBe("138****8000");
    expect(maskPhone("12345")).toBe("*****");
  });
  it("keeps only the last character of a name", () => {
    expect(maskName("张三")).toBe("*三");
    expect(maskName("欧阳娜娜")).toBe("***娜");
    expect(maskName("李")).toBe("*");
  });
  it("keeps the first and last four digits of a bank account, the middle length hidden", () => {
    expect(maskBankAccount("6222020200112233445")).toBe("6222 **** **** 3445");
    expect(maskBankAccount("62220202001122")).toBe("6222 **** **** 1122");
    expect(maskBankAccount("12345678")).toBe("********");
  });
});
