import { z } from "zod";
import { isoInstant, uuid } from "./common.js";
import { StaffCreate } from "./identity.js";

/**
 * Dual control (双人控制) of the accounts that hold a protected role — auditor (审计管理员) and security
 * administrator (安全管理员) — after installation: a security administrator proposes creating or disabling
 * one, an auditor who is neither the proposer nor the account concerned approves or refuses it, before it
 * expires. Only an approval acts.
 */
export const PROTECTED_ROLES = ["auditor", "security_admin"] as const;
export const ProtectedRole = z.enum(PROTECTED_ROLES);
export type ProtectedRole = z.infer<typeof ProtectedRole>;

const reason = z.string().trim().min(2).max(500);

export const AccountProposalCreate = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("create"),
    role: ProtectedRole,
    username: StaffCreate.shape.username,
    displayName: StaffCreate.shape.displayName,
    departmentId: uuid,
    reason,
  }),
  z.object({ action: z.literal("disable"), role: ProtectedRole, accountId: uuid, reason }),
]);
export type AccountProposalCreate = z.infer<typeof AccountProposalCreate>;

export const AccountProposalStatus = z.enum(["pending", "approved", "refused", "expired"]);
export type AccountProposalStatus = z.infer<typeof AccountProposalStatus>;

export const AccountProposal = z
  .object({
    id: uuid,
    action: z.enum(["create", "disable"]),
    role: ProtectedRole,
    /** create: the account to make. */
    username: z.string().nullable(),
    displayName: z.string().nullable(),
    departmentId: uuid.nullable(),
    /** disable: the account to disable. */
    targetAccountId: uuid.nullable(),
    reason: z.string(),
    status: AccountProposalStatus,
    proposedBy: uuid,
    proposedAt: isoInstant,
    expiresAt: isoInstant,
    decidedBy: uuid.nullable(),
    decidedAt: isoInstant.nullable(),
    decisionNote: z.string().nullable(),
    /** The account the approval created or disabled. */
    accountId: uuid.nullable(),
  })
  .meta({ id: "AccountProposal" });
export type AccountProposal = z.infer<typeof AccountProposal>;

export const AccountProposalListQuery = z.object({
  status: AccountProposalStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AccountProposalListQuery = z.infer<typeof AccountProposalListQuery>;

export const AccountProposalList = z.object({ items: z.array(AccountProposal), total: z.number().int() });
export type AccountProposalList = z.infer<typeof AccountProposalList>;

export const AccountProposalRefuse = z.object({ note: reason });

export const AccountProposalApproved = z
  .object({
    proposal: AccountProposal,
    /**
     * create: the new account's one-time password, in this answer only (never stored but as the account's
     * argon2id hash, never logged). The approver hands it to the person; the authenticator is enrolled at
     * their first login.
     */
    oneTimePassword: z.string().nullable(),
  })
  .meta({ id: "AccountProposalApproved" });
export type AccountProposalApproved = z.infer<typeof AccountProposalApproved>;
