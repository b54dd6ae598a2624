import { z } from "zod";
import { isIdNumber, normalizeIdNumber } from "./validators/id-number.js";
import { isRegionCode } from "./validators/region-code.js";
import { isUscc, normalizeUscc } from "./validators/uscc.js";

/** A calendar date, YYYY-MM-DD, that exists (2026-02-30 is refused). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "日期格式应为 YYYY-MM-DD / Date must be YYYY-MM-DD" })
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    },
    { message: "日期不存在 / No such date" },
  );

/** An instant, ISO 8601 with offset (e.g. 2026-02-13T17:00:00+08:00). */
export const isoInstant = z.iso.datetime({ offset: true });

export const uscc = z
  .string()
  .transform(normalizeUscc)
  .refine(isUscc, { message: "统一社会信用代码无效 / Invalid unified social credit code" });

export const idNumber = z
  .string()
  .transform(normalizeIdNumber)
  .refine((v) => isIdNumber(v), { message: "公民身份号码无效 / Invalid citizen ID number" });

export const regionCode = z
  .string()
  .refine((v) => isRegionCode(v), { message: "行政区划代码无效 / Invalid region code" });

export const uuid = z.uuid();
