import { z } from "zod";
import { isoInstant, uscc, uuid } from "./common.js";
import {
  HOTLINE_CHANNELS,
  HOTLINE_KINDS,
  HOTLINE_PHOTO_MAX_BYTES,
  HOTLINE_STATUSES,
  HOTLINE_TEXT_MAX,
} from "./hotline-vocabulary.js";

/** Hotline 12345 (接诉即办): request and response shapes of /api/hotline. Open311 has its own wire format. */

export const HotlineKind = z.enum(HOTLINE_KINDS);
export type HotlineKind = z.infer<typeof HotlineKind>;

export const HotlineChannel = z.enum(HOTLINE_CHANNELS);

export const HotlineStatus = z.enum(HOTLINE_STATUSES);
export type HotlineStatus = z.infer<typeof HotlineStatus>;

export const HotlineLight = z.enum(["green", "yellow", "red", "none"]);

const text = (max: number) => z.string().trim().min(1).max(max);

export const HotlineLocation = z.object({
  address: z.string().trim().max(200).default(""),
  districtCode: z.string().regex(/^\d{6}$/),
  lat: z.number().min(-90).max(90).nullable().default(null),
  long: z.number().min(-180).max(180).nullable().default(null),
});

export const HotlinePhotoUpload = z.object({
  name: z.string().trim().min(1).max(100),
  /** The bytes, base64 (sniffed on the server: JPEG or PNG only). */
  contentBase64: z.string().max(Math.ceil((HOTLINE_PHOTO_MAX_BYTES * 4) / 3) + 1024),
});

export const HotlineContact = z.object({
  name: text(50),
  phone: z.string().regex(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/),
});

/** 市民网上提交: the caller is the signed-in person (if any); anonymous hides the name from everyone. */
export const CreateHotlineRequest = z.object({
  kind: HotlineKind,
  categoryCode: z.string().regex(/^\d{6}$/),
  description: text(HOTLINE_TEXT_MAX),
  location: HotlineLocation,
  /** Danger to life or property: a 2-working-hour limit. */
  urgent: z.boolean().default(false),
  anonymous: z.boolean().default(false),
  confidential: z.boolean().default(false),
  contact: HotlineContact.nullable().default(null),
  photos: z.array(HotlinePhotoUpload).max(10).default([]),
  /** The enterprise a complaint or report is about (统一社会信用代码): counted in its credit record. */
  subjectUscc: uscc.nullable().default(null),
});
export type CreateHotlineRequest = z.infer<typeof CreateHotlineRequest>;

/** 话务员受理 (phone intake): the caller told on the phone; the operator may override the routing. */
export const IntakeHotlineRequest = CreateHotlineRequest.extend({
  caller: HotlineContact.nullable().default(null),
  departmentId: uuid.nullable().default(null),
});
export type IntakeHotlineRequest = z.infer<typeof IntakeHotlineRequest>;

export const DispatchHotlineRequest = z.object({ departmentId: uuid, comment: z.string().trim().max(500).default("") });
export const ReturnHotlineRequest = z.object({ reason: text(500) });
export const HotlineActionRequest = z.object({ comment: text(HOTLINE_TEXT_MAX) });
export const AnswerHotlineRequest = z.object({ answer: text(HOTLINE_TEXT_MAX) });
export const CallbackHotlineRequest = z.object({
  resolved: z.boolean(),
  satisfied: z.boolean(),
  comment: z.string().trim().max(500).default(""),
});
export const MergeHotlineRequest = z.object({ intoId: uuid });
/** 延期: once per request, in the request's own unit (working hours or days), at most its limit again. */
export const RequestHotlineExtension = z.object({ value: z.number().int().min(1).max(30), reason: text(500) });
export const DecideHotlineExtension = z.object({
  approve: z.boolean(),
  comment: z.string().trim().max(500).default(""),
});

export const HotlineCategory = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  /** The limit: hours (working hours) or days (working days). */
  limit: z.object({ unit: z.enum(["hours", "days"]), value: z.number().int() }),
});
export const HotlineCategoryGroup = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  children: z.array(HotlineCategory),
});
export const HotlineCategoryTree = z.object({
  groups: z.array(HotlineCategoryGroup),
  districts: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string() })),
  bounds: z.object({ south: z.number(), west: z.number(), north: z.number(), east: z.number() }),
});

export const HotlineTimelineEntry = z.object({
  type: z.string(),
  at: isoInstant,
  actorName: z.string(),
  comment: z.string().nullable(),
});

export const HotlineRequestView = z.object({
  id: uuid,
  number: z.string(),
  kind: HotlineKind,
  channel: HotlineChannel,
  status: HotlineStatus,
  category: z.object({ code: z.string(), name: z.string(), nameEn: z.string() }),
  description: z.string(),
  location: z.object({
    address: z.string(),
    districtCode: z.string(),
    lat: z.number().nullable(),
    long: z.number().nullable(),
  }),
  urgent: z.boolean(),
  anonymous: z.boolean(),
  confidential: z.boolean(),
  /** The enterprise the request is about, if named (统一社会信用代码). */
  subjectUscc: z.string().nullable(),
  /** Null when anonymous, and for departments when confidential (保密); masked except to the caller and operators. */
  caller: z.object({ name: z.string(), phone: z.string(), accountLinked: z.boolean() }).nullable(),
  department: z.object({ id: uuid, name: z.string() }).nullable(),
  deadline: z.object({
    at: isoInstant.nullable(),
    unit: z.enum(["hours", "days"]),
    value: z.number().int(),
    light: HotlineLight,
    escalationLevel: z.number().int(),
  }),
  answer: z.string().nullable(),
  answeredAt: isoInstant.nullable(),
  callback: z.object({ resolved: z.boolean(), satisfied: z.boolean(), at: isoInstant }).nullable(),
  mergedInto: uuid.nullable(),
  /** 延期: asked once by the department, decided by the dispatch desk. */
  extension: z
    .object({
      status: z.enum(["requested", "approved", "refused"]),
      value: z.number().int(),
      reason: z.string(),
    })
    .nullable(),
  photos: z.array(z.object({ id: uuid, name: z.string() })),
  timeline: z.array(HotlineTimelineEntry),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});
export type HotlineRequestView = z.infer<typeof HotlineRequestView>;

export const HotlineRequestList = z.object({ items: z.array(HotlineRequestView) });
export const HotlineListQuery = z.object({
  status: HotlineStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const HotlineDuplicate = z.object({
  id: uuid,
  number: z.string(),
  distanceMeters: z.number(),
  status: HotlineStatus,
});
export const HotlineDuplicateList = z.object({ items: z.array(HotlineDuplicate) });

export const CreateOpen311Key = z.object({ name: text(100) });
export const Open311KeyCreated = z.object({ id: uuid, name: z.string(), apiKey: z.string() });
