import { AppointmentErrorCodes } from "./appointments.js";
import { ArchiveErrorCodes } from "./archives.js";
import { AuditErrorCodes } from "./audit.js";
import { CalendarErrorCodes } from "./calendar.js";
import { CaseErrorCodes } from "./cases.js";
import { CatalogErrorCodes } from "./catalog.js";
import type { ErrorCodeDefinition } from "./definition.js";
import { EvaluationErrorCodes } from "./evaluation.js";
import { ExchangeErrorCodes } from "./exchange.js";
import { FileErrorCodes } from "./files.js";
import { HotlineErrorCodes } from "./hotline.js";
import { IdentityErrorCodes } from "./identity.js";
import { IndicatorErrorCodes } from "./indicators.js";
import { JobErrorCodes } from "./jobs.js";
import { LicenseErrorCodes } from "./licenses.js";
import { MessagingErrorCodes } from "./messaging.js";
import { NotifyErrorCodes } from "./notify.js";
import { OidcErrorCodes } from "./oidc.js";
import { OnecodeErrorCodes } from "./onecode.js";
import { OpendataErrorCodes } from "./opendata.js";
import { OrgErrorCodes } from "./org.js";
import { PaymentErrorCodes } from "./payments.js";
import { PlatformErrorCodes } from "./platform.js";
import { PolicyErrorCodes } from "./policies.js";
import { SealErrorCodes } from "./seals.js";
import { SecurityErrorCodes } from "./security.js";
import { SupervisionErrorCodes } from "./supervision.js";

/**
 * The catalog of every error code the API answers with: code → HTTP status + 中文 and English message.
 * This is the single source: the server's modules build their throwable errors from their section
 * (`defineErrors(OrgErrorCodes)` in `modules/org/errors.ts`), the web looks a code's message up here
 * and switches on `ErrorCode`. One file per module; a code is defined in exactly one section
 * (`error-codes.test.ts`).
 */
export const ERROR_CODE_SECTIONS = {
  platform: PlatformErrorCodes,
  files: FileErrorCodes,
  jobs: JobErrorCodes,
  calendar: CalendarErrorCodes,
  org: OrgErrorCodes,
  audit: AuditErrorCodes,
  notify: NotifyErrorCodes,
  identity: IdentityErrorCodes,
  security: SecurityErrorCodes,
  oidc: OidcErrorCodes,
  catalog: CatalogErrorCodes,
  cases: CaseErrorCodes,
  exchange: ExchangeErrorCodes,
  seals: SealErrorCodes,
  licenses: LicenseErrorCodes,
  evaluation: EvaluationErrorCodes,
  onecode: OnecodeErrorCodes,
  archives: ArchiveErrorCodes,
  messaging: MessagingErrorCodes,
  hotline: HotlineErrorCodes,
  opendata: OpendataErrorCodes,
  supervision: SupervisionErrorCodes,
  indicators: IndicatorErrorCodes,
  policies: PolicyErrorCodes,
  payments: PaymentErrorCodes,
  appointments: AppointmentErrorCodes,
} as const;

export const ERROR_CATALOG = {
  ...PlatformErrorCodes,
  ...FileErrorCodes,
  ...JobErrorCodes,
  ...CalendarErrorCodes,
  ...OrgErrorCodes,
  ...AuditErrorCodes,
  ...NotifyErrorCodes,
  ...IdentityErrorCodes,
  ...SecurityErrorCodes,
  ...OidcErrorCodes,
  ...CatalogErrorCodes,
  ...CaseErrorCodes,
  ...ExchangeErrorCodes,
  ...SealErrorCodes,
  ...LicenseErrorCodes,
  ...EvaluationErrorCodes,
  ...OnecodeErrorCodes,
  ...ArchiveErrorCodes,
  ...MessagingErrorCodes,
  ...HotlineErrorCodes,
  ...OpendataErrorCodes,
  ...SupervisionErrorCodes,
  ...IndicatorErrorCodes,
  ...PolicyErrorCodes,
  ...PaymentErrorCodes,
  ...AppointmentErrorCodes,
} as const satisfies Record<string, ErrorCodeDefinition>;

/** Every code the API may put in `ErrorResponse.code` (a union to switch on). */
export type ErrorCode = keyof typeof ERROR_CATALOG;
export const ERROR_CODES = Object.keys(ERROR_CATALOG) as ErrorCode[];

/** True when `code` is in the catalog (an older client may meet a newer server's code: check first). */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOG, code);
}

/** The message for a code in a language, or undefined for a code the catalog does not know. */
export function errorMessage(code: string, language: "zh" | "en"): string | undefined {
  if (!isErrorCode(code)) return undefined;
  const definition: ErrorCodeDefinition = ERROR_CATALOG[code];
  return language === "en" ? definition.messageEn : definition.message;
}

export type { ErrorCodeDefinition } from "./definition.js";
export {
  AppointmentErrorCodes,
  ArchiveErrorCodes,
  AuditErrorCodes,
  CalendarErrorCodes,
  CaseErrorCodes,
  CatalogErrorCodes,
  EvaluationErrorCodes,
  ExchangeErrorCodes,
  FileErrorCodes,
  HotlineErrorCodes,
  IdentityErrorCodes,
  IndicatorErrorCodes,
  JobErrorCodes,
  LicenseErrorCodes,
  MessagingErrorCodes,
  NotifyErrorCodes,
  OidcErrorCodes,
  OnecodeErrorCodes,
  OpendataErrorCodes,
  OrgErrorCodes,
  PaymentErrorCodes,
  PlatformErrorCodes,
  PolicyErrorCodes,
  SealErrorCodes,
  SecurityErrorCodes,
  SupervisionErrorCodes,
};
