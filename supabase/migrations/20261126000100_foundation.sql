-- Foundation: profiles, spaces, memberships, per-space versions and the security baseline.
-- Runs unchanged with the Supabase CLI (`supabase db reset`, `supabase db push`, as role
-- postgres) and in tests/db, where a bootstrap recreates what Supabase provides.
--
-- Rules (docs/database.md): RLS on every table; `anon` gets nothing; `authenticated` may only
-- read, through the policies; writes will go through security-definer RPCs. Roles come from
-- public.memberships, never from JWT claims or user metadata.

-- Private schema --------------------------------------------------------------------------------
-- Security-definer helpers live here: PostgREST exposes only `public` (supabase/config.toml), and
-- every function here pins `search_path = ''` so callers cannot shadow what it references.
create schema app_private;
revoke all on schema app_private from public, anon, authenticated;

create function app_private.is_time_zone(zone text)
returns boolean
language sql
stable
set search_path = ''
as $$
	-- IANA names only: `at time zone` would also accept POSIX strings such as 'XYZ+3', which
	-- the app (Intl.DateTimeFormat) cannot use. Stable rather than immutable because the list
	-- follows the server's tzdata; it reads a few hundred files (~15 ms), fine for rare writes.
	select exists (select 1 from pg_catalog.pg_timezone_names as z where z.name = is_time_zone.zone)
$$;

-- Tables ----------------------------------------------------------------------------------------
create table public.profiles (
	id uuid primary key references auth.users (id) on delete cascade,
	display_name text not null
		constraint profiles_display_name_length
		check (char_length(display_name) <= 80 and btrim(display_name) <> ''),
	locale text not null default 'fr' constraint profiles_locale_known check (locale in ('fr', 'en')),
	created_at timestamptz not null default now()
);

create table public.spaces (
	id uuid primary key default gen_random_uuid(),
	name text not null
		constraint spaces_name_length check (char_length(name) <= 120 and btrim(name) <> ''),
	time_zone text not null
		constraint spaces_time_zone_known check (app_private.is_time_zone(time_zone)),
	capacity integer constraint spaces_capacity_range check (capacity > 0 and capacity <= 10000),
	closing_time time not null default '20:00',
	created_at timestamptz not null default now(),
	version bigint not null default 0,
	deleted boolean not null default false
);

create table public.memberships (
	space_id uuid not null references public.spaces (id) on delete cascade,
	user_id uuid not null references public.profiles (id) on delete cascade,
	role text not null default 'member'
		constraint memberships_role_known check (role in ('member', 'host')),
	created_at timestamptz not null default now(),
	version bigint not null default 0,
	deleted boolean not null default false,
	primary key (space_id, user_id)
);
create index memberships_user_id_idx on public.memberships (user_id);

-- Versions in commit order ----------------------------------------------------------------------
-- One counter per space; clients pull "rows of my space with version > my cursor".
create table app_private.space_versions (
	space_id uuid primary key,
	version bigint not null
);

-- The upsert locks the space's counter row and the lock is held until the writing transaction
-- ends, so a second transaction writing to the same space waits here until the first commits
-- (or rolls back), then reads the committed counter. Versions of a space are therefore handed
-- out in commit order: once a reader has seen version N, no transaction can still commit a row
-- with a version <= N, and a cursor never skips a row. A sequence or a timestamp would not give
-- this (a slow transaction holding a smaller number can commit after a faster one). Cost: writes
-- to one space are serialised from their first write to their commit, so keep them short.
-- Under REPEATABLE READ the waiting transaction fails with 40001 instead; the caller retries.
-- Trigger argument: the name of the column holding the space id.
create function app_private.stamp_space_version()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
	space uuid := (to_jsonb(new) ->> tg_argv[0])::uuid;
begin
	insert into app_private.space_versions as counter (space_id, version)
	values (space, 1)
	on conflict (space_id) do update set version = counter.version + 1
	returning counter.version into new.version;
	return new;
end;
$$;

create trigger stamp_version
before insert or update on public.spaces
for each row execute function app_private.stamp_space_version('id');

create trigger stamp_version
before insert or update on public.memberships
for each row execute function app_private.stamp_space_version('space_id');

-- Membership helpers for policies ---------------------------------------------------------------
-- Security definer so that policies read memberships without going through (and recursing into)
-- the policy of public.memberships. They trust auth.uid() only, never claimed roles.
create function app_private.is_member(space uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.memberships as m
		where m.space_id = is_member.space and m.user_id = auth.uid() and not m.deleted
	)
$$;

create function app_private.is_host(space uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.memberships as m
		where m.space_id = is_host.space and m.user_id = auth.uid() and m.role = 'host'
			and not m.deleted
	)
$$;

create function app_private.shares_space_with(other uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
	select exists (
		select 1
		from public.memberships as mine
		join public.memberships as theirs on theirs.space_id = mine.space_id
		where mine.user_id = auth.uid() and theirs.user_id = shares_space_with.other
			and not mine.deleted and not theirs.deleted
	)
$$;

-- Profiles for new users ------------------------------------------------------------------------
-- Runs as the owner: GoTrue's role, which inserts into auth.users, has no right on public tables.
create function app_private.create_profile_for_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
	wanted_locale text := new.raw_user_meta_data ->> 'locale';
	chosen_locale text := case when wanted_locale in ('fr', 'en') then wanted_locale else 'fr' end;
begin
	insert into public.profiles (id, display_name, locale)
	values (
		new.id,
		left(
			coalesce(
				nullif(btrim(new.raw_user_meta_data ->> 'display_name'), ''),
				nullif(btrim(split_part(new.email, '@', 1)), ''),
				case chosen_locale when 'en' then 'Member' else 'Membre' end
			),
			80
		),
		chosen_locale
	)
	on conflict (id) do nothing;
	return new;
end;
$$;

create trigger create_profile
after insert on auth.users
for each row execute function app_private.create_profile_for_new_user();

-- Row-level security: read-only policies, no write policy at all --------------------------------
alter table public.profiles enable row level security;
alter table public.spaces enable row level security;
alter table public.memberships enable row level security;
alter table app_private.space_versions enable row level security;

create policy profiles_select_self_and_space_mates on public.profiles
for select to authenticated
using (id = (select auth.uid()) or app_private.shares_space_with(id));

create policy spaces_select_as_member on public.spaces
for select to authenticated
using (app_private.is_member(id));

-- Own rows too, even removed ones, so a client learns that it left a space.
create policy memberships_select_own_and_space on public.memberships
for select to authenticated
using (user_id = (select auth.uid()) or app_private.is_member(space_id));

-- Privileges ------------------------------------------------------------------------------------
-- Supabase grants everything in `public` to anon, authenticated and service_role by default.
revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
revoke all on all functions in schema public from public, anon, authenticated;
grant select on public.profiles, public.spaces, public.memberships to authenticated;

-- Tables, sequences and functions created later by this role (postgres) start with no grant for
-- the API roles; each migration grants what it needs. New functions still get EXECUTE for PUBLIC
-- (a global Postgres default that a per-schema rule cannot remove): revoke it in each migration;
-- tests/db checks that anon can execute nothing in public.
alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
alter default privileges in schema public revoke all on functions from anon, authenticated;

-- Policies call the membership helpers as the querying role, and CHECK constraints call
-- is_time_zone as the writing role: both need EXECUTE. They do not need USAGE on the schema
-- (the calls are resolved when the policy or constraint is created), so nobody can call these
-- functions by name from a query.
revoke all on all functions in schema app_private from public, anon, authenticated;
grant execute on function
	app_private.is_member(uuid),
	app_private.is_host(uuid),
	app_private.shares_space_with(uuid),
	app_private.is_time_zone(text)
to authenticated;
grant execute on function app_private.is_time_zone(text) to service_role;
