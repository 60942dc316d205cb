-- Per-user preferences, edited by the user themselves (admin-api GET/PATCH /api/v1/me/preferences):
--  * weekly_summary_opt_in: the processor's weekly summary email goes to admins who opted in (off by default; the
--    unsubscribe link in the email turns it off without signing in). Stored for viewers too, but only admins get it.
--  * product_analytics_opt_out: the dashboard sends no product analytics (PostHog) for this user.
--  * onboarding: the dashboard's first-run tour state, {"tour_dismissed": bool, "tour_steps_seen": [text]}; the
--    API validates its shape, the column only insists on an object.
alter table user_profiles add column weekly_summary_opt_in boolean not null default false;
alter table user_profiles add column product_analytics_opt_out boolean not null default false;
alter table user_profiles add column onboarding jsonb not null default '{}'::jsonb;
alter table user_profiles add constraint user_profiles_onboarding_object check (jsonb_typeof(onboarding) = 'object');
create index user_profiles_weekly_summary_idx on user_profiles (subject) where weekly_summary_opt_in;
