import { z } from "zod";
import { CaseStatus } from "./cases.js";
import { isoDate, uuid } from "./common.js";
import { LicenseSummary } from "./licenses.js";

/**
 * 一码通 (personal one-code, 亮码办事 / 亮码核验): a short-lived signed code on the holder's phone, verified
 * online or offline against a signed key list, and scanned at a service window with the holder's consent
 * per scan to the licenses (电子证照) the clerk sees.
 */

/**
 * What a verification answers (the same codes as packages/onecode-verifier): `valid`, or why not —
 * `malformed` (not a code: garbage QR, wrong prefix, broken JWS), `oversize` (longer than any code we make),
 * `unknown_kid` (no such key in the current list: never issued, or removed after a compromise),
 * `bad_signature`, `expired`, `not_yet_valid` (issued in the future beyond the allowed skew).
 */
export const ONECODE_RESULTS = [
  "valid",
  "malformed",
  "oversize",
  "unknown_kid",
  "bad_signature",
  "expired",
  "not_yet_valid",
] as const;
export const OnecodeResult = z.enum(ONECODE_RESULTS);
export type OnecodeResult = z.infer<typeof OnecodeResult>;

/**
 * An extension field of a code (扩展域: a third-party card the holder attached, e.g. `ssc` — a social
 * security card — with `{no}`), as signed in the code's `x` claim; `known`: a type the verifier registers.
 */
export const OnecodeExtension = z
  .object({ type: z.string(), fields: z.record(z.string(), z.string()), known: z.boolean() })
  .meta({ id: "OnecodeExtension" });
export type OnecodeExtension = z.infer<typeof OnecodeExtension>;

/** A fresh code: `attach` names a license of the holder to carry as an extension field (registered types only). */
export const OnecodeCodeQuery = z.object({ attach: uuid.optional() });

/** The current code for the signed-in holder, and its QR rendition (PNG as a data URL). */
export const OnecodeIssued = z
  .object({
    code: z.string().describe("YW1: followed by a compact JWS (ES256 or SM2)"),
    png: z.string().describe("data:image/png;base64,…"),
    kid: z.string(),
    issuedAt: z.string(),
    expiresAt: z.string(),
    /** Seconds the code lives; the phone page refreshes it before then. */
    lifetimeSeconds: z.number().int(),
    /** What the code carries beyond the standard part (only what the holder attached). */
    extensions: z.array(OnecodeExtension),
  })
  .meta({ id: "OnecodeIssued" });
export type OnecodeIssued = z.infer<typeof OnecodeIssued>;

/** Verification input: the text a QR decoder read. Longer than any code is answered `oversize`, not refused. */
export const OnecodeVerifyRequest = z.object({ code: z.string().max(8192) });

export const OnecodeVerifyResult = z
  .object({
    result: OnecodeResult,
    kid: z.string().nullable(),
    expiresAt: z.string().nullable(),
    /** The signed extension fields (empty unless the signature checked out and the holder attached any). */
    extensions: z.array(OnecodeExtension),
  })
  .meta({ id: "OnecodeVerifyResult" });
export type OnecodeVerifyResult = z.infer<typeof OnecodeVerifyResult>;

/** A public key as a JWK: ES256 (crv P-256) or SM2 (crv SM2, the national suite: CRYPTO_SUITE=national). */
export const OnecodeJwk = z.looseObject({
  kid: z.string(),
  kty: z.literal("EC"),
  crv: z.enum(["P-256", "SM2"]),
  x: z.string(),
  y: z.string(),
  alg: z.enum(["ES256", "SM2"]),
  use: z.literal("sig"),
});

/**
 * The signed key list: `list` is a compact JWS (typ `onecode-keys+jwt`) signed by the list key, whose
 * payload holds the code-signing keys (`keys`), `iat` and `exp`; `listKey` is the list key itself, which a
 * verifier pins on first use (a key list signed by any other key is refused).
 */
export const OnecodeKeyList = z.object({ list: z.string(), listKey: OnecodeJwk }).meta({ id: "OnecodeKeyList" });
export type OnecodeKeyList = z.infer<typeof OnecodeKeyList>;

export const OnecodeKeyRemove = z.object({ reason: z.string().min(1).max(500) });

export const OnecodeScanStatus = z.enum(["pending", "consented", "declined"]);
export type OnecodeScanStatus = z.infer<typeof OnecodeScanStatus>;

export const OnecodeScanRequest = z.object({ code: z.string().max(8192) });

/** A scan as its holder sees it (who scanned, when, what they chose). */
export const OnecodeHolderScan = z
  .object({
    id: uuid,
    status: OnecodeScanStatus,
    department: z.object({ id: uuid, name: z.string() }),
    scannedAt: z.string(),
    expiresAt: z.string(),
    decidedAt: z.string().nullable(),
    licenseCount: z.number().int(),
    /** The holder let the window see all their cases in progress, not only its department's. */
    showCases: z.boolean(),
  })
  .meta({ id: "OnecodeHolderScan" });
export type OnecodeHolderScan = z.infer<typeof OnecodeHolderScan>;
export const OnecodeHolderScanList = z.object({ items: z.array(OnecodeHolderScan) });

/** Consent: the licenses to show, and whether the window may see all the holder's cases in progress. */
export const OnecodeConsent = z.object({ licenseIds: z.array(uuid).max(50), showCases: z.boolean().optional() });

/** A case in progress (办件) of the holder, as the window sees it after consent. */
export const OnecodePendingCase = z
  .object({
    id: uuid,
    number: z.string().nullable(),
    itemName: z.string(),
    status: CaseStatus,
    /** The 办结 deadline (local date), null until accepted. */
    deadlineDate: isoDate.nullable(),
  })
  .meta({ id: "OnecodePendingCase" });
export type OnecodePendingCase = z.infer<typeof OnecodePendingCase>;

/** A scan as the window clerk sees it: the consented licenses only, and only once consented. */
export const OnecodeClerkScan = z
  .object({
    id: uuid,
    status: OnecodeScanStatus,
    scannedAt: z.string(),
    expiresAt: z.string(),
    decidedAt: z.string().nullable(),
    licenses: z.array(LicenseSummary),
    /**
     * The holder's cases in progress, once consented: those the window's department takes part in
     * (`department`), or all of them when the holder ticked "show my cases" (`all`).
     */
    cases: z.array(OnecodePendingCase),
    casesScope: z.enum(["department", "all"]),
  })
  .meta({ id: "OnecodeClerkScan" });
export type OnecodeClerkScan = z.infer<typeof OnecodeClerkScan>;
