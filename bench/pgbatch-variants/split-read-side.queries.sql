-- The queries src/cases/repo.ts makes, timed on whichever `cases` the search_path names (included
-- twice by split-read-side.sql: the table as it is, then the view over the split).
select 'Q1 list'; explain analyze select * from cases order by reported_at desc, id desc limit 20 offset 40;
select 'Q2 status'; explain analyze select * from cases where status = 'dispatched' order by reported_at desc, id desc limit 20;
select 'Q3 count open capped'; explain analyze select count(*) from (select 1 from cases where status in ('reported','filed','dispatched','suspended','handled','verifying') limit 10001) m;
select 'Q4 district+status'; explain analyze select * from cases where status = 'dispatched' and district_code = '350201' order by reported_at desc, id desc limit 20;
select 'Q5 worklist role'; explain analyze select * from cases where awaiting_role = 'dispatcher' and due_at is not null order by due_at, reported_at limit 50;
select 'Q5b worklist role district'; explain analyze select * from cases where awaiting_role = 'dispatcher' and district_code = '350203' and due_at is not null order by due_at, reported_at limit 50;
select 'Q6 unit work'; explain analyze select * from cases where awaiting_role = 'handler' and current_unit_id = 'unit5' and due_at is not null order by due_at, reported_at limit 50;
select 'Q7 sweep'; explain analyze select * from cases where light = 'green' and warn_at is not null and warn_at <= 1772100000000 order by warn_at limit 500;
select 'Q8 map open'; explain analyze select id, code, status, light, category_code, lon, lat, h3, district_code, reported_at from cases where status in ('reported','filed','dispatched','suspended','handled','verifying') order by reported_at desc, id desc limit 50000;
select 'Q8b map count'; explain analyze select count(*) from cases where status in ('reported','filed','dispatched','suspended','handled','verifying');
select 'Q9 district count'; explain analyze select count(*) from cases where district_code = '350203';
select 'Q10 by code'; explain analyze select * from cases where code = 'X12345';
select 'Q11 attention'; explain analyze select * from cases where status in ('reported','filed','dispatched','suspended','handled','verifying') and (light = 'red' or supervision_open = 1) order by reported_at desc, id desc limit 20;
select 'Q12 status district count'; explain analyze select count(*) from (select 1 from cases where status = 'dispatched' and district_code = '350201' limit 10001) m;
