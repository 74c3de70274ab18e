-- Why a partition failed, in a line, so that a run in ERROR can say why.
alter table run_partitions add column error text;
