-- Flyway SQL callback: runs after every successful migrate, so a table a later migration adds gets row level security
-- and loses any Data API grant before a service serves traffic (see V7__data_api_lockdown.sql). The guard keeps it a
-- no-op on a database a migrate left before V7.
do $$
begin
    if to_regprocedure('sensei_private.lock_down_data_api()') is not null then
        perform sensei_private.lock_down_data_api();
    end if;
end
$$;
