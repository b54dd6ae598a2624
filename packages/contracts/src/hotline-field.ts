import { z } from "zod";
import { isoInstant, uuid } from "./common.js";
import { HotlineKind, HotlinePhotoUpload, HotlineStatus } from "./hotline.js";
import { HOTLINE_FIELD_KINDS, HOTLINE_POSITIONS_MAX, HOTLINE_TEXT_MAX } from "./hotline-vocabulary.js";

/** Field forces of the 12345 hotline (网格化管理): the roster, field reports, positions, the command map. */

export const HotlineFieldKind = z.enum(HOTLINE_FIELD_KINDS);

const lat = z.number().min(-90).max(90);
const long = z.number().min(-180).max(180);

/** 编入名册: a staff member of the department joins its field force (PUT /field/roster/{accountId}). */
export const FieldRosterEntry = z.object({
  kind: HotlineFieldKind,
  /** 呼号: how the command desk names them on the map, e.g. "东城网格 03". */
  callSign: z.string().trim().min(1).max(30),
});
export const FieldRosterParams = z.object({ accountId: uuid });

export const FieldStaffView = z.object({
  accountId: uuid,
  name: z.string(),
  callSign: z.string(),
  kind: HotlineFieldKind,
  department: z.object({ id: uuid, name: z.string() }),
  /** The newest stored position, or null before the first. */
  position: z.object({ lat: z.number(), long: z.number(), at: isoInstant }).nullable(),
});
export const FieldStaffList = z.object({ items: z.array(FieldStaffView) });

/** The signed-in staff member's own roster entry (null: not on a roster). */
export const FieldMe = z.object({ staff: FieldStaffView.nullable() });

/** 上报: what the field staff saw, where they stand; routed like any request (category × district). */
export const FieldReport = z.object({
  kind: HotlineKind.default("report"),
  categoryCode: z.string().regex(/^\d{6}$/),
  description: z.string().trim().min(1).max(HOTLINE_TEXT_MAX),
  position: z.object({ lat, long }),
  address: z.string().trim().max(200).default(""),
  /** Taken from the position when left out. */
  districtCode: z
    .string()
    .regex(/^\d{6}$/)
    .nullable()
    .default(null),
  urgent: z.boolean().default(false),
  photos: z.array(HotlinePhotoUpload).max(10).default([]),
});
export type FieldReport = z.infer<typeof FieldReport>;

export const FieldPosition = z.object({
  at: isoInstant,
  lat,
  long,
  /** Metres (the browser's `coords.accuracy`). */
  accuracy: z.number().min(0).max(100_000).nullable().default(null),
});
export const FieldPositionBatch = z.object({ points: z.array(FieldPosition).min(1).max(HOTLINE_POSITIONS_MAX) });
export type FieldPositionBatch = z.infer<typeof FieldPositionBatch>;
export const FieldPositionsStored = z.object({ batchId: uuid, stored: z.number().int() });

export const FieldTrackQuery = z.object({ since: isoInstant.optional() });
export const FieldTrack = z.object({
  accountId: uuid,
  callSign: z.string(),
  points: z.array(z.object({ at: isoInstant, lat: z.number(), long: z.number() })),
});

export const CommandMap = z.object({
  bounds: z.object({ south: z.number(), west: z.number(), north: z.number(), east: z.number() }),
  /** District outlines, rings of [long, lat] (drawn as plain SVG: no map tiles offline). */
  districts: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      nameEn: z.string(),
      ring: z.array(z.tuple([z.number(), z.number()])),
    }),
  ),
  staff: z.array(FieldStaffView),
  /** Open field reports (事件) with a position. */
  events: z.array(
    z.object({
      id: uuid,
      number: z.string(),
      categoryName: z.string(),
      status: HotlineStatus,
      lat: z.number(),
      long: z.number(),
      createdAt: isoInstant,
    }),
  ),
});

export const TrackVerifyQuery = z.object({ since: isoInstant.optional() });
/** Each stored position batch recomputed against the hash the audit log holds for it. */
export const TrackVerification = z.object({
  ok: z.boolean(),
  batchesChecked: z.number().int(),
  /** Batches whose stored positions no longer hash to their audit entry (altered, added or deleted rows). */
  altered: z.array(z.object({ batchId: uuid, accountId: uuid, receivedAt: isoInstant, message: z.string() })),
  /** Batches whose entry is sequenced and proven in the current tree (the rest are still queued). */
  proven: z.number().int(),
});

/** 调集: the field staff nearest an incident (with a position), nearest first. */
export const FieldNearestList = z.object({
  items: z.array(z.object({ staff: FieldStaffView, distanceMeters: z.number().int() })),
});
export const MobiliseFieldStaff = z.object({ accountId: uuid });
