import { z } from "zod";
import { Span } from "./catalog.js";

/**
 * The help centre (帮助中心): answers from the guides' FAQ, found with the catalog's Chinese search, so a
 * citizen can solve a question before calling 12345.
 */

/** Query text: what a person types, without control characters (never part of a question). */
const HelpText = z
  .string()
  .max(100)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]*$/, { message: "不能含控制字符 / Control characters are not allowed" });

export const HelpQuery = z.object({
  /** Colloquial words (孩子上学要办什么); empty: the popular questions. */
  q: HelpText.optional(),
  page: z.coerce.number().int().min(1).max(50).default(1),
  pageSize: z.coerce.number().int().min(1).max(20).default(10),
});
export type HelpQuery = z.infer<typeof HelpQuery>;

/** One FAQ entry with the item (and its guide) it belongs to. */
export const HelpAnswer = z.object({
  itemCode: z.string(),
  itemName: z.string(),
  itemNameEn: z.string().nullable(),
  question: z.string(),
  answer: z.string(),
  /** Spans of the query's words in the question and in the answer. */
  questionHighlight: z.array(Span),
  answerHighlight: z.array(Span),
});
export type HelpAnswer = z.infer<typeof HelpAnswer>;

export const HelpResult = z.object({
  /** `popular`: no query, the curated common questions; `all`: every word matched; `some`: only some did. */
  match: z.enum(["popular", "all", "some"]),
  items: z.array(HelpAnswer),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** The words the query was understood as (with synonyms), longest first. */
  terms: z.array(z.string()),
});
export type HelpResult = z.infer<typeof HelpResult>;
