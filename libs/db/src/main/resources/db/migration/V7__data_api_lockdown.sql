-- Supabase publishes every table of `public` through its Data API (PostgREST, GraphQL) to the roles `anon`,
-- `authenticated` and `service_role`, and the anon key is public (the dashboard's /config.json hands it out). Sensei
-- never uses the Data API: its services connect as the tables' owner (`postgres`), which row level security does not
-- restrict. So every Sensei table gets RLS with no policies (anon/authenticated see and change nothing) and those
-- roles lose every privilege (service_role bypasses RLS, so only the revoke keeps it out).
--
-- Why not a private schema instead: every query of every service names its tables unqualified, and a
-- transaction-mode pooler cannot carry a per-session search_path; RLS plus revoke is also what Supabase's own linter
-- asks for. The function below lives in its own schema, which the Data API does not expose.
--
-- Later migrations are covered twice: the default privileges below keep new tables from being granted to those roles,
-- and the Flyway callback afterMigrate.sql runs the same function after every migrate (RLS on new tables).
-- On a plain PostgreSQL the roles do not exist: RLS is still enabled, the grants part is skipped.

create schema if not exists sensei_private;
revoke all on schema sensei_private from public;

create or replace function sensei_private.lock_down_data_api() returns void
language plpgsql
set search_path = pg_catalog
as $fn$
declare
    api_roles text;
    api_oids oid[];
    obj record;
begin
    -- every service runs this at start (afterMigrate): one at a time, or concurrent GRANT/REVOKE on one catalog row
    -- fail with "tuple concurrently updated"
    perform pg_advisory_xact_lock(7345734507);

    select string_agg(quote_ident(rolname), ', ' order by rolname), array_agg(oid) into api_roles, api_oids
    from pg_roles where rolname in ('anon', 'authenticated', 'service_role');

    -- tables, views, sequences of public that this role owns (extension members, e.g. PostGIS's, are left alone).
    -- Only what is not yet locked down is touched: ALTER TABLE takes an exclusive lock, and this runs at every start.
    for obj in
        select c.oid::regclass as name, c.relkind,
               c.relkind in ('r', 'p') and not c.relrowsecurity as needs_rls,
               exists (select 1 from aclexplode(c.relacl) a where a.grantee = any (api_oids)) as granted
        from pg_class c
        where c.relnamespace = 'public'::regnamespace
          and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
          and pg_has_role(c.relowner, 'USAGE')
          and not exists (select 1 from pg_depend d
                          where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
        order by c.oid
    loop
        if obj.needs_rls then
            -- never wait for a lock: during a migration Flyway's other connection holds flyway_schema_history (a
            -- wait would never end); afterMigrate.sql, once Flyway has let go, or the next start does what is skipped
            begin
                execute format('lock table %s in access exclusive mode nowait', obj.name);
                execute format('alter table %s enable row level security', obj.name);
            exception when lock_not_available then
                raise notice 'row level security on % deferred: the table is in use', obj.name;
            end;
        end if;
        if obj.granted then
            execute format('revoke all on %s %s from %s',
                           case when obj.relkind = 'S' then 'sequence' else 'table' end, obj.name, api_roles);
        end if;
    end loop;

    -- functions: EXECUTE is granted to PUBLIC by default (a null proacl), and PostgREST offers them as /rpc/<name>
    for obj in
        select p.oid::regprocedure as name
        from pg_proc p
        where p.pronamespace = 'public'::regnamespace
          and p.prokind in ('f', 'p')
          and pg_has_role(p.proowner, 'USAGE')
          and not exists (select 1 from pg_depend d
                          where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
          and (p.proacl is null
               or exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0 or a.grantee = any (api_oids)))
        order by p.oid
    loop
        execute format('revoke all on routine %s from public%s', obj.name,
                       case when api_roles is null then '' else ', ' || api_roles end);
    end loop;

    if api_roles is not null then
        -- objects this role creates in public from now on start without grants to the Data API roles (Supabase
        -- grants them all by default privileges on public)
        execute format('alter default privileges in schema public revoke all on tables from %s', api_roles);
        execute format('alter default privileges in schema public revoke all on sequences from %s', api_roles);
        execute format('alter default privileges in schema public revoke all on functions from %s', api_roles);
    end if;
end
$fn$;
revoke all on function sensei_private.lock_down_data_api() from public;

select sensei_private.lock_down_data_api();
