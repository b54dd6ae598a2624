-- The audit log is append-only in the database as well as in the code (GB/T 22239 level 3, 安全审计: audit
-- records are protected from deletion, change and overwriting). An UPDATE, DELETE or TRUNCATE of the log's
-- entries, leaf and subtree hashes or signed tree heads is refused for every role that has not first changed
-- the schema (disabling the trigger is DDL, itself visible in the database's own logs), and whatever gets
-- past that is caught by `yiwang audit verify`: the hashes, the signed heads and the search columns no
-- longer agree with the entries. audit_tree (the running size and root), audit_queue (drained by the
-- sequencer) and audit_keys (retired on rotation) change by design and are not covered.
create function audit_refuse_change() returns trigger
  language plpgsql as $$
begin
  raise exception 'the audit log is append-only: % on % refused', tg_op, tg_table_name
    using errcode = '42501'; -- insufficient_privilege
end
$$;

create trigger audit_entries_append_only before update or delete on audit_entries
  for each row execute function audit_refuse_change();
create trigger audit_entries_no_truncate before truncate on audit_entries
  for each statement execute function audit_refuse_change();
create trigger audit_nodes_append_only before update or delete on audit_nodes
  for each row execute function audit_refuse_change();
create trigger audit_nodes_no_truncate before truncate on audit_nodes
  for each statement execute function audit_refuse_change();
create trigger audit_tree_heads_append_only before update or delete on audit_tree_heads
  for each row execute function audit_refuse_change();
create trigger audit_tree_heads_no_truncate before truncate on audit_tree_heads
  for each statement execute function audit_refuse_change();
