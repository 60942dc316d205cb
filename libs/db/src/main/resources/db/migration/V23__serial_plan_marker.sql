-- Reads at 1M conversations (issue 12), third step: the analytics statements without a transaction around them.
--
-- The dashboard's analytics statements read a few thousand rollup rows; the planner still planned parallel workers
-- for some (the all-environments summary's message arm), and starting them cost more than the whole statement
-- serially while competing with the other readers for the same cores. dashboard-api therefore ran each statement in a
-- transaction after SET LOCAL max_parallel_workers_per_gather = 0: four round trips (begin, set, statement, commit)
-- instead of one. A statement that references a PARALLEL UNSAFE function is never planned with workers, and the
-- planner checks that over the whole statement before it drops an unreferenced CTE, so dashboard-api now prefixes
-- its rollup statements with `with serial_plan as (select sensei_private.serial_plan())`: one round trip, nothing
-- executed, no parallel plan. Measured at 1M conversations, 8 clients, 10 s per endpoint (make bench-reads; runs vary by
-- +-15 % on this box): summary 30d P95 57.9 ms before, 55.3 / 41.5 / 58.0 ms in three runs after; health distribution
-- 7d 17.6 -> 14.0 ms, failure trends 7d 27.4 -> 17.3 ms; no Gather left in any plan. PL/pgSQL so that it is never inlined.
create or replace function sensei_private.serial_plan() returns boolean
    language plpgsql stable parallel unsafe
as $$
begin
    return true;
end
$$;
