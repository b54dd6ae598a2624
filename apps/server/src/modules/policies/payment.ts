/**
 * Payment instructions (兑现指令) to the enterprise's account of record. The adapter is the seam for the
 * treasury's payment system; the demo records each instruction in `policies_payments`, in the confirming
 * transaction, so a payment exists exactly when the entitlement says paid.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";

export interface PaymentInstruction {
  entitlementId: string;
  uscc: string;
  /** 元. */
  amount: number;
  /** 快申快享: the account the enterprise confirmed, in clear (its read is recorded); null: the account of record. */
  bankAccount: string | null;
}

export interface PaymentAdapter {
  /** Issues the instruction within `trx`; returns its reference. */
  instruct(trx: Kysely<DB>, instruction: PaymentInstruction): Promise<string>;
}

export class DemoPaymentRecorder implements PaymentAdapter {
  async instruct(trx: Kysely<DB>, p: PaymentInstruction): Promise<string> {
    // The demo keeps no account: policies_payments is a record of instructions, not a copy of personal data.
    const reference = `PAY-${p.entitlementId.slice(0, 8).toUpperCase()}`;
    await trx
      .insertInto("policies_payments")
      .values({ reference, entitlement_id: p.entitlementId, uscc: p.uscc, amount: p.amount })
      .execute();
    return reference;
  }
}
