-- 12345 complaints about an enterprise (信用记录: 12345 投诉次数): the request may name the enterprise by its
-- 统一社会信用代码; the credit summary counts complaints by it over a window (hotline/complaints.ts).
alter table hotline_requests add column subject_uscc text;
create index hotline_requests_subject_idx on hotline_requests (subject_uscc, created_at)
  where subject_uscc is not null;
