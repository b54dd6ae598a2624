import { describe, expect, it } from "vitest";
import { MATERIAL_FILE_TYPES, sniffFile } from "./sniff.js";
import { docxBytes, ofdBombBytes, ofdBytes, xlsxBytes, zipBytes } from "./testing.js";
import { assertZipWithinLimits, ZIP_LIMITS } from "./zip-guard.js";

/** Issue 14, defect 8: ZIP packages are bounded before anything unpacks them. */
describe("zip bombs", () => {
  const small = { maxEntries: 10, maxInflatedBytes: 1024 * 1024 };
  const code = (f: () => unknown) => {
    try {
      f();
      return "accepted";
    } catch (e) {
      return (e as { code?: string }).code;
    }
  };

  it("accepts real packages: stored and deflated, OFD, DOCX, XLSX", () => {
    for (const bytes of [
      ofdBytes(),
      docxBytes(),
      xlsxBytes(),
      zipBytes({ "a.xml": "<a/>".repeat(500) }, { deflate: true }),
    ])
      expect(code(() => assertZipWithinLimits(bytes))).toBe("accepted");
  });

  it("refuses an archive that honestly unpacks past the limit (413), and one with too many entries", () => {
    const honest = zipBytes({ "zeros.bin": Buffer.alloc(3 * 1024 * 1024) }, { deflate: true });
    expect(honest.length).toBeLessThan(10_000); // 3 MB of zeros in a few kB
    expect(code(() => assertZipWithinLimits(honest, small))).toBe("FILE_ARCHIVE_TOO_LARGE");
    const many = zipBytes(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}.xml`, "<x/>"])));
    expect(code(() => assertZipWithinLimits(many, small))).toBe("FILE_ARCHIVE_TOO_LARGE");
  });

  it("refuses an archive whose directory understates what it unpacks to (422), inflating no more than declared", () => {
    const liar = zipBytes(
      { "zeros.bin": Buffer.alloc(3 * 1024 * 1024) },
      { deflate: true, declare: { "zeros.bin": 1000 } },
    );
    expect(code(() => assertZipWithinLimits(liar, small))).toBe("FILE_ARCHIVE_INVALID");
    const overstated = zipBytes({ "a.txt": "abc" }, { deflate: true, declare: { "a.txt": 4 } });
    expect(code(() => assertZipWithinLimits(overstated))).toBe("FILE_ARCHIVE_INVALID");
  });

  it("refuses an unsupported compression method and a truncated archive", () => {
    const bz = zipBytes({ "a.txt": "abc" });
    const cen = bz.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bz.writeUInt16LE(12, cen + 10); // bzip2
    expect(code(() => assertZipWithinLimits(bz))).toBe("FILE_ARCHIVE_INVALID");
    const cut = ofdBytes();
    expect(
      code(() => assertZipWithinLimits(Buffer.concat([cut.subarray(0, 40), cut.subarray(cut.length - 200)]))),
    ).toBe("FILE_ARCHIVE_INVALID");
  });

  it("a 400 MB OFD bomb is refused as a material before it is stored", async () => {
    const bomb = ofdBombBytes(400 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(2_000);
    expect(400 * 1024 * 1024).toBeGreaterThan(ZIP_LIMITS.maxInflatedBytes);
    await expect(sniffFile(bomb, MATERIAL_FILE_TYPES)).rejects.toMatchObject({ code: "FILE_ARCHIVE_TOO_LARGE" });
    await expect(sniffFile(ofdBytes(), MATERIAL_FILE_TYPES)).resolves.toMatchObject({ ext: "ofd" });
  });
});
