-- Members: user_profiles.role becomes the role an admin gives someone on the members page ('admin' or 'viewer'),
-- null when none was given (the token's claim, SENSEI_ADMIN_EMAILS or SENSEI_DEFAULT_ROLE decide then; see
-- platform/auth/Roles). The old default 'member' was never read and grants nothing, so it becomes null.
alter table user_profiles alter column role drop not null;
alter table user_profiles alter column role drop default;
update user_profiles set role = null where role not in ('admin', 'viewer');
alter table user_profiles add constraint user_profiles_role_check check (role in ('admin', 'viewer'));

-- Who signed in and when (written by the services' role lookup, at most every few seconds per user), and the role
-- the token itself carried then (app_metadata.sensei_role), so the members page can say where a role comes from.
alter table user_profiles add column last_seen_at timestamptz;
alter table user_profiles add column claimed_role text;
alter table user_profiles add constraint user_profiles_claimed_role_check check (claimed_role in ('admin', 'viewer'));
