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
    obj record;
begin
    select string_agg(quote_ident(rolname), ', ' order by rolname) into api_roles
    from pg_roles where rolname in ('anon', 'authenticated', 'service_role');

    -- tables, views, sequences of public that this role owns (extension members, e.g. PostGIS's, are left alone)
    for obj in
        select c.oid::regclass as name, c.relkind
        from pg_class c
        where c.relnamespace = 'public'::regnamespace
          and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
          and pg_has_role(c.relowner, 'USAGE')
          and not exists (select 1 from pg_depend d
                          where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    loop
        if obj.relkind in ('r', 'p') then
            execute format('alter table %s enable row level security', obj.name);
        end if;
        if api_roles is not null then
            execute format('revoke all on %s %s from %s',
                           case when obj.relkind = 'S' then 'sequence' else 'table' end, obj.name, api_roles);
        end if;
    end loop;

    -- functions: EXECUTE is granted to PUBLIC by default, and PostgREST offers them as /rpc/<name>
    for obj in
        select p.oid::regprocedure as name
        from pg_proc p
        where p.pronamespace = 'public'::regnamespace
          and p.prokind in ('f', 'p')
          and pg_has_role(p.proowner, 'USAGE')
          and not exists (select 1 from pg_depend d
                          where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
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
