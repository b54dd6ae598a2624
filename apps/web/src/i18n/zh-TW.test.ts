import { describe, expect, it } from "vitest";
import { traditional, traditionalTree } from "./traditional";
import { zhCN } from "./zh-CN";
import { zhCNStaff } from "./zh-CN-staff";
import { zhTW } from "./zh-TW";

/** zh-TW.ts is generated (apps/web/scripts/gen-zh-tw.ts): it must follow every change of the Simplified texts. */
describe("繁體中文 texts", () => {
  it("are the current zh-CN texts converted: run `npm run gen:zh-tw` after changing a Chinese text", () => {
    expect(zhTW).toEqual(traditionalTree({ ...zhCN, ...zhCNStaff }));
  });

  it("keep the mainland document names and the reviewed fixes", () => {
    expect(traditional("居民身份证")).toBe("居民身份證"); // not Taiwan's 身分證: the document is the mainland's
    expect(traditional("一网通办")).toBe("一網通辦");
    expect(traditional("正式发布的文件")).toBe("正式發布的文件"); // no phrase substitution (文件 → 檔案)
    expect(traditional("该电子证照已被发证机关注销")).toBe("該電子證照已被發證機關註銷");
    expect(zhTW.app.brand).toBe("一網");
  });
});
