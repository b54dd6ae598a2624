-- 文书 (issue 15): the sealed PDF the platform issues at each event that calls for one — 受理回执,
-- 补正告知书, 不予受理决定书, 准予/不予许可决定书. One per case and kind (a redelivered event finds it);
-- the 文号 comes from the per-department sequence in case_number_counters (prefix `doc:<department id>:<year>`).
create table case_documents (
  id            uuid primary key default gen_random_uuid(),
  case_id       uuid not null references cases (id),
  kind          text not null,
  number        text not null unique,
  department_id uuid not null,
  seal_id       uuid not null,
  file_id       uuid not null references stored_files (id),
  sha256        text not null,
  issued_at     timestamptz not null,
  constraint case_documents_kind check (kind in ('acceptance_receipt', 'supplement_notice', 'refusal_decision', 'approval_decision', 'denial_decision')),
  constraint case_documents_sha256_format check (sha256 ~ '^[0-9a-f]{64}$'),
  constraint case_documents_one_per_kind unique (case_id, kind)
);
