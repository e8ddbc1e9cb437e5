-- Connected mode, part 1: the synced tables, the sync bookkeeping, row-level security, grants.
-- Part 2 (20261126000300_sync_handlers.sql) holds one server handler per mutation; part 3
-- (20261126000400_sync_rpc.sql) the RPCs `sync_push` / `sync_pull` and the purge.
-- Contract: docs/sync-protocol.md. Checklist: docs/database.md.

-- Spaces and memberships gain what the catalogue needs -----------------------------------------
alter table public.spaces
	add column opening_time time not null default '08:00',
	add column settings jsonb not null default '{}'
		constraint spaces_settings_object check (jsonb_typeof(settings) = 'object'),
	add column deleted_at timestamptz;
alter table public.spaces
	add constraint spaces_opens_before_closing check (opening_time < closing_time);

alter table public.memberships
	add column display_name text,
	add column show_presence boolean not null default false,
	add column deleted_at timestamptz;
-- Backfill without bumping versions: nobody has synced these rows yet.
alter table public.memberships disable trigger stamp_version;
update public.memberships as m set display_name = p.display_name
from public.profiles as p where p.id = m.user_id;
alter table public.memberships enable trigger stamp_version;
alter table public.memberships
	alter column display_name set not null,
	add constraint memberships_display_name_length
		check (char_length(display_name) <= 80 and btrim(display_name) <> '');

-- A membership written without a name (service scripts, seeds) takes the profile's.
create function app_private.default_display_name()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
	if new.display_name is null then
		select p.display_name into new.display_name from public.profiles as p where p.id = new.user_id;
	end if;
	return new;
end;
$$;

create trigger default_display_name
before insert on public.memberships
for each row execute function app_private.default_display_name();

-- Soft deletes: `deleted_at` follows `deleted` (the purge horizon counts from it).
create function app_private.set_deleted_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
	if not new.deleted then
		new.deleted_at := null;
	elsif tg_op = 'INSERT' or not old.deleted then
		new.deleted_at := pg_catalog.now();
	end if;
	return new;
end;
$$;

create trigger set_deleted_at
before insert or update on public.spaces
for each row execute function app_private.set_deleted_at();
create trigger set_deleted_at
before insert or update on public.memberships
for each row execute function app_private.set_deleted_at();

create index memberships_space_version_idx on public.memberships (space_id, version);

-- New synced tables ------------------------------------------------------------------------------
-- Each: space_id, version (stamped from the space's counter), deleted, deleted_at, an index on
-- (space_id, version) for pulls. The checks mirror lib/domain/mutations/catalogue.ts: the
-- handlers validate first; these are the last line (service scripts, handler bugs).

create table public.plans (
	id uuid primary key,
	space_id uuid not null references public.spaces (id) on delete cascade,
	name text not null
		constraint plans_name_length check (char_length(name) <= 80 and btrim(name) <> ''),
	kind text not null constraint plans_kind_known check (kind in ('pack', 'monthly', 'resident')),
	hours integer constraint plans_hours_range check (hours between 1 and 10000),
	validity_days integer constraint plans_validity_range check (validity_days between 1 and 3660),
	rules jsonb not null constraint plans_rules_object check (jsonb_typeof(rules) = 'object'),
	archived boolean not null default false,
	created_by uuid references public.profiles (id) on delete set null,
	created_at timestamptz not null default now(),
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz
);

create table public.contracts (
	id uuid primary key,
	space_id uuid not null references public.spaces (id) on delete cascade,
	user_id uuid not null references public.profiles (id) on delete cascade,
	plan_id uuid not null references public.plans (id) on delete cascade,
	kind text not null
		constraint contracts_kind_known check (kind in ('pack', 'monthly', 'resident')),
	starts_on date not null,
	expires_on date constraint contracts_expiry_after_start check (expires_on >= starts_on),
	minutes_granted integer
		constraint contracts_minutes_range check (minutes_granted between 60 and 600000),
	rules jsonb not null constraint contracts_rules_object check (jsonb_typeof(rules) = 'object'),
	-- The host who sold it (security item 6: every host action records who did it).
	granted_by uuid references public.profiles (id) on delete set null,
	created_at timestamptz not null default now(),
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz
);
create index contracts_user_idx on public.contracts (user_id);

create table public.visits (
	id uuid primary key,
	space_id uuid not null references public.spaces (id) on delete cascade,
	user_id uuid not null references public.profiles (id) on delete cascade,
	started_at timestamptz not null,
	ended_at timestamptz constraint visits_end_after_start check (ended_at >= started_at),
	auto_closed boolean not null default false,
	-- A device time was clamped (future, or older than the offline limit): for host review.
	flagged boolean not null default false,
	-- When the server received the check-in (the device times are facts, this is ours).
	received_at timestamptz not null default now(),
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz
);
-- One open visit per person at a time, whatever the space (checking in elsewhere closes it).
create unique index visits_one_open_per_user on public.visits (user_id)
where ended_at is null and not deleted;

create table public.rituals (
	id uuid primary key,
	space_id uuid not null references public.spaces (id) on delete cascade,
	kind text not null
		constraint rituals_kind_length check (char_length(kind) <= 40 and btrim(kind) <> ''),
	title text not null
		constraint rituals_title_length check (char_length(title) <= 120 and btrim(title) <> ''),
	description text not null default ''
		constraint rituals_description_length check (char_length(description) <= 2000),
	place text not null default '' constraint rituals_place_length check (char_length(place) <= 120),
	duration_minutes integer not null
		constraint rituals_duration_range check (duration_minutes between 5 and 1440),
	capacity integer constraint rituals_capacity_range check (capacity between 1 and 1000),
	rrule text not null
		constraint rituals_rrule_length check (char_length(rrule) <= 500 and btrim(rrule) <> ''),
	-- Local wall time of the first occurrence, in the space's time zone.
	starts_at timestamp not null,
	roles jsonb not null default '[]'
		constraint rituals_roles_array check (
			jsonb_typeof(roles) = 'array' and jsonb_array_length(roles) <= 20
		),
	lead_user_id uuid references public.profiles (id) on delete set null,
	created_by uuid references public.profiles (id) on delete set null,
	created_at timestamptz not null default now(),
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz
);

create table public.signups (
	id uuid primary key,
	space_id uuid not null references public.spaces (id) on delete cascade,
	ritual_id uuid not null references public.rituals (id) on delete cascade,
	occurrence timestamp not null,
	user_id uuid not null references public.profiles (id) on delete cascade,
	role_key text constraint signups_role_key_length check (char_length(role_key) <= 40),
	note text not null default '' constraint signups_note_length check (char_length(note) <= 500),
	cancelled boolean not null default false,
	-- The device's time of the sign-up (the order of places is the server's commit order).
	created_at timestamptz not null,
	received_at timestamptz not null default now(),
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz
);
create index signups_ritual_idx on public.signups (ritual_id, occurrence);
create index signups_user_idx on public.signups (user_id);

create table public.invitations (
	id uuid primary key,
	space_id uuid not null references public.spaces (id) on delete cascade,
	code text not null unique constraint invitations_code_format check (code ~ '^[A-HJ-NP-Z2-9]{8}$'),
	created_by uuid references public.profiles (id) on delete set null,
	created_at timestamptz not null default now(),
	expires_at timestamptz,
	max_uses integer constraint invitations_max_uses_range check (max_uses between 1 and 1000),
	uses integer not null default 0 constraint invitations_uses_positive check (uses >= 0),
	revoked boolean not null default false,
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz
);

create index plans_space_version_idx on public.plans (space_id, version);
create index contracts_space_version_idx on public.contracts (space_id, version);
create index visits_space_version_idx on public.visits (space_id, version);
create index rituals_space_version_idx on public.rituals (space_id, version);
create index signups_space_version_idx on public.signups (space_id, version);
create index invitations_space_version_idx on public.invitations (space_id, version);

create trigger stamp_version before insert or update on public.plans
for each row execute function app_private.stamp_space_version('space_id');
create trigger stamp_version before insert or update on public.contracts
for each row execute function app_private.stamp_space_version('space_id');
create trigger stamp_version before insert or update on public.visits
for each row execute function app_private.stamp_space_version('space_id');
create trigger stamp_version before insert or update on public.rituals
for each row execute function app_private.stamp_space_version('space_id');
create trigger stamp_version before insert or update on public.signups
for each row execute function app_private.stamp_space_version('space_id');
create trigger stamp_version before insert or update on public.invitations
for each row execute function app_private.stamp_space_version('space_id');

create trigger set_deleted_at before insert or update on public.plans
for each row execute function app_private.set_deleted_at();
create trigger set_deleted_at before insert or update on public.contracts
for each row execute function app_private.set_deleted_at();
create trigger set_deleted_at before insert or update on public.visits
for each row execute function app_private.set_deleted_at();
create trigger set_deleted_at before insert or update on public.rituals
for each row execute function app_private.set_deleted_at();
create trigger set_deleted_at before insert or update on public.signups
for each row execute function app_private.set_deleted_at();
create trigger set_deleted_at before insert or update on public.invitations
for each row execute function app_private.set_deleted_at();

-- Version stamping, faster for pushes ------------------------------------------------------------
-- The foundation's trigger upserts the space's counter row for every row written. Updating one row
-- hundreds of times in one transaction is slow (each update walks the chain of versions the same
-- transaction left behind: ~0.3 ms per write after a few hundred). sync_push therefore locks the
-- counters of the spaces it is about to write to (`for update`, held until commit: versions still
-- follow commit order), hands out versions from a transaction-local allocator (the setting
-- `collectif.versions`, `{ "<space id>": <last version handed out> }`), and writes each counter
-- once at the end. Writes to a space without an allocator (other code, or a space the push did not
-- lock) take the foundation's path. The setting is local to the transaction and, set inside a
-- mutation's savepoint, rolls back with it (the versions it handed out are then unused).
create or replace function app_private.stamp_space_version()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
	space uuid;
	allocated jsonb;
	last bigint;
begin
	if tg_argv[0] = 'id' then
		space := new.id;
	else
		space := new.space_id;
	end if;
	allocated := nullif(current_setting('collectif.versions', true), '')::jsonb;
	last := (allocated ->> space::text)::bigint;
	if last is not null then
		new.version := last + 1;
		perform set_config(
			'collectif.versions', jsonb_set(allocated, array[space::text], to_jsonb(last + 1))::text, true
		);
		return new;
	end if;
	insert into app_private.space_versions as counter (space_id, version)
	values (space, 1)
	on conflict (space_id) do update set version = counter.version + 1
	returning counter.version into new.version;
	return new;
end;
$$;

-- Sync bookkeeping (private) ---------------------------------------------------------------------
-- The highest version purged per space: a cursor below it may have missed a tombstone.
alter table app_private.space_versions add column purged_through bigint not null default 0;

-- One row per device (client id), owned by one user: the exactly-once counter.
create table app_private.sync_clients (
	id uuid primary key,
	user_id uuid not null references auth.users (id) on delete cascade,
	last_mutation_id bigint not null default 0,
	created_at timestamptz not null default now(),
	last_seen_at timestamptz not null default now()
);
create index sync_clients_user_idx on app_private.sync_clients (user_id);

-- Rejections, and applied mutations that answer with data: every device of the user pulls them.
create table app_private.mutation_results (
	client_id uuid not null references app_private.sync_clients (id) on delete cascade,
	mutation_id bigint not null,
	user_id uuid not null references auth.users (id) on delete cascade,
	name text not null,
	args jsonb not null,
	status text not null constraint mutation_results_status check (status in ('applied', 'rejected')),
	code text,
	detail text,
	data jsonb,
	created_at timestamptz not null default now(),
	version bigint not null default 0,
	primary key (client_id, mutation_id)
);
create index mutation_results_user_version_idx on app_private.mutation_results (user_id, version);

-- Results get versions from a per-user counter, locked until commit: same reasoning as the
-- per-space counter (app_private.stamp_space_version), so a results cursor never skips one.
create table app_private.user_result_versions (
	user_id uuid primary key,
	version bigint not null
);

create function app_private.stamp_result_version()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
	insert into app_private.user_result_versions as counter (user_id, version)
	values (new.user_id, 1)
	on conflict (user_id) do update set version = counter.version + 1
	returning counter.version into new.version;
	return new;
end;
$$;

create trigger stamp_version
before insert or update on app_private.mutation_results
for each row execute function app_private.stamp_result_version();

-- Row-level security ----------------------------------------------------------------------------
-- Direct reads (PostgREST, the app's own `select`) follow the visibility table of
-- docs/sync-protocol.md minus the shaped rows: other members' visits and sign-ups, with their name
-- hidden, come only through sync_pull. Private tables have RLS and no policy: nobody.
alter table public.plans enable row level security;
alter table public.contracts enable row level security;
alter table public.visits enable row level security;
alter table public.rituals enable row level security;
alter table public.signups enable row level security;
alter table public.invitations enable row level security;
alter table app_private.sync_clients enable row level security;
alter table app_private.mutation_results enable row level security;
alter table app_private.user_result_versions enable row level security;

-- Whether the current user may see `other`'s profile: their own; a host sees the profiles of the
-- members of their spaces; a member sees those of members of a shared space who show their name.
create function app_private.may_see_profile(other uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
	select may_see_profile.other = auth.uid() or exists (
		select 1
		from public.memberships as mine
		join public.memberships as theirs on theirs.space_id = mine.space_id
		where mine.user_id = auth.uid() and theirs.user_id = may_see_profile.other
			and not mine.deleted and not theirs.deleted
			and (mine.role = 'host' or theirs.show_presence)
	)
$$;

drop policy profiles_select_self_and_space_mates on public.profiles;
create policy profiles_select_visible on public.profiles
for select to authenticated
using (app_private.may_see_profile(id));

-- Own rows (also once removed, so a device learns it left); a host sees all of their space; a
-- member sees the others who chose to show their name.
drop policy memberships_select_own_and_space on public.memberships;
create policy memberships_select_visible on public.memberships
for select to authenticated
using (
	user_id = (select auth.uid())
	or app_private.is_host(space_id)
	or (show_presence and not deleted and app_private.is_member(space_id))
);

create policy plans_select_as_member on public.plans
for select to authenticated
using (app_private.is_member(space_id));

create policy rituals_select_as_member on public.rituals
for select to authenticated
using (app_private.is_member(space_id));

create policy contracts_select_own_or_host on public.contracts
for select to authenticated
using (user_id = (select auth.uid()) or app_private.is_host(space_id));

create policy visits_select_own_or_host on public.visits
for select to authenticated
using (user_id = (select auth.uid()) or app_private.is_host(space_id));

create policy signups_select_own_or_host on public.signups
for select to authenticated
using (user_id = (select auth.uid()) or app_private.is_host(space_id));

create policy invitations_select_as_host on public.invitations
for select to authenticated
using (app_private.is_host(space_id));

-- Privileges ------------------------------------------------------------------------------------
-- The default privileges of the foundation already keep anon and authenticated off new tables;
-- revoke again in case this runs where they were not set, then grant reads where a policy is.
revoke all on public.plans, public.contracts, public.visits, public.rituals, public.signups,
	public.invitations from public, anon, authenticated;
revoke all on all tables in schema app_private from public, anon, authenticated;
grant select on public.plans, public.contracts, public.visits, public.rituals, public.signups,
	public.invitations to authenticated;

revoke all on function
	app_private.default_display_name(),
	app_private.set_deleted_at(),
	app_private.stamp_result_version(),
	app_private.may_see_profile(uuid)
from public, anon, authenticated;
grant execute on function app_private.may_see_profile(uuid) to authenticated;
