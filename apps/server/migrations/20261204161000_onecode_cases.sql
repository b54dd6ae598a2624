-- 亮码办事: the holder may also let the window see all their cases in progress for this visit (show_cases);
-- without it the window sees only the cases its own department takes part in.
alter table onecode_scans add column show_cases boolean not null default false;
