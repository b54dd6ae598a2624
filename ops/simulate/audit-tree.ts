import type pg from "pg";
import type { AuditLog } from "../../apps/server/src/modules/audit/index.js";
import type { Volumes } from "./model.js";

/**
 * The audit log of the simulated year, valid: `yiwang audit verify` (verifyLog) accepts it.
 *
 * Writing millions of entries through the sequencer (JavaScript hashing, 1000-row inserts) would take longer
 * than the rest of the load, so the same tree is built in SQL: entries in time order get the next leaf
 * indexes, their bytes are the canonical JSON (RFC 8785: sorted keys, no whitespace) that `entryBytes`
 * produces, level 0 holds SHA-256(0x00 ‖ entry) and each higher level SHA-256(0x01 ‖ left ‖ right) of every
 * complete pair (RFC 9162), exactly the nodes the sequencer stores. The root is then read back with the
 * module's own `rangeHashes`, and the head signed with its own key. The test verifies the result.
 *
 * The events: one per case action, per staff read of personal data, per exchange call, per hotline request,
 * per evaluation, and the day's audited sign-ins.
 */
export async function appendAuditYear(client: pg.Client, log: AuditLog, v: Volumes): Promise<number> {
  const { size: base } = await log.tree();
  const start = `'${v.start.toISOString()}'::timestamptz`;
  const end = `'${new Date(v.start.getTime() + v.days * 86_400_000).toISOString()}'::timestamptz`;
  await client.query(`
    create temp table sim_audit as
    select at, type, actor, subject, payload_hash from (
      select a.at, 'case.' || a.type as type,
        case when a.actor_kind = 'staff' then 'staff:' else 'citizen:' end || a.actor_id as actor,
        'case:' || a.case_id as subject, encode(sha256(convert_to(a.payload::text, 'UTF8')), 'hex') as payload_hash
      from case_actions a
      union all
      select created_at, 'pii.read', actor, subject, null from pii_access_log where field = 'case_form'
      union all
      select at, 'exchange.call', 'dept:' || consumer_department_id, 'resource:' || resource_code,
        encode(sha256(convert_to(query_hmac, 'UTF8')), 'hex')
      from exchange_calls where request_id like 'sim-%'
      union all
      select created_at, 'hotline.request.created', 'system:simulation', 'hotline:' || id, null
      from hotline_requests where number like 'RX%'
      union all
      select created_at, 'evaluation.submitted', 'citizen:anonymous', 'evaluation:' || id, null from evaluations
      union all
      select date_trunc('milliseconds', ${start} + ((g - 1) / ${v.loginsPerDay}) * interval '1 day'
          + (g * 7919 % 86400) * interval '1 second'),
        'identity.login', 'citizen:' || md5('citizen' || (1 + g * 104729 % ${v.citizens}))::uuid, null, null
      from generate_series(1::bigint, ${v.loginsPerDay * v.days}) g
    ) e where at < ${end};

    insert into audit_entries (leaf_index, entry, event_type, actor, acting_for, subject, occurred_at)
    select ${base} - 1 + row_number() over (order by at, type, actor, subject),
      convert_to('{"actingFor":null,"actor":' || to_json(actor)::text
        || ',"payloadHash":' || coalesce(to_json(payload_hash)::text, 'null')
        || ',"subject":' || coalesce(to_json(subject)::text, 'null')
        || ',"time":"' || to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        || '","type":' || to_json(type)::text || ',"v":1}', 'UTF8'),
      type, actor, null, subject, at
    from sim_audit;

    insert into audit_nodes (level, idx, hash)
    select 0, leaf_index, sha256('\\x00'::bytea || entry) from audit_entries where leaf_index >= ${base};`);
  const added = Number((await client.query(`select count(*)::bigint as n from sim_audit`)).rows[0].n);
  const size = base + added;
  // Level L+1 gains the parents of every complete pair at level L from the first pair touching the new leaves.
  for (let level = 0; 2 ** (level + 1) <= size; level++) {
    const from = Math.floor(base / 2 ** (level + 1)) * 2;
    await client.query(`
      insert into audit_nodes (level, idx, hash)
      select ${level + 1}, l.idx / 2, sha256('\\x01'::bytea || l.hash || r.hash)
      from audit_nodes l join audit_nodes r on r.level = ${level} and r.idx = l.idx + 1
      where l.level = ${level} and l.idx % 2 = 0 and l.idx >= ${from}
      on conflict (level, idx) do nothing`);
  }
  const [root] = await log.rangeHashes([[0, size]]);
  await client.query(`update audit_tree set size = $1, root = $2, updated_at = now()`, [size, root]);
  await client.query(`drop table sim_audit`);
  return added;
}
