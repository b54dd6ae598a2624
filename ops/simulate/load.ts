import type pg from "pg";
import type { Volumes } from "./model.js";

/**
 * A year of synthetic load in bulk SQL (generate_series, INSERT … SELECT): no HTTP, no per-row round trip,
 * so a year at 1 % of a city loads in minutes. Every row respects the real schema (constraints, foreign
 * keys, append-only triggers: rows are only inserted). Ids are md5-derived UUIDs of a running number, so a
 * later statement finds a row without a join ('citizen' || k → the k-th citizen).
 *
 * What is synthetic, and how it differs from the real thing: encrypted columns (form data, phone numbers,
 * ID numbers) hold random-looking bytes of the real length that no key opens; blind indexes are SHA-256 of a
 * counter, not HMACs; case workflows are the catalog's (synthetic items from `seedSyntheticItems`), walked
 * in the order the workflow engine walks them, but no rule of the engine ran.
 */

/** A statement and what it loads, for the progress log. */
interface Step {
  name: string;
  sql: string;
}

const ts = (d: Date) => `'${d.toISOString()}'::timestamptz`;

/**
 * Incompressible bytes of a given length from a seed expression (a chain of SHA-256s), like the ciphertext
 * they stand for: a repeated pattern would be compressed by PostgreSQL and understate the row.
 */
const bytes = (seed: string, n: number) =>
  `substring(${Array.from({ length: Math.ceil(n / 32) }, (_, i) => `sha256((${seed} || '.${i}')::bytea)`).join(" || ")} from 1 for ${n})`;

export function loadSteps(v: Volumes, forms: { person: string; enterprise: string }): Step[] {
  const start = ts(v.start);
  const end = ts(new Date(v.start.getTime() + v.days * 86_400_000));
  const nCases = v.casesPerDay * v.days;
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return [
    {
      name: "staff accounts",
      sql: `
        insert into accounts (id, kind, username, display_name, department_id, password_hash, created_at, updated_at)
        select md5('staff' || d.key || '-' || k)::uuid, 'staff', 'sim' || k || '.' || left(md5(d.key), 8),
          '模拟工作人员' || k, d.id, 'synthetic', ${start} - interval '400 days', ${start} - interval '400 days'
        from departments d, generate_series(1::bigint, ${v.staffPerDepartment}) k where d.key <> 'platform';
        insert into staff_roles (account_id, role, granted_by)
        select md5('staff' || d.key || '-' || k)::uuid, r, 'system:simulation'
        from departments d, generate_series(1::bigint, ${v.staffPerDepartment}) k, unnest(array['window_clerk', 'approver']) r
        where d.key <> 'platform';
        create temp table sim_depts as
          select row_number() over (order by key) as n, id, key, name, region_code from departments where key <> 'platform';`,
    },
    {
      name: "citizen accounts",
      // 60 % verified against the population registry (L2): real name and ID number set.
      sql: `
        insert into accounts (id, kind, display_name, real_name, phone_enc, phone_bidx, id_number_enc, id_number_bidx,
          realname_level, realname_verified_at, realname_method, created_at, updated_at)
        select md5('citizen' || k)::uuid, 'citizen', '居民' || k,
          case when k % 5 < 3 then '模拟居民' || k end,
          ${bytes("'phone' || k", 39)}, sha256(('phone' || k)::bytea),
          case when k % 5 < 3 then ${bytes("'idno' || k", 46)} end,
          case when k % 5 < 3 then sha256(('idno' || k)::bytea) end,
          case when k % 5 < 3 then 2 else 1 end,
          case when k % 5 < 3 then ${start} - interval '300 days' end,
          case when k % 5 < 3 then 'registry' end,
          ${start} - (k % 900) * interval '1 day', ${start} - (k % 900) * interval '1 day'
        from generate_series(1::bigint, ${v.citizens}) k;`,
    },
    {
      name: "enterprises",
      sql: `
        insert into enterprises (id, uscc, name, legal_rep_account_id, created_at, updated_at)
        select md5('enterprise' || k)::uuid, 'Y9990100' || lpad(k::text, 10, '0'), '示例市模拟企业' || k || '有限公司',
          md5('citizen' || (1 + (k * 7919) % ${v.citizens}))::uuid, ${start} - interval '200 days', ${start} - interval '200 days'
        from generate_series(1::bigint, ${v.enterprises}) k;`,
    },
    {
      name: "item snapshot table",
      sql: `
        create temp table sim_items as
        select row_number() over (order by i.code) as n, v.code, v.version, v.name, i.audience, i.dept,
          d.id as dept_id, d.name as dept_name, d.region_code, coalesce((v.content->>'promiseDays')::int, 0) as promise_days,
          jsonb_build_object('lead', jsonb_build_object('key', i.dept, 'id', d.id, 'name', d.name), 'steps', v.content->'steps') as steps,
          v.content->'materials' as materials, jsonb_array_length(v.content->'materials') as n_materials,
          case when coalesce((v.content->>'promiseDays')::int, 0) = 0 then 1 else 3 end as n_tasks
        from catalog_items i
        join catalog_item_versions v on v.code = i.code and v.version = i.published_version
        join departments d on d.key = i.dept
        where i.status = 'published';
        create unique index on sim_items (n);
        analyze sim_items;`,
    },
    {
      name: "case plan",
      // One row per case: who, which item (skewed: a few items take most cases), when, and how it ends.
      // Working hours 08:30–18:00; a case is decided within 20–100 % of its promised days (calendar
      // days × 1.4 for weekends), an immediate item within the hour. 5 % stay drafts, 2 % are withdrawn.
      sql: `
        create temp table sim_cases as
        with s as (
          select g, ((g - 1) / ${v.casesPerDay})::int as day,
            1 + floor((select count(*) from sim_items) * power(random(), 2.5))::int as item_n,
            random() as r_who, random() as r_status, random() as r_time, random() as r_handle, random() as r_staff,
            random() as r_channel
          from generate_series(1::bigint, ${nCases}) g
        ), t as (
          select s.*, it.promise_days, it.audience, it.n_tasks, it.dept, it.dept_id,
            date_trunc('milliseconds', ${start} + s.day * interval '1 day' + interval '30 minutes' + s.r_time * interval '9.5 hours'
              - interval '8 hours') as created_at,
            (it.audience = 'legal_person' or (it.audience = 'any' and s.r_who < 0.3)) as for_enterprise
          from s join sim_items it on it.n = s.item_n
        )
        select g, md5('case' || g)::uuid as id, item_n, day, created_at, dept, dept_id, n_tasks,
          case when for_enterprise then 1 + floor(${v.enterprises} * power(r_who, 1.5))::int end as ent_k,
          case when for_enterprise then 1 + ((1 + floor(${v.enterprises} * power(r_who, 1.5))::bigint) * 7919) % ${v.citizens}
               else 1 + floor(${v.citizens} * r_who)::int end as citizen_k,
          1 + floor(r_staff * ${v.staffPerDepartment})::int as staff_k,
          case when r_status < 0.05 then 'draft' when r_status < 0.07 then 'withdrawn'
               when r_status < 0.0735 then 'denied' else 'approved' end as fate,
          case when r_channel < 0.2 then 'window' else 'online' end as channel,
          case when r_status < 0.05 then null else created_at + interval '10 minutes' end as submitted_at,
          case when promise_days = 0 then created_at + interval '10 minutes' + r_handle * interval '50 minutes'
               else date_trunc('milliseconds', created_at + interval '10 minutes'
                 + promise_days * 1.4 * (0.2 + 0.8 * r_handle) * interval '1 day') end as decided_at,
          (created_at + interval '10 minutes')::date + ceil(promise_days * 1.4)::int as deadline_date
        from t;
        analyze sim_cases;`,
    },
    {
      name: "cases",
      sql: `
        insert into cases (id, number, item_code, item_version, item_name, audience, lead_dept, dept_ids, region_code,
          steps, materials_spec, form, promise_days, applicant_account_id, applicant_name, enterprise_id, enterprise_uscc,
          enterprise_name, form_data_enc, status, current_step, submitted_at, accepted_at, decided_at, delivered_at,
          outcome, decided_by, decision_reason, deadline_date, version, created_at, updated_at)
        select c.id,
          case when c.fate <> 'draft' then '990100-' || to_char(c.created_at, 'YYYYMMDD') || '-' || lpad(c.g::text, 9, '0') end,
          it.code, it.version, it.name, it.audience, it.dept, array[it.dept_id], it.region_code,
          it.steps, it.materials, case when c.ent_k is null then ${q(forms.person)}::jsonb else ${q(forms.enterprise)}::jsonb end,
          it.promise_days, md5('citizen' || c.citizen_k)::uuid, '模拟居民' || c.citizen_k,
          md5('enterprise' || c.ent_k)::uuid, 'Y9990100' || lpad(c.ent_k::text, 10, '0'),
          '示例市模拟企业' || c.ent_k || '有限公司',
          ${bytes("'form' || c.g", 420)},
          case when c.fate in ('draft', 'withdrawn') then c.fate
               when c.decided_at >= ${end} then 'in_review'
               when c.fate = 'denied' then 'denied' else 'delivered' end,
          case when c.fate in ('draft', 'withdrawn') then null when c.decided_at >= ${end} then 2 end,
          c.submitted_at,
          case when c.fate not in ('draft', 'withdrawn') then c.submitted_at + interval '1 hour' end,
          case when c.fate not in ('draft', 'withdrawn') and c.decided_at < ${end} then c.decided_at end,
          case when c.fate = 'approved' and c.decided_at < ${end} then c.decided_at + interval '1 hour' end,
          case when c.fate in ('approved', 'denied') and c.decided_at < ${end} then c.fate end,
          case when c.fate in ('approved', 'denied') and c.decided_at < ${end} then '模拟工作人员' || c.staff_k end,
          case when c.fate = 'denied' and c.decided_at < ${end} then '申请材料不符合法定形式' end,
          case when c.fate not in ('draft', 'withdrawn') then c.deadline_date end,
          case when c.fate = 'draft' then 1 else 2 + 2 * c.n_tasks end,
          c.created_at, coalesce(least(c.decided_at, ${end}), c.created_at)
        from sim_cases c join sim_items it on it.n = c.item_n
        where c.created_at < ${end};`,
    },
    {
      name: "case tasks",
      // Task i of n runs from submitted + (decided − submitted)·(i−1)/n to i/n; the one running at the end of
      // the year is open (claimed), later ones do not exist yet.
      sql: `
        insert into case_tasks (id, case_id, step, branch, stage, dept, dept_id, dept_name, status, claimed_by,
          claimed_by_name, claimed_at, outcome, completed_by, completed_by_name, completed_at, created_at)
        select md5('task' || c.g || '-' || i)::uuid, c.id, i, 0,
          case when c.n_tasks = 1 then 'decide' else (array['accept', 'review', 'decide'])[i] end,
          c.dept, c.dept_id, d.name,
          case when t_end < ${end} then 'done' else 'open' end,
          md5('staff' || c.dept || '-' || c.staff_k)::uuid, '模拟工作人员' || c.staff_k, t_start + interval '5 minutes',
          case when t_end < ${end} then (case when i = c.n_tasks and c.fate = 'denied' then 'denied' else 'approved' end) end,
          case when t_end < ${end} then md5('staff' || c.dept || '-' || c.staff_k)::uuid end,
          case when t_end < ${end} then '模拟工作人员' || c.staff_k end,
          case when t_end < ${end} then t_end end,
          t_start
        from sim_cases c join sim_depts d on d.id = c.dept_id,
          generate_series(1, c.n_tasks) i,
          lateral (select date_trunc('milliseconds', c.submitted_at + (c.decided_at - c.submitted_at) * (i - 1) / c.n_tasks) as t_start,
                          date_trunc('milliseconds', c.submitted_at + (c.decided_at - c.submitted_at) * i / c.n_tasks) as t_end) w
        where c.fate not in ('draft', 'withdrawn') and c.created_at < ${end} and t_start < ${end};`,
    },
    {
      name: "case actions",
      // seq: created 1, submitted 2, task i claimed 2i+1 and completed 2i+2, delivered 2n+3 (withdrawn 3).
      sql: `
        insert into case_actions (case_id, seq, type, actor_kind, actor_id, actor_name, at, payload)
        select c.id, 1, 'created', 'citizen', md5('citizen' || c.citizen_k)::text, '模拟居民' || c.citizen_k, c.created_at, '{}'::jsonb
        from sim_cases c where c.created_at < ${end}
        union all
        select c.id, 2, 'submitted', case when c.channel = 'window' then 'staff' else 'citizen' end,
          case when c.channel = 'window' then md5('staff' || c.dept || '-' || c.staff_k)::text else md5('citizen' || c.citizen_k)::text end,
          '模拟居民' || c.citizen_k, c.submitted_at, '{}'
        from sim_cases c where c.fate <> 'draft' and c.created_at < ${end}
        union all
        select c.id, 3, 'withdrawn', 'citizen', md5('citizen' || c.citizen_k)::text, '模拟居民' || c.citizen_k,
          c.submitted_at + interval '2 hours', '{}'
        from sim_cases c where c.fate = 'withdrawn' and c.submitted_at + interval '2 hours' < ${end}
        union all
        select t.case_id, 2 * t.step + k, case when k = 1 then 'claimed'
            else (case t.stage when 'accept' then 'accepted' when 'review' then 'review_passed' else t.outcome end) end,
          'staff', t.claimed_by::text, t.claimed_by_name, case when k = 1 then t.claimed_at else t.completed_at end,
          case when k = 1 then '{}'::jsonb else jsonb_build_object('taskId', t.id) end
        from case_tasks t, generate_series(1, 2) k where k = 1 or t.status = 'done'
        union all
        select c.id, 2 * c.n_tasks + 3, 'delivered', 'staff', md5('staff' || c.dept || '-' || c.staff_k)::text,
          '模拟工作人员' || c.staff_k, c.decided_at + interval '1 hour', '{}'
        from sim_cases c where c.fate = 'approved' and c.decided_at < ${end};`,
    },
    {
      name: "case materials",
      sql: `
        insert into case_materials (id, case_id, material, kind, file_id, file_name, content_type, size, sha256, added_by, added_at)
        select md5('material' || c.g || '-' || m)::uuid, c.id, it.materials->(m - 1)->>'name', 'file',
          md5('file' || c.g || '-' || m)::uuid, (it.materials->(m - 1)->>'name') || '.pdf', 'application/pdf',
          50000 + (c.g * 7 + m * 13) % 2000000, encode(sha256(('file' || c.g || '-' || m)::bytea), 'hex'),
          'citizen:' || md5('citizen' || c.citizen_k)::uuid, c.created_at + m * interval '1 minute'
        from sim_cases c join sim_items it on it.n = c.item_n, generate_series(1, it.n_materials) m
        where c.created_at < ${end};`,
    },
    {
      name: "personal-data reads",
      // Every staff read of a case's form data is recorded (identity/personal-data.ts): one per task here.
      sql: `
        insert into pii_access_log (actor, account_id, subject, field, reason, created_at)
        select 'staff:' || t.claimed_by, c.applicant_account_id, 'account:' || c.applicant_account_id, 'case_form',
          'case:' || c.number, t.claimed_at
        from case_tasks t join cases c on c.id = t.case_id;`,
    },
    {
      name: "exchange calls",
      // Cross-department lookups (population, business registry, provider APIs) while a case is handled.
      sql: `
        insert into exchange_calls (id, at, client_id, consumer_department_id, resource_code, purpose, query_pattern,
          query_hmac, record_count, response_sha256, latency_ms, outcome, request_id)
        select md5('call' || c.g || '-' || k)::uuid,
          date_trunc('milliseconds', c.submitted_at + interval '1 hour' + k * interval '3 minutes'),
          'dept:' || c.dept, c.dept_id, r.codes[(1 + (c.g + k) % array_length(r.codes, 1))::int], '办件 ' || c.g,
          'idNumber', encode(sha256(('q' || c.g || k)::bytea), 'hex'), 1,
          encode(sha256(('r' || c.g || k)::bytea), 'hex'), 5 + (c.g * 31 + k * 17) % 180,
          case when (c.g + k) % 50 = 0 then 'EXCHANGE_UPSTREAM_TIMEOUT' else 'ok' end, 'sim-' || c.g || '-' || k
        from sim_cases c, generate_series(1::bigint, ${v.exchangeCallsPerCase}) k,
          (select array_agg(code order by code) as codes from exchange_resources) r
        where c.fate not in ('draft', 'withdrawn')
          and c.submitted_at + interval '1 hour' + k * interval '3 minutes' < ${end};`,
    },
    {
      name: "hotline requests",
      sql: `
        create temp table sim_hotline as
        select g, md5('hotline' || g)::uuid as id,
          date_trunc('milliseconds', ${start} + ((g - 1) / ${v.hotlinePerDay}) * interval '1 day'
            + random() * interval '24 hours') as created_at,
          random() as r, (select id from sim_depts where n = 1 + (g % (select count(*) from sim_depts))) as dept_id
        from generate_series(1::bigint, ${v.hotlinePerDay * v.days}) g;
        insert into hotline_requests (id, number, kind, channel, status, category_code, description, address, district_code,
          urgent, anonymous, confidential, caller_account_id, department_id, limit_unit, limit_value, assigned_at,
          deadline_at, answer, answered_at, callback_resolved, callback_satisfied, callback_at, created_at, updated_at,
          version, caller_name_enc, caller_phone_enc)
        select h.id, 'RX' || to_char(h.created_at, 'YYYYMMDD') || lpad(h.g::text, 8, '0'),
          (array['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'])[1 + floor(h.r * 6)::int],
          case when h.r < 0.7 then 'phone' else 'web' end,
          case when h.created_at + interval '5 days' < ${end} then 'closed'
               when h.created_at + interval '2 days' < ${end} then 'answered' else 'assigned' end,
          'C' || lpad((1 + floor(h.r * 40))::text, 2, '0'),
          '市民反映：小区门口道路破损，雨天积水严重，出行不便，请有关部门尽快处理。（模拟工单 ' || h.g || '）',
          '示例市示例区示例路 ' || (h.g % 999) || ' 号', '9901' || lpad((1 + h.g % 10)::text, 2, '0'),
          false, false, false,
          case when h.r >= 0.7 then md5('citizen' || (1 + h.g % ${v.citizens}))::uuid end,
          h.dept_id, 'days', 5, h.created_at + interval '30 minutes', h.created_at + interval '5 days',
          case when h.created_at + interval '2 days' < ${end} then '已安排施工队修复，感谢您的反映。' end,
          case when h.created_at + interval '2 days' < ${end} then h.created_at + interval '2 days' end,
          case when h.created_at + interval '5 days' < ${end} then true end,
          case when h.created_at + interval '5 days' < ${end} then h.r < 0.9 end,
          case when h.created_at + interval '5 days' < ${end} then h.created_at + interval '3 days' end,
          h.created_at, least(h.created_at + interval '3 days', ${end}), 4,
          ${bytes("'hn' || h.g", 40)}, ${bytes("'hp' || h.g", 39)}
        from sim_hotline h where h.created_at < ${end};
        insert into hotline_actions (request_id, type, actor, actor_name, at)
        select h.id, a.type, 'system:simulation', '12345 热线', h.created_at + a.after
        from sim_hotline h, (values ('created', interval '0'), ('assigned', interval '30 minutes'),
          ('answered', interval '2 days'), ('callback', interval '3 days')) a(type, after)
        where h.created_at + a.after < ${end};`,
    },
    {
      name: "evaluations",
      // Every delivered case invites its applicant to 好差评; 30 % answer, mostly 非常满意.
      sql: `
        insert into evaluation_invitations (id, subject_kind, subject_id, subject_label, account_id, invitee_name_masked,
          department_id, department_name, item_code, item_name, indicator_set_id, created_at, expires_at)
        select md5('invitation' || c.id)::uuid, 'case', c.id::text, c.number, c.applicant_account_id, '模**',
          c.dept_ids[1], d.name, c.item_code, c.item_name, 'online-v1', c.delivered_at, c.delivered_at + interval '15 days'
        from cases c join sim_depts d on d.key = c.lead_dept where c.status = 'delivered';
        insert into evaluations (id, invitation_id, kind, level, scores, tags, text, channel, department_id,
          department_name, item_code, item_name, month, created_at)
        select md5('evaluation' || i.id)::uuid, i.id, 'initial',
          case when i.r < 0.8 then 5 when i.r < 0.93 then 4 when i.r < 0.97 then 3 when i.r < 0.99 then 2 else 1 end,
          '{"overall": 5}', '{}', '', 'mobile', i.department_id, i.department_name, i.item_code, i.item_name,
          to_char(i.created_at + interval '1 day', 'YYYY-MM'), i.created_at + interval '1 day'
        from (select e.*, random() as r, random() as take from evaluation_invitations e) i
        where i.take < ${v.evaluationShare} and i.created_at + interval '1 day' < ${end};`,
    },
    {
      name: "indicator facts",
      // One fact per filed case, as indicators' case subscriber writes it (cases/measures-source.ts `fact`).
      sql: `
        insert into indicator_case_facts (case_id, number, item_code, item_name, department_id, region_code, channel, day,
          status, submitted_at, decided_at, deadline_date, volume, online, decided, immediate, overdue, open,
          elapsed_minutes, promised_days, updated_at)
        select c.id, c.number, c.item_code, c.item_name, c.dept_ids[1]::text, c.region_code, s.channel,
          (c.submitted_at at time zone 'Asia/Shanghai')::date, c.status, c.submitted_at, c.decided_at, c.deadline_date,
          1, (s.channel = 'online')::int, (c.decided_at is not null)::int,
          (c.decided_at is not null and (c.decided_at at time zone 'Asia/Shanghai')::date = (c.submitted_at at time zone 'Asia/Shanghai')::date)::int,
          (c.decided_at is not null and (c.decided_at at time zone 'Asia/Shanghai')::date > c.deadline_date)::int,
          (c.status in ('submitted', 'accepted', 'in_review', 'supplement_requested', 'suspended'))::int,
          case when c.decided_at is not null then floor(extract(epoch from (c.decided_at - c.submitted_at)) / 60)::bigint else 0 end,
          case when c.decided_at is not null then c.promise_days else 0 end, c.updated_at
        from cases c join sim_cases s on s.id = c.id
        where c.submitted_at is not null and c.status not in ('draft', 'queued', 'cancelled');
        insert into indicator_case_rollups (day, department_id, region_code, item_code, channel, volume, online, decided,
          immediate, overdue, open, elapsed_minutes, promised_days, updated_at)
        select day, department_id, region_code, item_code, channel, sum(volume), sum(online), sum(decided), sum(immediate),
          sum(overdue), sum(open), sum(elapsed_minutes), sum(promised_days), max(updated_at)
        from indicator_case_facts group by 1, 2, 3, 4, 5;`,
    },
  ];
}

export async function runSteps(client: pg.Client, steps: Step[], log: (line: string) => void): Promise<void> {
  for (const s of steps) {
    const t0 = performance.now();
    await client.query(s.sql);
    log(`  ${s.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}
