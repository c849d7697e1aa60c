-- cases.pgbatch variant (session 13): the moving part of cases (40 of 58 columns) in a row of its own,
-- carrying the 7 indexes on moving columns; run with split-moving-row.statement.sql. Schema of migration 0248.
create table case_state as select id, case_no, status, phase, version, last_hash, awaiting_role, reported_at, district_code, filed_at, closed_at, updated_at, item_id, item_no, filing_condition, time_limits, current_unit_id, current_unit_code, current_unit_name, stage, stage_cycle, stage_started_at, stage_limit_value, stage_limit_unit, stage_segment_start, stage_consumed, warn_at, due_at, light, suspended_at, suspended_ms, pending, check_confirmed, urge_count, supervised, supervision_level, supervision_open, supervisor_id, dispatch_count, rework_count, return_count, merged_into from cases;
alter table case_state add primary key (id);
create index case_state_current_unit_idx on case_state (current_unit_id) where current_unit_id is not null;
create index case_state_district_status_idx on case_state (district_code, status);
create index case_state_status_idx on case_state (status, reported_at);
create index case_state_sweep_due_idx on case_state (due_at) where light <> 'red' and due_at is not null;
create index case_state_sweep_warn_idx on case_state (warn_at) where light = 'green' and warn_at is not null;
create index case_state_unit_work_idx on case_state (current_unit_id, awaiting_role, due_at, reported_at) where awaiting_role is not null;
create index case_state_work_idx on case_state (awaiting_role, due_at, reported_at) where awaiting_role is not null;
drop index cases_current_unit_idx, cases_district_status_idx, cases_status_idx, cases_sweep_due_idx, cases_sweep_warn_idx, cases_unit_work_idx, cases_work_idx;
