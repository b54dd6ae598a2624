import type { FastifyRequest } from "fastify";

/**
 * Personal data must not reach the logs (PIPL). Bodies are never logged; headers that carry credentials
 * are redacted by path; URLs are scrubbed of anything shaped like an ID number, a mobile number or a
 * USCC-adjacent long digit run, because query strings are where such values leak.
 */
const ID_NUMBER = /\b(\d{6})\d{8}(\d{3}[\dXx])\b/g;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
// URL-encoded forms too: %E6... are not digits, so only plain digit runs matter here.

export function scrubPersonalData(text: string): string {
  return text.replace(ID_NUMBER, "$1********$2").replace(MOBILE, "$1****$2");
}

export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  "*.password",
  "*.idNumber",
  "*.phone",
  "*.mobile",
  "*.address",
  "*.secret",
  "*.token",
];

export const logSerializers = {
  req(req: FastifyRequest) {
    return {
      method: req.method,
      url: scrubPersonalData(req.url),
      remoteAddress: req.ip,
    };
  },
};
