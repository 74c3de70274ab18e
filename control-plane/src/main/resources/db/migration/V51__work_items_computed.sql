-- Work items are computed from a run's layout (WorkItemLayout) wherever they are needed: a seq
-- says its chain and row. The table held nothing else, and filling it cost a 100,000-row run most
-- of a second before its first request.
drop table work_items;
