-- Rituals and co-animation (issue 5): series that end or split ("this and following"), changes to
-- one occurrence, sign-ups ranked in commit order (places and the waitlist), proposals from
-- members, attendance confirmed by hosts, and the space's own words (kinds and a glossary).
--
-- The client's rules are the source of truth: lib/domain/mutations/catalogue.ts (arguments),
-- lib/domain/types.ts (row shapes), lib/domain/rituals/recurrence.ts (the RRULE subset, checked
-- here by app_private.rrule_problem), lib/domain/rituals/signups.ts (places from ranks). The model,
-- the mutations and their refusals: docs/rituals.md. Contract: docs/sync-protocol.md; checklist:
-- docs/database.md.

-- Proposals ------------------------------------------------------------------------------------
-- A member's idea of a ritual, open until a host accepts it (it becomes a series) or declines it,
-- or its proposer withdraws it. Seen by the proposer and the hosts only.
create table public.proposals (
	id uuid primary key,
	space_id uuid not null references public.spaces (id) on delete cascade,
	-- The proposer.
	user_id uuid not null references public.profiles (id) on delete cascade,
	kind text not null constraint proposals_kind_key check (kind ~ '^[a-z][a-z0-9-]{0,39}$'),
	title text not null
		constraint proposals_title_length check (char_length(title) <= 120 and btrim(title) <> ''),
	description text not null default ''
		constraint proposals_description_length check (char_length(description) <= 2000),
	place text not null default ''
		constraint proposals_place_length check (char_length(place) <= 120),
	duration_minutes integer not null
		constraint proposals_duration_range check (duration_minutes between 5 and 1440),
	rrule text not null
		constraint proposals_rrule_length check (char_length(rrule) <= 500 and btrim(rrule) <> ''),
	-- Local wall time of the first occurrence, in the space's time zone.
	starts_at timestamp not null,
	roles jsonb not null default '[]'
		constraint proposals_roles_array check (
			jsonb_typeof(roles) = 'array' and jsonb_array_length(roles) <= 20
		),
	-- "I will lead it": the series gets the proposer as its lead.
	will_lead boolean not null default false,
	status text not null default 'open'
		constraint proposals_status_known check (status in ('open', 'accepted', 'declined', 'withdrawn')),
	-- The host's answer (required to decline).
	response text not null default ''
		constraint proposals_response_length check (char_length(response) <= 500),
	-- The series created by accepting it.
	ritual_id uuid references public.rituals (id) on delete set null,
	-- The device's time of the proposal, as sent; received_at is the server's.
	created_at timestamptz not null,
	received_at timestamptz not null default now(),
	decided_by uuid references public.profiles (id) on delete set null,
	decided_at timestamptz,
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz
);
create index proposals_space_version_idx on public.proposals (space_id, version);
create index proposals_user_idx on public.proposals (user_id);
create index proposals_ritual_idx on public.proposals (ritual_id) where ritual_id is not null;

-- Rituals gain series ends, continuations and their proposal -----------------------------------
alter table public.rituals
	-- Occurrences starting at or after this local time are no longer part of the series (ended,
	-- or split: then `continued_by` carries on).
	add column ends_before timestamp,
	add column end_message text not null default ''
		constraint rituals_end_message_length check (char_length(end_message) <= 500),
	add column continued_by uuid references public.rituals (id),
	add column proposal_id uuid references public.proposals (id) on delete set null,
	add constraint rituals_continued_after_end check (continued_by is null or ends_before is not null);
create index rituals_continued_by_idx on public.rituals (continued_by)
where continued_by is not null;
create index rituals_proposal_idx on public.rituals (proposal_id) where proposal_id is not null;

-- Roles as the app now has them: `animates` (false when absent: a role that brings something).
create function app_private.normal_roles(roles jsonb)
returns jsonb
language sql
immutable
as $$
	select coalesce(pg_catalog.jsonb_agg(
		case when r.value ? 'animates' then r.value else r.value || '{"animates": false}'::jsonb end
		order by r.n
	), '[]'::jsonb)
	from pg_catalog.jsonb_array_elements(roles) with ordinality as r (value, n)
$$;

-- The kind is now a key (`meal`, `afterwork`, or one the space named). No production row exists;
-- any older free-text kind becomes a key made of its letters and digits. Both updates stamp new
-- versions, so devices re-receive the rows in their new shape.
update public.rituals as r
set kind = left(case when s.k ~ '^[a-z]' then s.k else 'k-' || s.k end, 40)
from (
	select t.id, btrim(regexp_replace(lower(t.kind), '[^a-z0-9-]+', '-', 'g'), '-') as k
	from public.rituals as t
) as s
where s.id = r.id and r.kind !~ '^[a-z][a-z0-9-]{0,39}$';
update public.rituals as r set roles = app_private.normal_roles(r.roles)
where r.roles <> app_private.normal_roles(r.roles);
alter table public.rituals
	drop constraint rituals_kind_length,
	add constraint rituals_kind_key check (kind ~ '^[a-z][a-z0-9-]{0,39}$');

-- Changes to one occurrence --------------------------------------------------------------------
-- Keyed by the occurrence's original local start (RECURRENCE-ID): cancelled, moved, lengthened or
-- relocated (null: as the series says), with the host's message. One live row per occurrence.
create table public.occurrence_changes (
	id uuid primary key,
	space_id uuid not null references public.spaces (id) on delete cascade,
	ritual_id uuid not null references public.rituals (id) on delete cascade,
	occurrence timestamp not null,
	cancelled boolean not null default false,
	starts_at timestamp,
	duration_minutes integer
		constraint occurrence_changes_duration_range check (duration_minutes between 5 and 1440),
	place text constraint occurrence_changes_place_length check (char_length(place) <= 120),
	message text not null default ''
		constraint occurrence_changes_message_length check (char_length(message) <= 500),
	changed_by uuid references public.profiles (id) on delete set null,
	changed_at timestamptz not null default now(),
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz
);
create index occurrence_changes_space_version_idx on public.occurrence_changes (space_id, version);
create unique index occurrence_changes_one_per_occurrence
on public.occurrence_changes (ritual_id, occurrence)
where not deleted;

-- Sign-ups: ranks in commit order, one active per member and occurrence --------------------------
-- `rank` is the space's version when the sign-up was inserted, `role_rank` when it took its
-- current role: versions follow commit order (the space's counter is locked until commit), so the
-- first `capacity` sign-ups by rank are those the server committed first (lib/domain/rituals/
-- signups.ts). Existing rows take their version (no production row exists).
alter table public.signups add column rank bigint, add column role_rank bigint;
update public.signups as s set rank = s.version, role_rank = s.version;
alter table public.signups alter column rank set not null, alter column role_rank set not null;
create unique index signups_one_active_per_user on public.signups (ritual_id, occurrence, user_id)
where not cancelled and not deleted;

-- Runs after `stamp_version` (triggers of the same timing fire in name order), so `new.version` is
-- the version this write takes. A rank never changes; the role rank changes with the role.
create function app_private.stamp_signup_rank()
returns trigger
language plpgsql
as $$
begin
	if tg_op = 'INSERT' then
		new.rank := new.version;
		new.role_rank := new.version;
	else
		new.rank := coalesce(old.rank, new.version);
		if new.role_key is distinct from old.role_key or old.role_rank is null then
			new.role_rank := new.version;
		else
			new.role_rank := old.role_rank;
		end if;
	end if;
	return new;
end;
$$;

create trigger stamp_version_rank before insert or update on public.signups
for each row execute function app_private.stamp_signup_rank();

-- Attendance -----------------------------------------------------------------------------------
-- After an occurrence, who came and what they did, as a host confirmed it. One row per person and
-- occurrence; a person left out of a later list is soft-deleted (and comes back with the same id).
create table public.attendance (
	id uuid primary key,
	space_id uuid not null references public.spaces (id) on delete cascade,
	ritual_id uuid not null references public.rituals (id) on delete cascade,
	occurrence timestamp not null,
	user_id uuid not null references public.profiles (id) on delete cascade,
	part text not null
		constraint attendance_part_known check (part in ('attended', 'contributed', 'coanimated', 'led')),
	role_key text constraint attendance_role_key check (role_key ~ '^[a-z][a-z0-9-]{0,39}$'),
	marked_by uuid references public.profiles (id) on delete set null,
	marked_at timestamptz not null default now(),
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz,
	constraint attendance_one_per_person unique (ritual_id, occurrence, user_id)
);
create index attendance_space_version_idx on public.attendance (space_id, version);
create index attendance_user_idx on public.attendance (user_id);

-- The space's own words ------------------------------------------------------------------------
-- One row per space: its ritual kinds (each with the roles a new ritual of that kind starts with)
-- and a glossary for newcomers. Pulled with the space id as its id.
create table public.vocabularies (
	space_id uuid primary key references public.spaces (id) on delete cascade,
	kinds jsonb not null default '[]'
		constraint vocabularies_kinds_array check (
			jsonb_typeof(kinds) = 'array' and jsonb_array_length(kinds) <= 20
		),
	glossary jsonb not null default '[]'
		constraint vocabularies_glossary_array check (
			jsonb_typeof(glossary) = 'array' and jsonb_array_length(glossary) <= 40
		),
	updated_by uuid references public.profiles (id) on delete set null,
	updated_at timestamptz not null default now(),
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz
);

create trigger stamp_version before insert or update on public.proposals
for each row execute function app_private.stamp_space_version('space_id');
create trigger stamp_version before insert or update on public.occurrence_changes
for each row execute function app_private.stamp_space_version('space_id');
create trigger stamp_version before insert or update on public.attendance
for each row execute function app_private.stamp_space_version('space_id');
create trigger stamp_version before insert or update on public.vocabularies
for each row execute function app_private.stamp_space_version('space_id');

create trigger set_deleted_at before insert or update on public.proposals
for each row execute function app_private.set_deleted_at();
create trigger set_deleted_at before insert or update on public.occurrence_changes
for each row execute function app_private.set_deleted_at();
create trigger set_deleted_at before insert or update on public.attendance
for each row execute function app_private.set_deleted_at();
create trigger set_deleted_at before insert or update on public.vocabularies
for each row execute function app_private.set_deleted_at();

-- Row-level security ----------------------------------------------------------------------------
-- Direct reads: occurrence changes and the vocabulary to every member; proposals and attendance to
-- their member and the hosts (others' attendance, names hidden, comes only through sync_pull).
alter table public.proposals enable row level security;
alter table public.occurrence_changes enable row level security;
alter table public.attendance enable row level security;
alter table public.vocabularies enable row level security;

create policy proposals_select_own_or_host on public.proposals
for select to authenticated
using (user_id = (select auth.uid()) or app_private.is_host(space_id));

create policy occurrence_changes_select_as_member on public.occurrence_changes
for select to authenticated
using (app_private.is_member(space_id));

create policy attendance_select_own_or_host on public.attendance
for select to authenticated
using (user_id = (select auth.uid()) or app_private.is_host(space_id));

create policy vocabularies_select_as_member on public.vocabularies
for select to authenticated
using (app_private.is_member(space_id));

revoke all on public.proposals, public.occurrence_changes, public.attendance, public.vocabularies
from public, anon, authenticated;
grant select on public.proposals, public.occurrence_changes, public.attendance, public.vocabularies
to authenticated;

-- Argument checks --------------------------------------------------------------------------------
-- As in 20261126000300_sync_handlers.sql: each raises CR004 `<argument>: <why>`. Not security
-- definer, no SET clause (docs/database.md, checklist item 5).

-- Nested variants of two checks (the originals take no path).
create function app_private.arg_uuid(args jsonb, key text, path text)
returns uuid
language plpgsql
immutable
as $$
declare
	value text := app_private.arg_string(args, key, path);
begin
	if value !~ '^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$' then
		perform app_private.invalid(path || key, 'not a uuid');
	end if;
	return value::uuid;
end;
$$;

create function app_private.arg_bool(args jsonb, key text, path text)
returns boolean
language plpgsql
immutable
as $$
begin
	if jsonb_typeof(args -> key) is distinct from 'boolean' then
		perform app_private.invalid(path || key, 'not a boolean');
	end if;
	return (args -> key)::boolean;
end;
$$;

-- Free text or null.
create function app_private.arg_text_or_null(args jsonb, key text, max integer)
returns text
language plpgsql
immutable
as $$
begin
	if jsonb_typeof(args -> key) = 'null' then
		return null;
	end if;
	return app_private.arg_text(args, key, max);
end;
$$;

create function app_private.arg_local_date_time_or_null(args jsonb, key text)
returns timestamp
language plpgsql
immutable
as $$
begin
	if jsonb_typeof(args -> key) = 'null' then
		return null;
	end if;
	return app_private.arg_local_date_time(args, key);
end;
$$;

-- A key of a ritual kind or a role: lowercase letters, digits and dashes, a letter first, at most
-- 40 (lib/domain/mutations/schemas.ts `key`; not trimmed).
create function app_private.arg_key(args jsonb, key text, path text default '')
returns text
language plpgsql
immutable
as $$
declare
	value text := app_private.arg_string(args, key, path);
begin
	if value !~ '^[a-z][a-z0-9-]{0,39}$' then
		perform app_private.invalid(path || key, 'not a key');
	end if;
	return value;
end;
$$;

-- A sign-up's role key: a string of at most 40 or null (whether the ritual has it is checked
-- against the ritual).
create function app_private.arg_role_key(args jsonb, key text)
returns text
language plpgsql
immutable
as $$
declare
	value text;
begin
	if jsonb_typeof(args -> key) = 'null' then
		return null;
	end if;
	value := app_private.arg_string(args, key);
	if app_private.js_length(value) > 40 then
		perform app_private.invalid(key, 'longer than 40');
	end if;
	return value;
end;
$$;

-- Co-animation roles, normalised: at most 20 of { key, label, slots, animates }, each key once;
-- `animates` may be left out (false: a role that brings or prepares something).
create function app_private.arg_ritual_roles(args jsonb, key text, path text)
returns jsonb
language plpgsql
immutable
as $$
declare
	roles jsonb := args -> key;
	item jsonb;
	idx integer := 0;
	at_path text;
	role_key text;
	seen text[] := '{}';
	result jsonb := '[]';
begin
	if jsonb_typeof(roles) is distinct from 'array' then
		perform app_private.invalid(path || key, 'not an array');
	end if;
	if jsonb_array_length(roles) > 20 then
		perform app_private.invalid(path || key, 'more than 20');
	end if;
	for item in select value from jsonb_array_elements(roles) loop
		at_path := path || key || '.' || idx || '.';
		if jsonb_typeof(item) = 'object' and item ? 'animates' then
			perform app_private.expect_keys(item, array['key', 'label', 'slots', 'animates'], at_path);
		else
			perform app_private.expect_keys(item, array['key', 'label', 'slots'], at_path);
		end if;
		role_key := app_private.arg_string(item, 'key', at_path);
		if role_key !~ '^[a-z][a-z0-9-]{0,39}$' then
			perform app_private.invalid(at_path || 'key', 'not a role key');
		end if;
		result := result || jsonb_build_array(jsonb_build_object(
			'key', role_key,
			'label', app_private.arg_label(item, 'label', 60, at_path),
			'slots', app_private.arg_int(item, 'slots', 1, 50, at_path),
			'animates', case when item ? 'animates'
				then app_private.arg_bool(item, 'animates', at_path) else false end
		));
		if role_key = any (seen) then
			perform app_private.invalid(path || key, 'a role key appears twice');
		end if;
		seen := seen || role_key;
		idx := idx + 1;
	end loop;
	return result;
end;
$$;

create or replace function app_private.arg_ritual_roles(args jsonb, key text)
returns jsonb
language sql
immutable
as $$
	select app_private.arg_ritual_roles(args, key, '')
$$;

-- Why a recurrence rule cannot be used for a series starting at `starts_at` (local), or null when
-- it can: lib/domain/rituals/recurrence.ts `parseRule`, check for check in the same order, so both
-- sides give the same answer (and the same problem) for every text
-- (tests/db/rituals-recurrence.spec.ts runs listed and random rules through both).
create function app_private.rrule_problem(rule text, starts_at timestamp default null)
returns text
language plpgsql
immutable
as $$
declare
	body text := app_private.js_trim(rule);
	part text;
	item text;
	m text[];
	fields jsonb := '{}';
	freq text;
	value text;
	day_key text;
	days text[] := '{}';
	month_days integer[] := '{}';
	month_day integer;
	has_byday boolean := false;
begin
	if body is null then
		return 'empty';
	end if;
	-- `/^RRULE:/i`: ASCII letters only (no case folding beyond them).
	if body ~ '^[Rr][Rr][Uu][Ll][Ee]:' then
		body := substr(body, 7);
	end if;
	if body = '' then
		return 'empty';
	end if;
	foreach part in array pg_catalog.string_to_array(body, ';') loop
		m := pg_catalog.regexp_match(part, '^([A-Z]+)=([A-Z0-9,+T-]+)$');
		if m is null then
			return 'syntax';
		end if;
		if fields ? m[1] then
			return 'syntax';
		end if;
		fields := fields || jsonb_build_object(m[1], m[2]);
	end loop;
	if exists (
		select 1 from pg_catalog.jsonb_object_keys(fields) as k
		where k not in ('FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL', 'WKST')
	) then
		return 'unsupported';
	end if;
	freq := fields ->> 'FREQ';
	if freq is null then
		return 'freq';
	end if;
	if freq not in ('DAILY', 'WEEKLY', 'MONTHLY') then
		return 'unsupported';
	end if;
	if fields ? 'INTERVAL' then
		value := fields ->> 'INTERVAL';
		if value !~ '^[0-9]{1,6}$' then
			return 'interval';
		end if;
		if value::integer not between 1 and 52 then
			return 'interval';
		end if;
	end if;
	if fields ? 'BYDAY' then
		foreach item in array pg_catalog.string_to_array(fields ->> 'BYDAY', ',') loop
			m := pg_catalog.regexp_match(item, '^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$');
			if m is null then
				return 'byday';
			end if;
			-- An ordinal (the first Friday) only in monthly rules.
			if m[1] is not null and freq <> 'MONTHLY' then
				return 'byday';
			end if;
			day_key := coalesce(m[1]::integer::text, '') || m[2];
			if day_key = any (days) then
				return 'byday';
			end if;
			days := days || day_key;
		end loop;
		has_byday := true;
	end if;
	if fields ? 'BYMONTHDAY' then
		foreach item in array pg_catalog.string_to_array(fields ->> 'BYMONTHDAY', ',') loop
			if item !~ '^[+-]?[0-9]{1,2}$' then
				return 'bymonthday';
			end if;
			month_day := item::integer;
			if month_day = 0 or month_day < -31 or month_day > 31 or month_day = any (month_days) then
				return 'bymonthday';
			end if;
			month_days := month_days || month_day;
		end loop;
		if freq <> 'MONTHLY' or has_byday then
			return 'bymonthday';
		end if;
	end if;
	if fields ? 'COUNT' and fields ? 'UNTIL' then
		return 'count_and_until';
	end if;
	if fields ? 'COUNT' then
		value := fields ->> 'COUNT';
		if value !~ '^[0-9]{1,6}$' then
			return 'count';
		end if;
		if value::integer not between 1 and 1000 then
			return 'count';
		end if;
	end if;
	if fields ? 'UNTIL' then
		-- A date, or a floating date-time (no `Z`: the zone is the space's).
		m := pg_catalog.regexp_match(
			fields ->> 'UNTIL',
			'^([0-9]{4})([0-9]{2})([0-9]{2})(?:T(?:[01][0-9]|2[0-3])[0-5][0-9][0-5][0-9])?$'
		);
		if m is null then
			return 'until';
		end if;
		if not app_private.is_calendar_date(m[1] || '-' || m[2] || '-' || m[3]) then
			return 'until';
		end if;
		if starts_at is not null and m[1] || m[2] || m[3] < pg_catalog.to_char(starts_at, 'YYYYMMDD') then
			return 'until_before_start';
		end if;
	end if;
	if fields ? 'WKST' and (fields ->> 'WKST') not in ('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU') then
		return 'syntax';
	end if;
	return null;
end;
$$;

-- A recurrence rule of the supported subset (trimmed, at most 500), not ending before `starts_at`:
-- `rrule: <problem>` with the problem named as recurrence.ts names it (`unsupported`, `count`...).
create function app_private.arg_rrule(args jsonb, key text, starts_at timestamp)
returns text
language plpgsql
immutable
as $$
declare
	value text := app_private.arg_label(args, key, 500);
	problem text := app_private.rrule_problem(value, starts_at);
begin
	if problem is not null then
		perform app_private.invalid(key, problem);
	end if;
	return value;
end;
$$;

-- What a series is made of (creation, split, proposals, acceptance), checked and normalised, as a
-- row of public.rituals (only these fields set). Without `capacity` for proposals.
create function app_private.arg_ritual_fields(args jsonb, with_capacity boolean)
returns public.rituals
language plpgsql
immutable
as $$
declare
	fields public.rituals;
begin
	fields.kind := app_private.arg_key(args, 'kind');
	fields.title := app_private.arg_label(args, 'title', 120);
	fields.description := app_private.arg_text(args, 'description', 2000);
	fields.place := app_private.arg_text(args, 'place', 120);
	fields.duration_minutes := app_private.arg_int(args, 'durationMinutes', 5, 1440);
	if with_capacity then
		fields.capacity := app_private.arg_int_or_null(args, 'capacity', 1, 1000);
	end if;
	fields.starts_at := app_private.arg_local_date_time(args, 'startsAt');
	fields.rrule := app_private.arg_rrule(args, 'rrule', fields.starts_at);
	fields.roles := app_private.arg_ritual_roles(args, 'roles');
	return fields;
end;
$$;

-- Occurrences, as the server knows them -----------------------------------------------------------
-- The server does not expand rules: an occurrence is valid when it is at or after the series'
-- start, before its end, and at the series' time of day (docs/rituals.md).
create function app_private.in_series(
	series_start timestamp, series_end timestamp, occurrence_key timestamp
)
returns boolean
language sql
immutable
as $$
	select occurrence_key >= series_start
		and (series_end is null or occurrence_key < series_end)
		and occurrence_key::time = series_start::time
$$;

-- The instant an occurrence starts: its original local start, or where a change moved it, placed
-- in the space's zone like the client's `zonedInstant`.
create function app_private.occurrence_start(series uuid, occurrence_key timestamp, zone text)
returns timestamptz
language sql
stable
as $$
	select app_private.zoned_instant(o.local_start::date, o.local_start::time, zone)
	from (
		select coalesce((
			select c.starts_at from public.occurrence_changes as c
			where c.ritual_id = series and c.occurrence = occurrence_key and not c.deleted
		), occurrence_key) as local_start
	) as o
$$;

-- Whether a host cancelled the occurrence.
create function app_private.occurrence_cancelled(series uuid, occurrence_key timestamp)
returns boolean
language sql
stable
as $$
	select coalesce((
		select c.cancelled from public.occurrence_changes as c
		where c.ritual_id = series and c.occurrence = occurrence_key and not c.deleted
	), false)
$$;

create function app_private.space_zone(space uuid)
returns text
language sql
stable
as $$
	select s.time_zone from public.spaces as s where s.id = space
$$;

-- Handlers ---------------------------------------------------------------------------------------
-- As before: arguments first, then the role (public.memberships), then the rows. The actor comes
-- from the push (auth.uid()), never from the arguments; host actions record who did them.

-- ritual.create@1 (host): a new series; roles with `animates`, a rule of the subset.
create or replace function app_private.m_ritual_create(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	ritual uuid;
	fields public.rituals;
	lead uuid;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'ritualId', 'kind', 'title', 'description', 'place', 'durationMinutes',
		'capacity', 'rrule', 'startsAt', 'roles', 'leadUserId'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	ritual := app_private.arg_uuid(args, 'ritualId');
	fields := app_private.arg_ritual_fields(args, true);
	lead := app_private.arg_uuid_or_null(args, 'leadUserId');
	perform app_private.require_host(actor, space);
	if exists (select 1 from public.rituals as r where r.id = ritual) then
		raise exception using errcode = 'CR003', message = 'ritual exists';
	end if;
	if lead is not null and app_private.role_of(lead, space) is null then
		raise exception using errcode = 'CR002', message = 'lead';
	end if;
	insert into public.rituals (
		id, space_id, kind, title, description, place, duration_minutes, capacity, rrule,
		starts_at, roles, lead_user_id, created_by
	) values (
		ritual, space, fields.kind, fields.title, fields.description, fields.place,
		fields.duration_minutes, fields.capacity, fields.rrule, fields.starts_at, fields.roles, lead,
		actor
	);
	return null;
end;
$$;

-- ritual.update@1 (host): the details of every occurrence (not the schedule: that is a split).
create function app_private.m_ritual_update(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	ritual uuid;
	new_kind text;
	new_title text;
	new_description text;
	new_place text;
	new_duration integer;
	new_capacity integer;
	new_roles jsonb;
	lead uuid;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'ritualId', 'kind', 'title', 'description', 'place', 'durationMinutes',
		'capacity', 'roles', 'leadUserId'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	ritual := app_private.arg_uuid(args, 'ritualId');
	new_kind := app_private.arg_key(args, 'kind');
	new_title := app_private.arg_label(args, 'title', 120);
	new_description := app_private.arg_text(args, 'description', 2000);
	new_place := app_private.arg_text(args, 'place', 120);
	new_duration := app_private.arg_int(args, 'durationMinutes', 5, 1440);
	new_capacity := app_private.arg_int_or_null(args, 'capacity', 1, 1000);
	new_roles := app_private.arg_ritual_roles(args, 'roles');
	lead := app_private.arg_uuid_or_null(args, 'leadUserId');
	perform app_private.require_host(actor, space);
	perform 1 from public.rituals as r
	where r.id = ritual and r.space_id = space and not r.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'ritual';
	end if;
	if lead is not null and app_private.role_of(lead, space) is null then
		raise exception using errcode = 'CR002', message = 'lead';
	end if;
	update public.rituals as r
	set kind = new_kind, title = new_title, description = new_description, place = new_place,
		duration_minutes = new_duration, capacity = new_capacity, roles = new_roles,
		lead_user_id = lead
	where r.id = ritual
		and (r.kind, r.title, r.description, r.place, r.duration_minutes, r.capacity, r.roles,
			r.lead_user_id)
		is distinct from (new_kind, new_title, new_description, new_place, new_duration,
			new_capacity, new_roles, lead);
	return null;
end;
$$;

-- ritual.split@1 (host): "this and following". The series ends before `from` (with the message and
-- the series that continues it); the new series carries on with the new details and rule; the
-- sign-ups, changes and attendance of occurrences from `from` on move to it (their keys compared,
-- no rule expanded). A proposal's series stays linked to its proposal.
create function app_private.m_ritual_split(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	old_id uuid;
	new_id uuid;
	split_at timestamp;
	fields public.rituals;
	lead uuid;
	note text;
	series public.rituals;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'ritualId', 'newRitualId', 'from', 'kind', 'title', 'description', 'place',
		'durationMinutes', 'capacity', 'rrule', 'startsAt', 'roles', 'leadUserId', 'message'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	old_id := app_private.arg_uuid(args, 'ritualId');
	new_id := app_private.arg_uuid(args, 'newRitualId');
	split_at := app_private.arg_local_date_time(args, 'from');
	fields := app_private.arg_ritual_fields(args, true);
	lead := app_private.arg_uuid_or_null(args, 'leadUserId');
	note := app_private.arg_text(args, 'message', 500);
	if fields.starts_at::date < split_at::date then
		perform app_private.invalid('startsAt', 'starts before the split');
	end if;
	perform app_private.require_host(actor, space);
	select * into series from public.rituals as r
	where r.id = old_id and r.space_id = space and not r.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'ritual';
	end if;
	if not app_private.in_series(series.starts_at, series.ends_before, split_at) then
		perform app_private.invalid('from', 'outside the series');
	end if;
	if exists (select 1 from public.rituals as r where r.id = new_id) then
		raise exception using errcode = 'CR003', message = 'ritual exists';
	end if;
	if lead is not null and app_private.role_of(lead, space) is null then
		raise exception using errcode = 'CR002', message = 'lead';
	end if;
	insert into public.rituals (
		id, space_id, kind, title, description, place, duration_minutes, capacity, rrule,
		starts_at, roles, lead_user_id, proposal_id, created_by
	) values (
		new_id, space, fields.kind, fields.title, fields.description, fields.place,
		fields.duration_minutes, fields.capacity, fields.rrule, fields.starts_at, fields.roles, lead,
		series.proposal_id, actor
	);
	update public.rituals as r
	set ends_before = split_at, end_message = note, continued_by = new_id
	where r.id = old_id;
	update public.signups as s set ritual_id = new_id
	where s.ritual_id = old_id and s.occurrence >= split_at;
	update public.occurrence_changes as c set ritual_id = new_id
	where c.ritual_id = old_id and c.occurrence >= split_at;
	update public.attendance as a set ritual_id = new_id
	where a.ritual_id = old_id and a.occurrence >= split_at;
	return null;
end;
$$;

-- ritual.end@1 (host): ends (cancels) the series from `from` on, with a message; `from: null`
-- reopens it, unless a split continued it (conflict `continued`: the continuation holds those
-- occurrences).
create function app_private.m_ritual_end(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	ritual uuid;
	end_at timestamp;
	note text;
	series public.rituals;
begin
	perform app_private.expect_keys(args, array['spaceId', 'ritualId', 'from', 'message']);
	space := app_private.arg_uuid(args, 'spaceId');
	ritual := app_private.arg_uuid(args, 'ritualId');
	end_at := app_private.arg_local_date_time_or_null(args, 'from');
	note := app_private.arg_text(args, 'message', 500);
	perform app_private.require_host(actor, space);
	select * into series from public.rituals as r
	where r.id = ritual and r.space_id = space and not r.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'ritual';
	end if;
	if end_at is null and series.continued_by is not null then
		raise exception using errcode = 'CR003', message = 'continued';
	end if;
	update public.rituals as r set ends_before = end_at, end_message = note
	where r.id = ritual and (r.ends_before, r.end_message) is distinct from (end_at, note);
	return null;
end;
$$;

-- occurrence.change@1 (host): sets the whole change of one occurrence (cancelled, moved,
-- lengthened, relocated, the message); the row of that occurrence keeps its id.
create function app_private.m_occurrence_change(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	change uuid;
	ritual uuid;
	occurrence_key timestamp;
	is_cancelled boolean;
	new_start timestamp;
	new_duration integer;
	new_place text;
	note text;
	series public.rituals;
	existing uuid;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'changeId', 'ritualId', 'occurrence', 'cancelled', 'startsAt', 'durationMinutes',
		'place', 'message'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	change := app_private.arg_uuid(args, 'changeId');
	ritual := app_private.arg_uuid(args, 'ritualId');
	occurrence_key := app_private.arg_local_date_time(args, 'occurrence');
	is_cancelled := app_private.arg_bool(args, 'cancelled');
	new_start := app_private.arg_local_date_time_or_null(args, 'startsAt');
	new_duration := app_private.arg_int_or_null(args, 'durationMinutes', 5, 1440);
	new_place := app_private.arg_text_or_null(args, 'place', 120);
	note := app_private.arg_text(args, 'message', 500);
	perform app_private.require_host(actor, space);
	select * into series from public.rituals as r
	where r.id = ritual and r.space_id = space and not r.deleted;
	if not found then
		raise exception using errcode = 'CR002', message = 'ritual';
	end if;
	if not app_private.in_series(series.starts_at, series.ends_before, occurrence_key) then
		raise exception using errcode = 'CR002', message = 'occurrence';
	end if;
	select c.id into existing from public.occurrence_changes as c
	where c.ritual_id = ritual and c.occurrence = occurrence_key and not c.deleted
	for update;
	if found then
		update public.occurrence_changes as c
		set cancelled = is_cancelled, starts_at = new_start, duration_minutes = new_duration,
			place = new_place, message = note, changed_by = actor, changed_at = pg_catalog.now()
		where c.id = existing
			and (c.cancelled, c.starts_at, c.duration_minutes, c.place, c.message)
			is distinct from (is_cancelled, new_start, new_duration, new_place, note);
		return null;
	end if;
	if exists (select 1 from public.occurrence_changes as c where c.id = change) then
		raise exception using errcode = 'CR003', message = 'change exists';
	end if;
	insert into public.occurrence_changes (
		id, space_id, ritual_id, occurrence, cancelled, starts_at, duration_minutes, place, message,
		changed_by
	) values (
		change, space, ritual, occurrence_key, is_cancelled, new_start, new_duration, new_place, note,
		actor
	);
	return null;
end;
$$;

-- signup.create@1 (member): a request for a place at one occurrence; its rank (the order of
-- places) is the commit order. An occurrence at or after the end of a split series goes to the
-- series that continued it. Refused once the occurrence started (where a change moved it), judged
-- by the device's time of the sign-up, clamped like check-ins.
create or replace function app_private.m_signup_create(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	signup uuid;
	ritual uuid;
	occurrence_key timestamp;
	wanted_role text;
	note text;
	moment timestamptz;
	series public.rituals;
	hops integer := 0;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'signupId', 'ritualId', 'occurrence', 'roleKey', 'note', 'at'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	signup := app_private.arg_uuid(args, 'signupId');
	ritual := app_private.arg_uuid(args, 'ritualId');
	occurrence_key := app_private.arg_local_date_time(args, 'occurrence');
	wanted_role := app_private.arg_role_key(args, 'roleKey');
	note := app_private.arg_text(args, 'note', 500);
	moment := app_private.arg_instant(args, 'at');
	perform app_private.require_member(actor, space);
	loop
		select * into series from public.rituals as r
		where r.id = ritual and r.space_id = space and not r.deleted;
		if not found then
			raise exception using errcode = 'CR002', message = 'ritual';
		end if;
		exit when series.continued_by is null or occurrence_key < series.ends_before or hops >= 100;
		ritual := series.continued_by;
		hops := hops + 1;
	end loop;
	if not app_private.in_series(series.starts_at, series.ends_before, occurrence_key) then
		raise exception using errcode = 'CR002', message = 'occurrence';
	end if;
	if app_private.occurrence_cancelled(ritual, occurrence_key) then
		raise exception using errcode = 'CR003', message = 'cancelled';
	end if;
	if app_private.occurrence_start(ritual, occurrence_key, app_private.space_zone(space))
		<= app_private.clamp_device_time(moment) then
		raise exception using errcode = 'CR001', message = 'too_late';
	end if;
	if wanted_role is not null and not exists (
		select 1 from jsonb_array_elements(series.roles) as r where r.value ->> 'key' = wanted_role
	) then
		perform app_private.invalid('roleKey', 'unknown role');
	end if;
	if exists (select 1 from public.signups as s where s.id = signup) then
		raise exception using errcode = 'CR003', message = 'signup exists';
	end if;
	if exists (
		select 1 from public.signups as s
		where s.ritual_id = ritual and s.occurrence = occurrence_key and s.user_id = actor
			and not s.cancelled and not s.deleted
	) then
		raise exception using errcode = 'CR003', message = 'already signed up';
	end if;
	insert into public.signups (
		id, space_id, ritual_id, occurrence, user_id, role_key, note, created_at
	) values (signup, space, ritual, occurrence_key, actor, wanted_role, note, moment);
	return null;
end;
$$;

-- signup.update@1 (its member): another role or note; the place stays (the rank), a new role
-- queues anew (the role rank). Until the occurrence starts (server time: no device time here).
create function app_private.m_signup_update(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	signup_id uuid;
	wanted_role text;
	new_note text;
	signup public.signups;
	series public.rituals;
begin
	perform app_private.expect_keys(args, array['spaceId', 'signupId', 'roleKey', 'note']);
	space := app_private.arg_uuid(args, 'spaceId');
	signup_id := app_private.arg_uuid(args, 'signupId');
	wanted_role := app_private.arg_role_key(args, 'roleKey');
	new_note := app_private.arg_text(args, 'note', 500);
	perform app_private.require_member(actor, space);
	select * into signup from public.signups as s
	where s.id = signup_id and s.space_id = space and not s.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'signup';
	end if;
	if signup.user_id <> actor then
		raise exception using errcode = 'CR001', message = 'not your signup';
	end if;
	select * into series from public.rituals as r where r.id = signup.ritual_id;
	-- The sign-up was cancelled, or its occurrence.
	if signup.cancelled or app_private.occurrence_cancelled(series.id, signup.occurrence) then
		raise exception using errcode = 'CR003', message = 'cancelled';
	end if;
	if app_private.occurrence_start(series.id, signup.occurrence, app_private.space_zone(space))
		<= pg_catalog.now() then
		raise exception using errcode = 'CR001', message = 'too_late';
	end if;
	if wanted_role is not null and not exists (
		select 1 from jsonb_array_elements(series.roles) as r where r.value ->> 'key' = wanted_role
	) then
		perform app_private.invalid('roleKey', 'unknown role');
	end if;
	update public.signups as s set role_key = wanted_role, note = new_note
	where s.id = signup_id and (s.role_key, s.note) is distinct from (wanted_role, new_note);
	return null;
end;
$$;

-- signup.cancel@1 (its member): until the occurrence starts, judged by the device's time of the
-- cancellation (`at`, clamped like check-ins; the server's time without it). Cancelling twice
-- before the start changes nothing.
create or replace function app_private.m_signup_cancel(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	signup_id uuid;
	moment timestamptz;
	signup public.signups;
begin
	if jsonb_typeof(args) = 'object' and args ? 'at' then
		perform app_private.expect_keys(args, array['spaceId', 'signupId', 'at']);
	else
		perform app_private.expect_keys(args, array['spaceId', 'signupId']);
	end if;
	space := app_private.arg_uuid(args, 'spaceId');
	signup_id := app_private.arg_uuid(args, 'signupId');
	if args ? 'at' then
		moment := app_private.clamp_device_time(app_private.arg_instant(args, 'at'));
	else
		moment := pg_catalog.now();
	end if;
	perform app_private.require_member(actor, space);
	select * into signup from public.signups as s
	where s.id = signup_id and s.space_id = space and not s.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'signup';
	end if;
	if signup.user_id <> actor then
		raise exception using errcode = 'CR001', message = 'not your signup';
	end if;
	if app_private.occurrence_start(signup.ritual_id, signup.occurrence, app_private.space_zone(space))
		<= moment then
		raise exception using errcode = 'CR001', message = 'too_late';
	end if;
	update public.signups as s set cancelled = true where s.id = signup_id and not s.cancelled;
	return null;
end;
$$;

-- proposal.create@1 (member): what, when, the roles, and whether the proposer will lead it.
create function app_private.m_proposal_create(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	proposal uuid;
	fields public.rituals;
	lead_it boolean;
	moment timestamptz;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'proposalId', 'kind', 'title', 'description', 'place', 'durationMinutes',
		'rrule', 'startsAt', 'roles', 'willLead', 'at'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	proposal := app_private.arg_uuid(args, 'proposalId');
	fields := app_private.arg_ritual_fields(args, false);
	lead_it := app_private.arg_bool(args, 'willLead');
	moment := app_private.arg_instant(args, 'at');
	perform app_private.require_member(actor, space);
	if exists (select 1 from public.proposals as p where p.id = proposal) then
		raise exception using errcode = 'CR003', message = 'proposal exists';
	end if;
	insert into public.proposals (
		id, space_id, user_id, kind, title, description, place, duration_minutes, rrule, starts_at,
		roles, will_lead, created_at
	) values (
		proposal, space, actor, fields.kind, fields.title, fields.description, fields.place,
		fields.duration_minutes, fields.rrule, fields.starts_at, fields.roles, lead_it, moment
	);
	return null;
end;
$$;

-- proposal.withdraw@1 (its proposer): while open (a withdrawn one is no longer open).
create function app_private.m_proposal_withdraw(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	proposal_id uuid;
	proposal public.proposals;
begin
	perform app_private.expect_keys(args, array['spaceId', 'proposalId']);
	space := app_private.arg_uuid(args, 'spaceId');
	proposal_id := app_private.arg_uuid(args, 'proposalId');
	perform app_private.require_member(actor, space);
	select * into proposal from public.proposals as p
	where p.id = proposal_id and p.space_id = space and not p.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'proposal';
	end if;
	if proposal.user_id <> actor then
		raise exception using errcode = 'CR001', message = 'not your proposal';
	end if;
	if proposal.status <> 'open' then
		raise exception using errcode = 'CR003', message = 'decided';
	end if;
	update public.proposals as p
	set status = 'withdrawn', decided_by = actor, decided_at = pg_catalog.now()
	where p.id = proposal_id;
	return null;
end;
$$;

-- proposal.accept@1 (host): the open proposal becomes the series `ritualId`, with the details as
-- the host settled them, led by the proposer when they offered to (and are still a member), and
-- linked to the proposal.
create function app_private.m_proposal_accept(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	proposal_id uuid;
	ritual uuid;
	fields public.rituals;
	answer text;
	proposal public.proposals;
	lead uuid;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'proposalId', 'ritualId', 'kind', 'title', 'description', 'place',
		'durationMinutes', 'capacity', 'rrule', 'startsAt', 'roles', 'message'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	proposal_id := app_private.arg_uuid(args, 'proposalId');
	ritual := app_private.arg_uuid(args, 'ritualId');
	fields := app_private.arg_ritual_fields(args, true);
	answer := app_private.arg_text(args, 'message', 500);
	perform app_private.require_host(actor, space);
	select * into proposal from public.proposals as p
	where p.id = proposal_id and p.space_id = space and not p.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'proposal';
	end if;
	if proposal.status <> 'open' then
		raise exception using errcode = 'CR003', message = 'decided';
	end if;
	if exists (select 1 from public.rituals as r where r.id = ritual) then
		raise exception using errcode = 'CR003', message = 'ritual exists';
	end if;
	if proposal.will_lead and app_private.role_of(proposal.user_id, space) is not null then
		lead := proposal.user_id;
	end if;
	insert into public.rituals (
		id, space_id, kind, title, description, place, duration_minutes, capacity, rrule,
		starts_at, roles, lead_user_id, proposal_id, created_by
	) values (
		ritual, space, fields.kind, fields.title, fields.description, fields.place,
		fields.duration_minutes, fields.capacity, fields.rrule, fields.starts_at, fields.roles, lead,
		proposal.id, actor
	);
	update public.proposals as p
	set status = 'accepted', response = answer, ritual_id = ritual, decided_by = actor,
		decided_at = pg_catalog.now()
	where p.id = proposal_id;
	return null;
end;
$$;

-- proposal.decline@1 (host): an open proposal, with the reason.
create function app_private.m_proposal_decline(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	proposal_id uuid;
	answer text;
	proposal public.proposals;
begin
	perform app_private.expect_keys(args, array['spaceId', 'proposalId', 'message']);
	space := app_private.arg_uuid(args, 'spaceId');
	proposal_id := app_private.arg_uuid(args, 'proposalId');
	answer := app_private.arg_label(args, 'message', 500);
	perform app_private.require_host(actor, space);
	select * into proposal from public.proposals as p
	where p.id = proposal_id and p.space_id = space and not p.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'proposal';
	end if;
	if proposal.status <> 'open' then
		raise exception using errcode = 'CR003', message = 'decided';
	end if;
	update public.proposals as p
	set status = 'declined', response = answer, decided_by = actor, decided_at = pg_catalog.now()
	where p.id = proposal_id;
	return null;
end;
$$;

-- attendance.mark@1 (host): once the occurrence started (server time), the whole list of who came
-- and what they did. Each person keeps one row per occurrence (its id stays, a person marked again
-- comes back); people left out are unmarked (soft-deleted).
create function app_private.m_attendance_mark(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	ritual uuid;
	occurrence_key timestamp;
	list jsonb;
	item jsonb;
	idx integer := 0;
	at_path text;
	entries jsonb := '[]';
	people uuid[] := '{}';
	person uuid;
	series public.rituals;
begin
	perform app_private.expect_keys(args, array['spaceId', 'ritualId', 'occurrence', 'entries']);
	space := app_private.arg_uuid(args, 'spaceId');
	ritual := app_private.arg_uuid(args, 'ritualId');
	occurrence_key := app_private.arg_local_date_time(args, 'occurrence');
	list := args -> 'entries';
	if jsonb_typeof(list) is distinct from 'array' then
		perform app_private.invalid('entries', 'not an array');
	end if;
	if jsonb_array_length(list) > 500 then
		perform app_private.invalid('entries', 'more than 500');
	end if;
	for item in select value from jsonb_array_elements(list) loop
		at_path := 'entries.' || idx || '.';
		perform app_private.expect_keys(
			item, array['attendanceId', 'userId', 'part', 'roleKey'], at_path
		);
		person := app_private.arg_uuid(item, 'userId', at_path);
		entries := entries || jsonb_build_array(jsonb_build_object(
			'id', app_private.arg_uuid(item, 'attendanceId', at_path),
			'userId', person,
			'part', app_private.arg_enum(
				item, 'part', array['attended', 'contributed', 'coanimated', 'led'], at_path
			),
			'roleKey', case when jsonb_typeof(item -> 'roleKey') = 'null' then null
				else app_private.arg_key(item, 'roleKey', at_path) end
		));
		if person = any (people) then
			perform app_private.invalid('entries', 'a person appears twice');
		end if;
		people := people || person;
		idx := idx + 1;
	end loop;
	perform app_private.require_host(actor, space);
	select * into series from public.rituals as r
	where r.id = ritual and r.space_id = space and not r.deleted;
	if not found then
		raise exception using errcode = 'CR002', message = 'ritual';
	end if;
	if not app_private.in_series(series.starts_at, series.ends_before, occurrence_key) then
		raise exception using errcode = 'CR002', message = 'occurrence';
	end if;
	if app_private.occurrence_start(ritual, occurrence_key, app_private.space_zone(space))
		> pg_catalog.now() then
		raise exception using errcode = 'CR001', message = 'not_started';
	end if;
	-- Entry by entry: the person is a member, the role is the ritual's.
	idx := 0;
	for item in select value from jsonb_array_elements(entries) loop
		if app_private.role_of((item ->> 'userId')::uuid, space) is null then
			raise exception using errcode = 'CR002', message = 'member';
		end if;
		if item ->> 'roleKey' is not null and not exists (
			select 1 from jsonb_array_elements(series.roles) as r
			where r.value ->> 'key' = item ->> 'roleKey'
		) then
			perform app_private.invalid('entries.' || idx || '.roleKey', 'unknown role');
		end if;
		idx := idx + 1;
	end loop;
	-- An id already used by another person's or occurrence's row.
	if exists (
		select 1 from jsonb_array_elements(entries) as e
		join public.attendance as a on a.id = (e.value ->> 'id')::uuid
		where (a.ritual_id, a.occurrence, a.user_id) is distinct from
			(ritual, occurrence_key, (e.value ->> 'userId')::uuid)
	) then
		raise exception using errcode = 'CR003', message = 'attendance exists';
	end if;
	insert into public.attendance as a (
		id, space_id, ritual_id, occurrence, user_id, part, role_key, marked_by
	)
	select (e.value ->> 'id')::uuid, space, ritual, occurrence_key, (e.value ->> 'userId')::uuid,
		e.value ->> 'part', e.value ->> 'roleKey', actor
	from jsonb_array_elements(entries) as e
	on conflict (ritual_id, occurrence, user_id) do update
	set part = excluded.part, role_key = excluded.role_key, deleted = false,
		marked_by = excluded.marked_by, marked_at = pg_catalog.now()
	where (a.part, a.role_key, a.deleted) is distinct from (excluded.part, excluded.role_key, false);
	update public.attendance as a
	set deleted = true, marked_by = actor, marked_at = pg_catalog.now()
	where a.ritual_id = ritual and a.occurrence = occurrence_key and not a.deleted
		and not a.user_id = any (people);
	return null;
end;
$$;

-- space.vocabulary@1 (host): the space's ritual kinds (with their default roles) and glossary.
create function app_private.m_space_vocabulary(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	list jsonb;
	item jsonb;
	idx integer := 0;
	at_path text;
	kind_key text;
	seen text[] := '{}';
	new_kinds jsonb := '[]';
	new_glossary jsonb := '[]';
begin
	perform app_private.expect_keys(args, array['spaceId', 'kinds', 'glossary']);
	space := app_private.arg_uuid(args, 'spaceId');
	list := args -> 'kinds';
	if jsonb_typeof(list) is distinct from 'array' then
		perform app_private.invalid('kinds', 'not an array');
	end if;
	if jsonb_array_length(list) > 20 then
		perform app_private.invalid('kinds', 'more than 20');
	end if;
	for item in select value from jsonb_array_elements(list) loop
		at_path := 'kinds.' || idx || '.';
		perform app_private.expect_keys(item, array['key', 'label', 'roles'], at_path);
		kind_key := app_private.arg_key(item, 'key', at_path);
		new_kinds := new_kinds || jsonb_build_array(jsonb_build_object(
			'key', kind_key,
			'label', app_private.arg_label(item, 'label', 40, at_path),
			'roles', app_private.arg_ritual_roles(item, 'roles', at_path)
		));
		if kind_key = any (seen) then
			perform app_private.invalid('kinds', 'a kind key appears twice');
		end if;
		seen := seen || kind_key;
		idx := idx + 1;
	end loop;
	list := args -> 'glossary';
	if jsonb_typeof(list) is distinct from 'array' then
		perform app_private.invalid('glossary', 'not an array');
	end if;
	if jsonb_array_length(list) > 40 then
		perform app_private.invalid('glossary', 'more than 40');
	end if;
	idx := 0;
	for item in select value from jsonb_array_elements(list) loop
		at_path := 'glossary.' || idx || '.';
		perform app_private.expect_keys(item, array['term', 'definition'], at_path);
		new_glossary := new_glossary || jsonb_build_array(jsonb_build_object(
			'term', app_private.arg_label(item, 'term', 60, at_path),
			'definition', app_private.arg_label(item, 'definition', 500, at_path)
		));
		idx := idx + 1;
	end loop;
	perform app_private.require_host(actor, space);
	insert into public.vocabularies as y (space_id, kinds, glossary, updated_by)
	values (space, new_kinds, new_glossary, actor)
	on conflict (space_id) do update
	set kinds = excluded.kinds, glossary = excluded.glossary, updated_by = excluded.updated_by,
		updated_at = pg_catalog.now(), deleted = false
	where (y.kinds, y.glossary, y.deleted) is distinct from (excluded.kinds, excluded.glossary, false);
	return null;
end;
$$;

-- profile.presence@1 (member): as before, and the member's attendance marks are re-stamped too, so
-- every device re-receives them with the new shape (named or not).
create or replace function app_private.m_profile_presence(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	visible boolean;
begin
	perform app_private.expect_keys(args, array['spaceId', 'showPresence']);
	space := app_private.arg_uuid(args, 'spaceId');
	visible := app_private.arg_bool(args, 'showPresence');
	perform app_private.require_member(actor, space);
	update public.memberships as m set show_presence = visible
	where m.space_id = space and m.user_id = actor and m.show_presence <> visible;
	if found then
		update public.visits as v set version = v.version
		where v.space_id = space and v.user_id = actor and v.ended_at is null and not v.deleted;
		update public.signups as s set version = s.version
		where s.space_id = space and s.user_id = actor and not s.cancelled and not s.deleted;
		update public.attendance as a set version = a.version
		where a.space_id = space and a.user_id = actor and not a.deleted;
	end if;
	return null;
end;
$$;

-- Dispatcher ------------------------------------------------------------------------------------
create or replace function app_private.apply_mutation(actor uuid, name text, args jsonb)
returns jsonb
language plpgsql
as $$
begin
	case name
		when 'visit.start@1' then return app_private.m_visit_start(actor, args);
		when 'visit.scan@1' then return app_private.m_visit_scan(actor, args);
		when 'visit.startFor@1' then return app_private.m_visit_start_for(actor, args);
		when 'visit.end@1' then return app_private.m_visit_end(actor, args);
		when 'visit.correct@1' then return app_private.m_visit_correct(actor, args);
		when 'visit.confirm@1' then return app_private.m_visit_confirm(actor, args);
		when 'signup.create@1' then return app_private.m_signup_create(actor, args);
		when 'signup.update@1' then return app_private.m_signup_update(actor, args);
		when 'signup.cancel@1' then return app_private.m_signup_cancel(actor, args);
		when 'space.create@1' then return app_private.m_space_create(actor, args);
		when 'space.settings@1' then return app_private.m_space_settings(actor, args);
		when 'space.rotateKey@1' then return app_private.m_space_rotate_key(actor, args);
		when 'space.vocabulary@1' then return app_private.m_space_vocabulary(actor, args);
		when 'membership.add@1' then return app_private.m_membership_add(actor, args);
		when 'membership.join@1' then return app_private.m_membership_join(actor, args);
		when 'profile.presence@1' then return app_private.m_profile_presence(actor, args);
		when 'profile.update@1' then return app_private.m_profile_update(actor, args);
		when 'plan.create@1' then return app_private.m_plan_create(actor, args);
		when 'plan.update@1' then return app_private.m_plan_update(actor, args);
		when 'plan.archive@1' then return app_private.m_plan_archive(actor, args);
		when 'contract.grant@1' then return app_private.m_contract_grant(actor, args);
		when 'adjustment.create@1' then return app_private.m_adjustment_create(actor, args);
		when 'topup.request@1' then return app_private.m_topup_request(actor, args);
		when 'topup.close@1' then return app_private.m_topup_close(actor, args);
		when 'ritual.create@1' then return app_private.m_ritual_create(actor, args);
		when 'ritual.update@1' then return app_private.m_ritual_update(actor, args);
		when 'ritual.split@1' then return app_private.m_ritual_split(actor, args);
		when 'ritual.end@1' then return app_private.m_ritual_end(actor, args);
		when 'occurrence.change@1' then return app_private.m_occurrence_change(actor, args);
		when 'proposal.create@1' then return app_private.m_proposal_create(actor, args);
		when 'proposal.withdraw@1' then return app_private.m_proposal_withdraw(actor, args);
		when 'proposal.accept@1' then return app_private.m_proposal_accept(actor, args);
		when 'proposal.decline@1' then return app_private.m_proposal_decline(actor, args);
		when 'attendance.mark@1' then return app_private.m_attendance_mark(actor, args);
		when 'invitation.create@1' then return app_private.m_invitation_create(actor, args);
		when 'invitation.revoke@1' then return app_private.m_invitation_revoke(actor, args);
		else
			raise exception using errcode = 'CR005', message = left(name, 200);
	end case;
end;
$$;

-- sync_pull ---------------------------------------------------------------------------------------
-- As in 20261126000600_hours.sql, plus: rituals' series ends, continuations and proposals (roles
-- always with `animates`), sign-ups' ranks, and four tables. Occurrence changes and the vocabulary
-- (its id is the space's) go to every member. Proposals only to their proposer and the hosts (a
-- member gets no row of someone else's, not even a tombstone). Attendance: hosts everything; a
-- member their own rows, and others' rows with `userId: null` (and no `markedBy`) unless the part
-- is public (co-animated, led) or that member shows their name.
create or replace function app_private.pull_changes(
	p_client_id uuid, p_space_id uuid, p_cursor jsonb, p_limit integer
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
	actor uuid := auth.uid();
	cursor_rows bigint := 0;
	cursor_results bigint := 0;
	cursor_role text;
	floor_version bigint;
	viewer_role text;
	purged bigint;
	is_host boolean;
	answer jsonb;
	role_seen text;
begin
	if actor is null then
		raise exception using errcode = '42501', message = 'sync_pull: not signed in';
	end if;
	if p_limit is null or p_limit < 1 or p_limit > 1000 then
		raise exception using errcode = 'CL003', message = 'sync_pull: limit must be 1 to 1000';
	end if;
	if p_cursor is not null and jsonb_typeof(p_cursor) <> 'null' then
		if jsonb_typeof(p_cursor) <> 'object'
			or jsonb_typeof(p_cursor -> 'rows') is distinct from 'number'
			or jsonb_typeof(p_cursor -> 'results') is distinct from 'number'
			or jsonb_typeof(p_cursor -> 'floor') is distinct from 'number'
			or jsonb_typeof(p_cursor -> 'role') not in ('string', 'null')
			or (p_cursor -> 'rows')::numeric not between 0 and 9007199254740991
			or (p_cursor -> 'results')::numeric not between 0 and 9007199254740991
			or (p_cursor -> 'floor')::numeric not between 0 and 9007199254740991
		then
			raise exception using errcode = 'CL003', message = 'sync_pull: not a cursor of sync_pull';
		end if;
		cursor_rows := (p_cursor -> 'rows')::numeric::bigint;
		cursor_results := (p_cursor -> 'results')::numeric::bigint;
		floor_version := (p_cursor -> 'floor')::numeric::bigint;
		cursor_role := p_cursor ->> 'role';
	end if;
	perform app_private.claim_client(p_client_id, actor);
	update app_private.sync_clients as c set last_seen_at = pg_catalog.now()
	where c.id = p_client_id and c.last_seen_at < pg_catalog.now() - interval '1 hour';

	if p_space_id is not null then
		viewer_role := app_private.role_of(actor, p_space_id);
		if viewer_role is null then
			return jsonb_build_object('reset', true, 'reason', 'not_member',
				'serverTime', app_private.iso_instant(pg_catalog.clock_timestamp()));
		end if;
		if floor_version is not null then
			if cursor_role is distinct from viewer_role then
				return jsonb_build_object('reset', true, 'reason', 'role_changed',
					'serverTime', app_private.iso_instant(pg_catalog.clock_timestamp()));
			end if;
			select v.purged_through into purged from app_private.space_versions as v
			where v.space_id = p_space_id;
			if cursor_rows < coalesce(purged, 0) then
				return jsonb_build_object('reset', true, 'reason', 'expired',
					'serverTime', app_private.iso_instant(pg_catalog.clock_timestamp()));
			end if;
		end if;
		-- Forgotten check-outs first: the closed visits get new versions, read below.
		perform app_private.close_forgotten_visits(pg_catalog.now(), p_space_id);
	end if;
	is_host := coalesce(viewer_role = 'host', false);

	with
	-- Rows of the space above the cursor, in version order, one more than the limit. Each arm
	-- reads its table's (space_id, version) index in order and stops at the limit, so a page
	-- shapes at most a few times the limit, whatever the size of the space.
	candidates as (
		select * from (
			(select 'spaces' as tbl, s.id::text as id, s.version,
				s.deleted as gone,
				case when not s.deleted then jsonb_build_object(
					'id', s.id, 'name', s.name, 'timeZone', s.time_zone, 'capacity', s.capacity,
					'openingTime', left(s.opening_time::text, 5),
					'closingTime', left(s.closing_time::text, 5),
					'lowThresholdMinutes', s.low_threshold_minutes,
					'overdraftLimitMinutes', s.overdraft_limit_minutes
				) end as payload
			from public.spaces as s
			where s.id = p_space_id and s.version > cursor_rows
			order by version limit p_limit + 1)
			union all
			(select 'memberships', m.space_id || ':' || m.user_id, m.version,
				m.deleted or not (is_host or m.user_id = actor or m.show_presence),
				case when not m.deleted and (is_host or m.user_id = actor or m.show_presence)
				then jsonb_build_object(
					'id', m.space_id || ':' || m.user_id, 'spaceId', m.space_id, 'userId', m.user_id,
					'displayName', m.display_name, 'role', m.role, 'showPresence', m.show_presence
				) end
			from public.memberships as m
			where m.space_id = p_space_id and m.version > cursor_rows
			order by version limit p_limit + 1)
			union all
			(select 'plans', p.id::text, p.version, p.deleted,
				case when not p.deleted then jsonb_build_object(
					'id', p.id, 'spaceId', p.space_id, 'name', p.name, 'kind', p.kind, 'hours', p.hours,
					'validityDays', p.validity_days, 'rules', p.rules, 'archived', p.archived
				) end
			from public.plans as p
			where p.space_id = p_space_id and p.version > cursor_rows
			order by version limit p_limit + 1)
			union all
			(select 'contracts', c.id::text, c.version, c.deleted,
				case when not c.deleted then jsonb_build_object(
					'id', c.id, 'spaceId', c.space_id, 'userId', c.user_id, 'planId', c.plan_id,
					'kind', c.kind, 'startsOn', to_char(c.starts_on, 'YYYY-MM-DD'),
					'expiresOn', to_char(c.expires_on, 'YYYY-MM-DD'),
					'minutesGranted', c.minutes_granted, 'rules', c.rules
				) end
			from public.contracts as c
			where c.space_id = p_space_id and c.version > cursor_rows
				and (is_host or c.user_id = actor)
			order by version limit p_limit + 1)
			union all
			(select 'visits', v.id::text, v.version,
				v.deleted or not (is_host or v.user_id = actor or v.ended_at is null),
				case when not v.deleted and (is_host or v.user_id = actor or v.ended_at is null)
				then jsonb_build_object(
					'id', v.id, 'spaceId', v.space_id,
					'userId', case
						when is_host or v.user_id = actor or coalesce((
							select m.show_presence and not m.deleted from public.memberships as m
							where m.space_id = v.space_id and m.user_id = v.user_id
						), false)
						then v.user_id end,
					'startedAt', app_private.iso_instant(v.started_at),
					'endedAt', app_private.iso_instant(v.ended_at),
					'autoClosed', v.auto_closed, 'flagged', v.flagged, 'reviewed', v.reviewed
				) end
			from public.visits as v
			where v.space_id = p_space_id and v.version > cursor_rows
			order by version limit p_limit + 1)
			union all
			(select 'rituals', r.id::text, r.version, r.deleted,
				case when not r.deleted then jsonb_build_object(
					'id', r.id, 'spaceId', r.space_id, 'kind', r.kind, 'title', r.title,
					'description', r.description, 'place', r.place,
					'durationMinutes', r.duration_minutes, 'capacity', r.capacity, 'rrule', r.rrule,
					'startsAt', to_char(r.starts_at, 'YYYY-MM-DD"T"HH24:MI'),
					'roles', app_private.normal_roles(r.roles), 'leadUserId', r.lead_user_id,
					'endsBefore', to_char(r.ends_before, 'YYYY-MM-DD"T"HH24:MI'),
					'endMessage', r.end_message, 'continuedBy', r.continued_by,
					'proposalId', r.proposal_id
				) end
			from public.rituals as r
			where r.space_id = p_space_id and r.version > cursor_rows
			order by version limit p_limit + 1)
			union all
			(select 'signups', g.id::text, g.version,
				g.deleted or not (is_host or g.user_id = actor or not g.cancelled),
				case when not g.deleted and (is_host or g.user_id = actor or not g.cancelled)
				then (
					select jsonb_build_object(
						'id', g.id, 'spaceId', g.space_id, 'ritualId', g.ritual_id,
						'occurrence', to_char(g.occurrence, 'YYYY-MM-DD"T"HH24:MI'),
						'userId', case when named then g.user_id end, 'roleKey', g.role_key,
						'note', case when named then g.note else '' end,
						'cancelled', g.cancelled, 'createdAt', app_private.iso_instant(g.created_at),
						'rank', g.rank, 'roleRank', g.role_rank
					)
					from (
						select is_host or g.user_id = actor or coalesce((
							select m.show_presence and not m.deleted from public.memberships as m
							where m.space_id = g.space_id and m.user_id = g.user_id
						), false) as named
					) as n
				) end
			from public.signups as g
			where g.space_id = p_space_id and g.version > cursor_rows
			order by version limit p_limit + 1)
			union all
			(select 'invitations', i.id::text, i.version, i.deleted,
				case when not i.deleted then jsonb_build_object(
					'id', i.id, 'spaceId', i.space_id, 'code', i.code, 'createdBy', i.created_by,
					'createdAt', app_private.iso_instant(i.created_at),
					'expiresAt', app_private.iso_instant(i.expires_at), 'maxUses', i.max_uses,
					'uses', i.uses, 'revoked', i.revoked
				) end
			from public.invitations as i
			where i.space_id = p_space_id and i.version > cursor_rows and is_host
			order by version limit p_limit + 1)
			union all
			(select 'adjustments', a.id::text, a.version, a.deleted,
				case when not a.deleted then jsonb_build_object(
					'id', a.id, 'spaceId', a.space_id, 'userId', a.user_id, 'minutes', a.minutes,
					'contractId', a.contract_id, 'localDate', to_char(a.local_date, 'YYYY-MM-DD'),
					'reason', a.reason, 'createdBy', a.created_by,
					'createdAt', app_private.iso_instant(a.created_at)
				) end
			from public.adjustments as a
			where a.space_id = p_space_id and a.version > cursor_rows
				and (is_host or a.user_id = actor)
			order by version limit p_limit + 1)
			union all
			(select 'spaceKeys', k.space_id::text, k.version, k.deleted,
				case when not k.deleted then jsonb_build_object(
					'id', k.space_id, 'spaceId', k.space_id, 'key', k.key,
					'rotatedAt', app_private.iso_instant(k.rotated_at)
				) end
			from public.space_keys as k
			where k.space_id = p_space_id and k.version > cursor_rows and is_host
			order by version limit p_limit + 1)
			union all
			(select 'topupRequests', t.id::text, t.version, t.deleted,
				case when not t.deleted then jsonb_build_object(
					'id', t.id, 'spaceId', t.space_id, 'userId', t.user_id, 'planId', t.plan_id,
					'note', t.note, 'createdAt', app_private.iso_instant(t.created_at),
					'handledAt', app_private.iso_instant(t.handled_at)
				) end
			from public.topup_requests as t
			where t.space_id = p_space_id and t.version > cursor_rows
				and (is_host or t.user_id = actor)
			order by version limit p_limit + 1)
			union all
			(select 'occurrenceChanges', o.id::text, o.version, o.deleted,
				case when not o.deleted then jsonb_build_object(
					'id', o.id, 'spaceId', o.space_id, 'ritualId', o.ritual_id,
					'occurrence', to_char(o.occurrence, 'YYYY-MM-DD"T"HH24:MI'),
					'cancelled', o.cancelled,
					'startsAt', to_char(o.starts_at, 'YYYY-MM-DD"T"HH24:MI'),
					'durationMinutes', o.duration_minutes, 'place', o.place, 'message', o.message,
					'changedAt', app_private.iso_instant(o.changed_at)
				) end
			from public.occurrence_changes as o
			where o.space_id = p_space_id and o.version > cursor_rows
			order by version limit p_limit + 1)
			union all
			(select 'proposals', q.id::text, q.version, q.deleted,
				case when not q.deleted then jsonb_build_object(
					'id', q.id, 'spaceId', q.space_id, 'userId', q.user_id, 'kind', q.kind,
					'title', q.title, 'description', q.description, 'place', q.place,
					'durationMinutes', q.duration_minutes, 'rrule', q.rrule,
					'startsAt', to_char(q.starts_at, 'YYYY-MM-DD"T"HH24:MI'),
					'roles', app_private.normal_roles(q.roles), 'willLead', q.will_lead,
					'status', q.status, 'response', q.response, 'ritualId', q.ritual_id,
					'createdAt', app_private.iso_instant(q.created_at),
					'decidedAt', app_private.iso_instant(q.decided_at)
				) end
			from public.proposals as q
			where q.space_id = p_space_id and q.version > cursor_rows
				and (is_host or q.user_id = actor)
			order by version limit p_limit + 1)
			union all
			(select 'attendance', a.id::text, a.version, a.deleted,
				case when not a.deleted then jsonb_build_object(
					'id', a.id, 'spaceId', a.space_id, 'ritualId', a.ritual_id,
					'occurrence', to_char(a.occurrence, 'YYYY-MM-DD"T"HH24:MI'),
					'userId', case
						when is_host or a.user_id = actor or a.part in ('coanimated', 'led') or coalesce((
							select m.show_presence and not m.deleted from public.memberships as m
							where m.space_id = a.space_id and m.user_id = a.user_id
						), false)
						then a.user_id end,
					'part', a.part, 'roleKey', a.role_key,
					'markedBy', case when is_host or a.user_id = actor then a.marked_by end,
					'markedAt', app_private.iso_instant(a.marked_at)
				) end
			from public.attendance as a
			where a.space_id = p_space_id and a.version > cursor_rows
			order by version limit p_limit + 1)
			union all
			(select 'vocabularies', y.space_id::text, y.version, y.deleted,
				case when not y.deleted then jsonb_build_object(
					'id', y.space_id, 'spaceId', y.space_id, 'kinds', y.kinds, 'glossary', y.glossary
				) end
			from public.vocabularies as y
			where y.space_id = p_space_id and y.version > cursor_rows
			order by version limit p_limit + 1)
		) as u
		order by u.version
		limit p_limit + 1
	),
	page as (
		select c.*, row_number() over (order by c.version) as n from candidates as c
	),
	results as (
		select r.* from app_private.mutation_results as r
		where r.user_id = actor and r.version > cursor_results
		order by r.version
		limit p_limit + 1
	),
	result_page as (
		select r.*, row_number() over (order by r.version) as n from results as r
	)
	select
		jsonb_build_object(
			'reset', false,
			'changes', coalesce((
				select jsonb_agg(
					jsonb_build_object('table', p.tbl, 'id', p.id, 'deleted', p.gone, 'row', p.payload)
					order by p.version
				)
				from page as p
				where p.n <= p_limit
					and not (p.gone and p.version <= coalesce(floor_version, head.version))
			), '[]'::jsonb),
			'results', coalesce((
				select jsonb_agg(jsonb_build_object(
					'clientId', r.client_id, 'mutationId', r.mutation_id, 'name', r.name,
					'args', r.args, 'status', r.status, 'code', r.code, 'detail', r.detail,
					'data', r.data, 'createdAt', app_private.iso_instant(r.created_at)
				) order by r.version)
				from result_page as r
				where r.n <= p_limit
			), '[]'::jsonb),
			'cursor', jsonb_build_object(
				'rows', greatest(cursor_rows, (select max(p.version) from page as p where p.n <= p_limit)),
				'results', greatest(cursor_results,
					(select max(r.version) from result_page as r where r.n <= p_limit)),
				'role', viewer_role,
				'floor', coalesce(floor_version, head.version)
			),
			'hasMore', (select count(*) from page) > p_limit
				or (select count(*) from result_page) > p_limit,
			'lastMutationId', (
				select c.last_mutation_id from app_private.sync_clients as c where c.id = p_client_id
			),
			'serverTime', app_private.iso_instant(pg_catalog.clock_timestamp())
		),
		app_private.role_of(actor, p_space_id)
	into answer, role_seen
	from (
		select coalesce(
			(select v.version from app_private.space_versions as v where v.space_id = p_space_id), 0
		) as version
	) as head;

	-- The role was read by an earlier statement; if it changed in between, the rows above were
	-- shaped for another role than the cursor says. Rare: the client just retries (transient).
	if role_seen is distinct from viewer_role then
		raise exception using errcode = '40001', message = 'sync_pull: membership changed, retry';
	end if;
	return answer;
end;
$$;

-- Purge ----------------------------------------------------------------------------------------
-- As in 20261126000600_hours.sql, plus the four new tables. Parents stay while rows refer to them
-- (the next run takes them once those are gone): a ritual while sign-ups, occurrence changes,
-- attendance, proposals or a split series (`continued_by`) refer to it; a proposal while a ritual
-- came from it.
create or replace function app_private.purge_deleted(horizon interval default '30 days')
returns bigint
language plpgsql
set search_path = ''
as $$
declare
	cutoff timestamptz := pg_catalog.now() - horizon;
	removed bigint;
	results_removed bigint;
begin
	with
	signups as (
		delete from public.signups as t where t.deleted and t.deleted_at < cutoff
		returning t.space_id, t.version
	),
	occurrence_changes as (
		delete from public.occurrence_changes as t where t.deleted and t.deleted_at < cutoff
		returning t.space_id, t.version
	),
	attendance as (
		delete from public.attendance as t where t.deleted and t.deleted_at < cutoff
		returning t.space_id, t.version
	),
	vocabularies as (
		delete from public.vocabularies as t where t.deleted and t.deleted_at < cutoff
		returning t.space_id, t.version
	),
	adjustments as (
		delete from public.adjustments as t where t.deleted and t.deleted_at < cutoff
		returning t.space_id, t.version
	),
	topup_requests as (
		delete from public.topup_requests as t where t.deleted and t.deleted_at < cutoff
		returning t.space_id, t.version
	),
	space_keys as (
		delete from public.space_keys as t where t.deleted and t.deleted_at < cutoff
		returning t.space_id, t.version
	),
	-- Kept while rows still refer to them.
	proposals as (
		delete from public.proposals as t where t.deleted and t.deleted_at < cutoff
			and not exists (select 1 from public.rituals as r where r.proposal_id = t.id)
		returning t.space_id, t.version
	),
	contracts as (
		delete from public.contracts as t where t.deleted and t.deleted_at < cutoff
			and not exists (select 1 from public.adjustments as a where a.contract_id = t.id)
		returning t.space_id, t.version
	),
	visits as (
		delete from public.visits as t where t.deleted and t.deleted_at < cutoff
		returning t.space_id, t.version
	),
	invitations as (
		delete from public.invitations as t where t.deleted and t.deleted_at < cutoff
		returning t.space_id, t.version
	),
	memberships as (
		delete from public.memberships as t where t.deleted and t.deleted_at < cutoff
		returning t.space_id, t.version
	),
	rituals as (
		delete from public.rituals as t where t.deleted and t.deleted_at < cutoff
			and not exists (select 1 from public.signups as s where s.ritual_id = t.id)
			and not exists (select 1 from public.occurrence_changes as c where c.ritual_id = t.id)
			and not exists (select 1 from public.attendance as a where a.ritual_id = t.id)
			and not exists (select 1 from public.proposals as p where p.ritual_id = t.id)
			and not exists (select 1 from public.rituals as r where r.continued_by = t.id)
		returning t.space_id, t.version
	),
	plans as (
		delete from public.plans as t where t.deleted and t.deleted_at < cutoff
			and not exists (select 1 from public.contracts as c where c.plan_id = t.id)
			and not exists (select 1 from public.topup_requests as r where r.plan_id = t.id)
		returning t.space_id, t.version
	),
	gone as (
		select * from signups union all select * from occurrence_changes
		union all select * from attendance union all select * from vocabularies
		union all select * from adjustments union all select * from topup_requests
		union all select * from space_keys union all select * from proposals
		union all select * from contracts union all select * from visits
		union all select * from invitations union all select * from memberships
		union all select * from rituals union all select * from plans
	),
	marked as (
		update app_private.space_versions as v
		set purged_through = greatest(v.purged_through, p.version)
		from (select g.space_id, max(g.version) as version from gone as g group by g.space_id) as p
		where v.space_id = p.space_id
	)
	select count(*) into removed from gone;

	delete from app_private.mutation_results as r where r.created_at < cutoff;
	get diagnostics results_removed = row_count;
	return removed + results_removed;
end;
$$;

-- Privileges ----------------------------------------------------------------------------------
-- Nobody but the owner runs the new functions (the trigger function included: triggers do not need
-- EXECUTE); the policy helpers and the RPCs' implementations keep their grants.
revoke all on all functions in schema app_private from public, anon, authenticated;
grant execute on function
	app_private.push_mutations(uuid, integer, jsonb),
	app_private.pull_changes(uuid, uuid, jsonb, integer),
	app_private.is_member(uuid),
	app_private.is_host(uuid),
	app_private.shares_space_with(uuid),
	app_private.may_see_profile(uuid),
	app_private.is_time_zone(text)
to authenticated;
grant execute on function app_private.is_time_zone(text) to service_role;
