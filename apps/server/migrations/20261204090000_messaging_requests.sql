-- 12345 request threads (issue 18): the staff handling a hotline request discuss it in its own thread, like a
-- case's 会商 thread. key = request:<request id>; its department is the request's current one, copied for
-- listing — access is re-checked against the request on every read (a reassigned request's thread follows it).
alter table messaging_threads add column request_id uuid;
alter table messaging_threads add column request_number text;
alter table messaging_threads drop constraint messaging_threads_kind;
alter table messaging_threads add constraint messaging_threads_kind check (kind in ('case', 'department', 'direct', 'request'));
alter table messaging_threads drop constraint messaging_threads_shape;
alter table messaging_threads add constraint messaging_threads_shape check (
  (kind = 'case' and case_id is not null and request_id is null)
  or (kind = 'request' and request_id is not null and case_id is null)
  or (kind = 'department' and case_id is null and request_id is null and cardinality(department_ids) = 1)
  or (kind = 'direct' and case_id is null and request_id is null and cardinality(member_ids) = 2)
);
