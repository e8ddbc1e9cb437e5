-- What a fresh Supabase database already holds before our migrations run, reduced to what they
-- touch. Modelled on supabase/postgres (migrations/db/init-scripts) and supabase/auth. Run once
-- per test database by global-setup.ts, as the superuser `postgres` (the role that runs
-- `supabase db push` on a real project).

-- API roles. PostgREST logs in as `authenticator` and switches to the role named in the JWT.
create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;
create role authenticator login noinherit;
grant anon, authenticated, service_role to authenticator;

-- GoTrue's role: owns the auth schema and inserts the users (so triggers on auth.users run as it).
create role supabase_auth_admin nologin noinherit createrole;

create schema extensions;
create extension if not exists pgcrypto with schema extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;

create schema auth authorization supabase_auth_admin;
grant usage on schema auth to anon, authenticated, service_role;

create table auth.users (
	id uuid primary key,
	email text unique,
	raw_user_meta_data jsonb,
	raw_app_meta_data jsonb,
	created_at timestamptz not null default now()
);
alter table auth.users owner to supabase_auth_admin;

-- The claim readers, as supabase/auth defines them: PostgREST stores the verified JWT payload
-- in the transaction setting `request.jwt.claims` (older versions used one setting per claim).
-- One difference: `nullif(..., '')` before the jsonb cast. Once a session has set the claims
-- locally, the setting reads '' after that transaction, and Supabase's version would fail on
-- ''::jsonb; PostgREST always sets the claims, but test connections are reused without them.
create function auth.uid() returns uuid language sql stable as $$
	select nullif(
		coalesce(
			current_setting('request.jwt.claim.sub', true),
			(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
		),
		''
	)::uuid
$$;

create function auth.role() returns text language sql stable as $$
	select nullif(
		coalesce(
			current_setting('request.jwt.claim.role', true),
			(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
		),
		''
	)::text
$$;

create function auth.jwt() returns jsonb language sql stable as $$
	select coalesce(
		nullif(current_setting('request.jwt.claim', true), ''),
		nullif(current_setting('request.jwt.claims', true), '')
	)::jsonb
$$;

alter function auth.uid() owner to supabase_auth_admin;
alter function auth.role() owner to supabase_auth_admin;
alter function auth.jwt() owner to supabase_auth_admin;

-- Supabase's broad defaults: everything the migration runner creates in `public` is granted to
-- every API role, `anon` included. The migrations must revoke; the tests prove they did.
grant usage on schema public to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public
	grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
	grant all on functions to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
	grant all on sequences to anon, authenticated, service_role;

alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
