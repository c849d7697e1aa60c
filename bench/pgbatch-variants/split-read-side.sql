-- The split of cases (split-moving-row.*), its READ side (session 14, docs/benchmarks.md "Session 14").
-- On an empty database migrated by `DATABASE_URL=postgres://…/DB node bin/cityloop.js migrate`
-- (schema of migration 0248), run: psql -h 127.0.0.1 -U postgres DB -f bench/pgbatch-variants/split-read-side.sql
-- It loads 200 000 synthetic cases into public.cases, copies them into schema split as case_records
-- (fixed part) + case_state (moving part) behind a view split.cases joined on id, and prints the
-- execution time of the queries src/cases/repo.ts makes, first on public, then on split.
-- Joined also on reported_at (`and m.reported_at = f.reported_at`), the planner expects one row
-- from every join: the 449 ms list of the docs.
\set ON_ERROR_STOP on
\pset pager off
insert into cases (id, code, status, phase, version, last_hash, awaiting_role, source, category_code, category_name, urgency, description, address, lon, lat, h3, grid_code, community_code, street_code, district_code, place_names, reporter_id, photos, reported_at, updated_at, light, current_unit_id, current_unit_code, current_unit_name, due_at, warn_at, closed_at, idempotency_key)
select 'c' || g, 'X' || g,
  s.status, 'p', 8, '\x00'::bytea, case when s.status in ('closed','cancelled') then null else (array['operator','shift_lead','dispatcher','handler','inspector'])[1 + g % 5] end,
  (array['inspector','citizen','hotline','video'])[1 + g % 4], 'E0' || (100 + g % 40), '类' || (g % 40), 'normal', '描述' || g, '地址' || g,
  118 + random()*0.3, 24.4 + random()*0.2, 'h3x' || (g % 5000), 'G' || (g % 5415), 'C' || (g % 400), '3502' || lpad((g % 38)::text, 4, '0'), '35020' || (g % 6),
  '{}', 'u' || (g % 300), '[]'::jsonb, 1772000000000 + g * 60000::bigint, 1772000000000 + g * 60000::bigint,
  case when g % 11 = 0 then 'red' when g % 7 = 0 then 'yellow' else 'green' end,
  case when s.status in ('dispatched','handled') then 'unit' || (g % 200) end, null, null,
  case when s.status not in ('closed','cancelled') then 1772000000000 + g * 60000::bigint + 86400000 end,
  case when s.status not in ('closed','cancelled') then 1772000000000 + g * 60000::bigint + 43200000 end,
  case when s.status = 'closed' then 1772000000000 + g * 60000::bigint + 86400000 end, null
from generate_series(1, 200000) g cross join lateral (select case when g % 10 = 0 then (array['reported','filed','dispatched','handled','verifying','suspended'])[1 + (g/10) % 6] when g % 37 = 0 then 'cancelled' else 'closed' end as status) s;
analyze cases;
create schema split;
create table split.case_records as select id, case_no, code, source, external_ref, idempotency_key, category_code, category_name, urgency, description, address, lon, lat, h3, grid_code, community_code, street_code, district_code, place_names, reporter_id, photos, reported_at from public.cases;
create table split.case_state as select id, case_no, reported_at, status, phase, version, last_hash, awaiting_role, filed_at, closed_at, updated_at, item_id, item_no, filing_condition, time_limits, current_unit_id, current_unit_code, current_unit_name, stage, stage_cycle, stage_started_at, stage_limit_value, stage_limit_unit, stage_segment_start, stage_consumed, warn_at, due_at, light, suspended_at, suspended_ms, pending, check_confirmed, urge_count, supervised, supervision_level, supervision_open, supervisor_id, dispatch_count, rework_count, return_count, merged_into from public.cases;
alter table split.case_records add primary key (id);
alter table split.case_state add primary key (id);
create unique index on split.case_records (case_no);
create unique index on split.case_records (code);
create index on split.case_records (district_code, reported_at);
create index on split.case_records (category_code, reported_at);
create index on split.case_records (reported_at, id);
create index on split.case_records (reporter_id, reported_at);
create index on split.case_records (street_code, reported_at);
create index on split.case_state (current_unit_id) where current_unit_id is not null;
create index on split.case_state (status, reported_at);
create index on split.case_state (due_at) where light <> 'red' and due_at is not null;
create index on split.case_state (warn_at) where light = 'green' and warn_at is not null;
create index on split.case_state (current_unit_id, awaiting_role, due_at, reported_at) where awaiting_role is not null;
create index on split.case_state (awaiting_role, due_at, reported_at) where awaiting_role is not null;
create view split.cases as select f.id, f.code, m.status, m.phase, m.version, m.last_hash, m.awaiting_role, f.source, f.external_ref, f.idempotency_key, f.category_code, f.category_name, f.urgency, f.description, f.address, f.lon, f.lat, f.h3, f.grid_code, f.community_code, f.street_code, f.district_code, f.place_names, f.reporter_id, f.photos, f.reported_at, m.filed_at, m.closed_at, m.updated_at, m.item_id, m.item_no, m.filing_condition, m.time_limits, m.current_unit_id, m.current_unit_code, m.current_unit_name, m.stage, m.stage_cycle, m.stage_started_at, m.stage_limit_value, m.stage_limit_unit, m.stage_segment_start, m.stage_consumed, m.warn_at, m.due_at, m.light, m.suspended_at, m.suspended_ms, m.pending, m.check_confirmed, m.urge_count, m.supervised, m.supervision_level, m.supervision_open, m.supervisor_id, m.dispatch_count, m.rework_count, m.return_count, m.merged_into, f.case_no
  from split.case_records f join split.case_state m on m.id = f.id;
analyze split.case_records; analyze split.case_state;
\echo '== public.cases (as it is)'
set search_path = public;
\ir split-read-side.queries.sql
\echo '== split.cases (the view)'
set search_path = split;
\ir split-read-side.queries.sql
