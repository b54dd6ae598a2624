import { describe, expect, it } from "vitest";
import { caseWrite, otherWrites } from "./case-writes";

describe("case-writes: this page's writes to one case, one at a time", () => {
  it("runs a case's writes in order, each after the one before has settled (failed ones too)", async () => {
    const log: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const upload = caseWrite(
      "c1",
      async () => {
        log.push("upload starts");
        await held;
        log.push("upload ends");
        throw new Error("refused");
      },
      { other: true },
    );
    const save = caseWrite("c1", async () => {
      log.push("autosave");
      return 7;
    });
    const elsewhere = caseWrite("c2", async () => log.push("another case"));
    await elsewhere;
    expect(log).toEqual(["upload starts", "another case"]); // another case does not wait
    release();
    await expect(upload).rejects.toThrow("refused");
    expect(await save).toBe(7);
    expect(log).toEqual(["upload starts", "another case", "upload ends", "autosave"]);
  });

  it("counts the other writes that finished, not the autosave's", async () => {
    const before = otherWrites("c3");
    await caseWrite("c3", async () => {});
    expect(otherWrites("c3")).toBe(before);
    await caseWrite("c3", async () => {}, { other: true });
    await caseWrite("c3", async () => Promise.reject(new Error("x")), { other: true }).catch(() => {});
    expect(otherWrites("c3")).toBe(before + 2);
  });
});
