-- Community participation (issue 6): the facts only the participation model reads, and who may
-- write and read them. Welcomes confirmed by newcomers, each member's switches (opted out, happy
-- to be asked), contests of a log entry and their answers, and the space's dated settings.
-- No table holds anyone's score or level: devices compute them from what they may read.
--
-- The client's rules are the source of truth: lib/domain/mutations/catalogue.ts (arguments),
-- lib/domain/types.ts (row shapes: Welcome, ParticipationPrefs, Contest, ParticipationSettings).
-- The mutations, their refusals and who reads what: docs/community.md. Contract:
-- docs/sync-protocol.md; checklist: docs/database.md.

-- Welcomes -------------------------------------------------------------------------------------
-- A newcomer's answer to "who welcomed you?": a member of the space, or nobody in particular
-- (welcomer_id null). One live answer per newcomer and space; answering again replaces it and
-- the row keeps its id. Read by the newcomer, the welcomer named and the hosts.
create table public.welcomes (
	id uuid primary key,
	space_id uuid not null references public.spaces (id) on delete cascade,
	newcomer_id uuid not null references public.profiles (id) on delete cascade,
	welcomer_id uuid references public.profiles (id) on delete set null,
	-- Everyone an earlier answer named: once named, a member's devices hold the row, so when the
	-- answer names someone else they get a tombstone (sync_pull), and nothing more.
	former_welcomers uuid[] not null default '{}',
	-- The device's time of the answer, clamped like check-ins; received_at is the server's.
	confirmed_at timestamptz not null,
	received_at timestamptz not null default now(),
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz,
	constraint welcomes_not_oneself check (welcomer_id <> newcomer_id)
);
create index welcomes_space_version_idx on public.welcomes (space_id, version);
create unique index welcomes_one_per_newcomer on public.welcomes (space_id, newcomer_id)
where not deleted;
create index welcomes_welcomer_idx on public.welcomes (welcomer_id) where welcomer_id is not null;

-- A member's switches ----------------------------------------------------------------------------
-- One row per member and space (pulled with the id `<space_id>:<user_id>`, like memberships).
-- Opted out: out of every score and aggregate from opted_out_at on (set when it turns on, kept
-- while it stays on, cleared when it turns off).
create table public.participation_prefs (
	space_id uuid not null references public.spaces (id) on delete cascade,
	user_id uuid not null references public.profiles (id) on delete cascade,
	opted_out boolean not null default false,
	opted_out_at timestamptz,
	happy_to_be_asked boolean not null default false,
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz,
	primary key (space_id, user_id),
	constraint participation_prefs_opted_out_at check (opted_out = (opted_out_at is not null))
);
create index participation_prefs_space_version_idx on public.participation_prefs (space_id, version);
create index participation_prefs_user_idx on public.participation_prefs (user_id);

-- Contests -------------------------------------------------------------------------------------
-- A member says an entry of their participation log is wrong (`subject`, e.g. `attendance:<id>`);
-- a host answers (resolved_at, resolution, resolved_by).
create table public.contests (
	id uuid primary key,
	space_id uuid not null references public.spaces (id) on delete cascade,
	user_id uuid not null references public.profiles (id) on delete cascade,
	subject text not null
		constraint contests_subject_length check (char_length(subject) <= 200 and btrim(subject) <> ''),
	reason text not null
		constraint contests_reason_length check (char_length(reason) <= 1000 and btrim(reason) <> ''),
	-- The device's time of the contest, clamped like check-ins; received_at is the server's.
	created_at timestamptz not null,
	received_at timestamptz not null default now(),
	resolved_at timestamptz,
	resolution text not null default ''
		constraint contests_resolution_length check (char_length(resolution) <= 1000),
	resolved_by uuid references public.profiles (id) on delete set null,
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz,
	constraint contests_answered check ((resolved_at is null) = (resolution = ''))
);
create index contests_space_version_idx on public.contests (space_id, version);
create index contests_user_idx on public.contests (user_id);

-- The length of JSON.stringify(value) in UTF-16 code units, as the catalogue measures the values
-- of participation.settings@1: no spaces; strings escaped alike (jsonb writes `"`, `\`, \b \f \n
-- \r \t and other control characters as JSON.stringify does, and both leave the rest as is);
-- numbers as JavaScript writes the nearest double (jsonb keeps the decimal: `1.50` stays `1.50`,
-- `1e21` comes out in full, JavaScript writes `1.5` and `1e+21`). Above `cap` it may stop early
-- and return any number above `cap`: every bracket, comma and colon outside strings is also in
-- JSON.stringify's text, so more than `cap` of them are enough to know, without walking a value
-- that could be nested deeper than a walk may go. (Both callers pass 8000.)
create function app_private.json_number_length(value numeric)
returns integer
language plpgsql
immutable
as $$
declare
	written text;
	mantissa text;
	exponent integer := 0;
	digits text;
	n integer;
	k integer;
	minus integer := 0;
begin
	-- Near the ends of the double range, JSON.parse gives Infinity (JSON.stringify writes null)
	-- or 0, where Postgres refuses the cast.
	if abs(value) > 1e308 or (value <> 0 and abs(value) < 1e-307) then
		begin
			written := value::double precision::text;
		exception when numeric_value_out_of_range then
			return case when abs(value) > 1 then 4 else 1 end;
		end;
	else
		written := value::double precision::text;
	end if;
	-- The shortest digits that give the double back (extra_float_digits > 0), as JavaScript's.
	if left(written, 1) = '-' then
		minus := 1;
		written := substr(written, 2);
	end if;
	mantissa := split_part(written, 'e', 1);
	if written like '%e%' then
		exponent := split_part(written, 'e', 2)::integer;
	end if;
	digits := replace(mantissa, '.', '');
	-- value = 0.<digits> × 10^n
	n := case when position('.' in mantissa) > 0 then position('.' in mantissa) - 1
		else length(mantissa) end + exponent;
	k := length(digits);
	digits := ltrim(digits, '0');
	n := n - (k - length(digits));
	digits := rtrim(digits, '0');
	k := length(digits);
	if k = 0 then
		return 1;
	end if;
	-- Number::toString (ECMA-262, 6.1.6.1.20).
	return minus + case
		when k <= n and n <= 21 then n
		when 0 < n and n <= 21 then k + 1
		when -6 < n and n <= 0 then 2 - n + k
		else case when k = 1 then 1 else k + 1 end + 2 + length(abs(n - 1)::text)
	end;
end;
$$;

-- Security definer (pure: it reads no table) because the settings' CHECK constraint calls it as
-- the writing role, and its body looks up json_number_length by name, which needs USAGE on
-- app_private: service_role (admin scripts) gets EXECUTE on this one only.
create function app_private.json_text_length(value jsonb, cap integer)
returns bigint
language plpgsql
immutable
security definer
set search_path = ''
set extra_float_digits = 1
as $$
declare
	written text := value::text;
	bare text;
	structural bigint;
	total bigint;
begin
	if char_length(written) > cap then
		-- Escaped backslashes and quotes out, then whole strings.
		bare := regexp_replace(replace(replace(written, '\\', ''), '\"', ''), '"[^"]*"', '', 'g');
		structural := char_length(bare) - char_length(translate(bare, '[]{},:', ''));
		if structural > cap then
			return structural;
		end if;
	end if;
	select coalesce(sum(case jsonb_typeof(n.node)
		when 'object' then (
			-- {"key":value,...}: braces, quoted keys, colons and commas.
			select 1 + coalesce(sum(
				char_length(q.key) + char_length(regexp_replace(q.key, '[\u0001-\uffff]', '', 'g')) + 2
			), 1)
			from (select to_jsonb(k)::text as key from jsonb_object_keys(n.node) as k) as q
		)
		when 'array' then greatest(jsonb_array_length(n.node) + 1, 2)
		-- Quoted and escaped; characters outside the BMP count 2.
		when 'string' then char_length(n.node::text)
			+ char_length(regexp_replace(n.node::text, '[\u0001-\uffff]', '', 'g'))
		when 'number' then app_private.json_number_length(n.node::numeric)
		when 'boolean' then case when n.node = 'true'::jsonb then 4 else 5 end
		else 4
	end), 0)
	into total
	from jsonb_path_query(value, 'strict $.**') as n (node);
	return total;
end;
$$;

-- Dated settings -------------------------------------------------------------------------------
-- A version of the space's participation settings (weights, thresholds: a JSON object the app
-- checks against the model's bounds before sending), applied from valid_from, published to every
-- member. Several may share a date: devices apply them in the order of their versions.
create table public.participation_settings (
	id uuid primary key,
	space_id uuid not null references public.spaces (id) on delete cascade,
	valid_from date not null,
	values jsonb not null
		constraint participation_settings_values_object check (
			jsonb_typeof(values) = 'object' and app_private.json_text_length(values, 8000) <= 8000
		),
	created_by uuid references public.profiles (id) on delete set null,
	created_at timestamptz not null default now(),
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz
);
create index participation_settings_space_version_idx
on public.participation_settings (space_id, version);

create trigger stamp_version before insert or update on public.welcomes
for each row execute function app_private.stamp_space_version('space_id');
create trigger stamp_version before insert or update on public.participation_prefs
for each row execute function app_private.stamp_space_version('space_id');
create trigger stamp_version before insert or update on public.contests
for each row execute function app_private.stamp_space_version('space_id');
create trigger stamp_version before insert or update on public.participation_settings
for each row execute function app_private.stamp_space_version('space_id');

create trigger set_deleted_at before insert or update on public.welcomes
for each row execute function app_private.set_deleted_at();
create trigger set_deleted_at before insert or update on public.participation_prefs
for each row execute function app_private.set_deleted_at();
create trigger set_deleted_at before insert or update on public.contests
for each row execute function app_private.set_deleted_at();
create trigger set_deleted_at before insert or update on public.participation_settings
for each row execute function app_private.set_deleted_at();

-- Row-level security ----------------------------------------------------------------------------
-- docs/community.md, "Who reads what": welcomes to the newcomer, the welcomer named and the hosts;
-- switches and contests to their member and the hosts; the settings to every member.
alter table public.welcomes enable row level security;
alter table public.participation_prefs enable row level security;
alter table public.contests enable row level security;
alter table public.participation_settings enable row level security;

create policy welcomes_select_named_or_host on public.welcomes
for select to authenticated
using (
	newcomer_id = (select auth.uid())
	or welcomer_id = (select auth.uid())
	or app_private.is_host(space_id)
);

create policy participation_prefs_select_own_or_host on public.participation_prefs
for select to authenticated
using (user_id = (select auth.uid()) or app_private.is_host(space_id));

create policy contests_select_own_or_host on public.contests
for select to authenticated
using (user_id = (select auth.uid()) or app_private.is_host(space_id));

create policy participation_settings_select_as_member on public.participation_settings
for select to authenticated
using (app_private.is_member(space_id));

revoke all on public.welcomes, public.participation_prefs, public.contests,
	public.participation_settings
from public, anon, authenticated;
grant select on public.welcomes, public.participation_prefs, public.contests,
	public.participation_settings
to authenticated;

-- Argument checks --------------------------------------------------------------------------------
-- The values of participation.settings@1 as the catalogue's `v.record(v.string(), v.unknown())`
-- leaves them, then `JSON.stringify(values).length <= 8000`. The record takes any object: an array
-- becomes an object keyed by its indexes ('0', '1', ...), and the keys `__proto__`, `prototype`
-- and `constructor` are left out (nested values are kept as they are). The app sends what it
-- parsed, so the server stores the same object as the device.
create function app_private.arg_settings_values(args jsonb, key text)
returns jsonb
language plpgsql
immutable
as $$
declare
	value jsonb := args -> key;
begin
	if jsonb_typeof(value) = 'object' then
		value := value - array['__proto__', 'prototype', 'constructor'];
	elsif jsonb_typeof(value) is distinct from 'array' then
		perform app_private.invalid(key, 'not an object');
	end if;
	-- Measured before an array becomes an object: the object is longer, and a huge array costs
	-- nothing to refuse.
	if app_private.json_text_length(value, 8000) > 8000 then
		perform app_private.invalid(key, 'too large');
	end if;
	if jsonb_typeof(value) = 'array' then
		value := coalesce((
			select jsonb_object_agg((e.n - 1)::text, e.item)
			from jsonb_array_elements(value) with ordinality as e (item, n)
		), '{}');
		if app_private.json_text_length(value, 8000) > 8000 then
			perform app_private.invalid(key, 'too large');
		end if;
	end if;
	return value;
end;
$$;

-- Handlers ---------------------------------------------------------------------------------------
-- As before: arguments first, then the role (public.memberships), then the rows. The actor comes
-- from the push (auth.uid()), never from the arguments; host actions record who did them.

-- welcome.confirm@1 (member): the caller, a newcomer, names who welcomed them (a member of the
-- space other than themselves) or nobody (null). One answer per newcomer and space: answering
-- again replaces it, the row keeps its id (the id sent is used only for the first answer).
create function app_private.m_welcome_confirm(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	welcome uuid;
	welcomer uuid;
	moment timestamptz;
	existing public.welcomes;
begin
	perform app_private.expect_keys(args, array['spaceId', 'welcomeId', 'welcomerId', 'at']);
	space := app_private.arg_uuid(args, 'spaceId');
	welcome := app_private.arg_uuid(args, 'welcomeId');
	welcomer := app_private.arg_uuid_or_null(args, 'welcomerId');
	moment := app_private.clamp_device_time(app_private.arg_instant(args, 'at'));
	perform app_private.require_member(actor, space);
	if welcomer = actor then
		perform app_private.invalid('welcomerId', 'yourself');
	end if;
	if welcomer is not null and app_private.role_of(welcomer, space) is null then
		raise exception using errcode = 'CR002', message = 'member';
	end if;
	select * into existing from public.welcomes as w
	where w.space_id = space and w.newcomer_id = actor and not w.deleted
	for update;
	if found then
		update public.welcomes as w
		set welcomer_id = welcomer, confirmed_at = moment, received_at = pg_catalog.now(),
			former_welcomers = case
				when existing.welcomer_id is null or existing.welcomer_id is not distinct from welcomer
					or existing.welcomer_id = any (w.former_welcomers)
				then w.former_welcomers
				else w.former_welcomers || existing.welcomer_id
			end
		where w.id = existing.id
			and (w.welcomer_id, w.confirmed_at) is distinct from (welcomer, moment);
		return null;
	end if;
	if exists (select 1 from public.welcomes as w where w.id = welcome) then
		raise exception using errcode = 'CR003', message = 'welcome exists';
	end if;
	insert into public.welcomes (id, space_id, newcomer_id, welcomer_id, confirmed_at)
	values (welcome, space, actor, welcomer, moment);
	return null;
end;
$$;

-- participation.prefs@1 (member): the caller's own switches. Opting out stamps the server's time
-- once (kept while it stays on), opting back in clears it. The same switches again write nothing.
create function app_private.m_participation_prefs(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	out_now boolean;
	happy boolean;
begin
	perform app_private.expect_keys(args, array['spaceId', 'optedOut', 'happyToBeAsked']);
	space := app_private.arg_uuid(args, 'spaceId');
	out_now := app_private.arg_bool(args, 'optedOut');
	happy := app_private.arg_bool(args, 'happyToBeAsked');
	perform app_private.require_member(actor, space);
	insert into public.participation_prefs as p (
		space_id, user_id, opted_out, opted_out_at, happy_to_be_asked
	) values (
		space, actor, out_now, case when out_now then pg_catalog.now() end, happy
	)
	on conflict (space_id, user_id) do update
	set opted_out = excluded.opted_out,
		opted_out_at = case when not excluded.opted_out then null
			when p.opted_out and not p.deleted then p.opted_out_at
			else excluded.opted_out_at end,
		happy_to_be_asked = excluded.happy_to_be_asked,
		deleted = false
	where (p.opted_out, p.happy_to_be_asked, p.deleted)
		is distinct from (excluded.opted_out, excluded.happy_to_be_asked, false);
	return null;
end;
$$;

-- participation.contest@1 (member): the caller contests an entry of their own log, with a reason.
create function app_private.m_participation_contest(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	contest uuid;
	what text;
	why text;
	moment timestamptz;
begin
	perform app_private.expect_keys(args, array['spaceId', 'contestId', 'subject', 'reason', 'at']);
	space := app_private.arg_uuid(args, 'spaceId');
	contest := app_private.arg_uuid(args, 'contestId');
	what := app_private.arg_label(args, 'subject', 200);
	why := app_private.arg_label(args, 'reason', 1000);
	moment := app_private.clamp_device_time(app_private.arg_instant(args, 'at'));
	perform app_private.require_member(actor, space);
	if exists (select 1 from public.contests as c where c.id = contest) then
		raise exception using errcode = 'CR003', message = 'contest exists';
	end if;
	insert into public.contests (id, space_id, user_id, subject, reason, created_at)
	values (contest, space, actor, what, why, moment);
	return null;
end;
$$;

-- participation.resolve@1 (host): answers a contest of the space; answering again replaces the
-- answer (the same answer again writes nothing).
create function app_private.m_participation_resolve(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	contest uuid;
	answer text;
begin
	perform app_private.expect_keys(args, array['spaceId', 'contestId', 'resolution']);
	space := app_private.arg_uuid(args, 'spaceId');
	contest := app_private.arg_uuid(args, 'contestId');
	answer := app_private.arg_label(args, 'resolution', 1000);
	perform app_private.require_host(actor, space);
	perform 1 from public.contests as c
	where c.id = contest and c.space_id = space and not c.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'contest';
	end if;
	update public.contests as c
	set resolution = answer, resolved_at = pg_catalog.now(), resolved_by = actor
	where c.id = contest and c.resolution is distinct from answer;
	return null;
end;
$$;

-- participation.settings@1 (host): a new dated version of the space's settings. Devices apply the
-- versions in the order of their `createdAt` (lib/domain/participation/config.ts,
-- `configChangesFrom`): each is stamped to the millisecond, after every earlier one of the space,
-- so two versions pushed together (one transaction, one now()) still follow the push's order.
-- (The push holds the space's version counter, so versions of a space are created one at a time.)
create function app_private.m_participation_settings(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	settings uuid;
	valid_on date;
	new_values jsonb;
	moment timestamptz;
begin
	perform app_private.expect_keys(args, array['spaceId', 'settingsId', 'validFrom', 'values']);
	space := app_private.arg_uuid(args, 'spaceId');
	settings := app_private.arg_uuid(args, 'settingsId');
	valid_on := app_private.arg_local_date(args, 'validFrom');
	new_values := app_private.arg_settings_values(args, 'values');
	perform app_private.require_host(actor, space);
	if exists (select 1 from public.participation_settings as s where s.id = settings) then
		raise exception using errcode = 'CR003', message = 'settings exist';
	end if;
	select greatest(
		pg_catalog.date_trunc('milliseconds', pg_catalog.now()),
		max(s.created_at) + interval '1 millisecond'
	) into moment
	from public.participation_settings as s
	where s.space_id = space;
	insert into public.participation_settings (
		id, space_id, valid_from, values, created_by, created_at
	) values (settings, space, valid_on, new_values, actor, moment);
	return null;
end;
$$;

-- Dispatcher ------------------------------------------------------------------------------------
-- Every mutation of the catalogue, the five of issue 6 included.
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
		when 'welcome.confirm@1' then return app_private.m_welcome_confirm(actor, args);
		when 'participation.prefs@1' then return app_private.m_participation_prefs(actor, args);
		when 'participation.contest@1' then return app_private.m_participation_contest(actor, args);
		when 'participation.resolve@1' then return app_private.m_participation_resolve(actor, args);
		when 'participation.settings@1' then return app_private.m_participation_settings(actor, args);
		else
			raise exception using errcode = 'CR005', message = left(name, 200);
	end case;
end;
$$;

-- sync_pull ---------------------------------------------------------------------------------------
-- As in 20261206000100_rituals.sql, plus the four tables of docs/community.md ("Who reads what").
-- Settings go to every member. Switches and contests only to their member and the hosts (a member
-- gets no row of someone else's, not even a tombstone). Welcomes to the newcomer, the welcomer the
-- answer names and the hosts; someone an earlier answer named gets a tombstone when the answer
-- names someone else (their devices held the row: like a visit that closes or a name that is no
-- longer shown), and from then on only tombstones of it, never its content.
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
			union all
			(select 'welcomes', e.id::text, e.version,
				e.deleted or not (
					is_host or e.newcomer_id = actor or e.welcomer_id is not distinct from actor
				),
				case when not e.deleted
					and (is_host or e.newcomer_id = actor or e.welcomer_id is not distinct from actor)
				then jsonb_build_object(
					'id', e.id, 'spaceId', e.space_id, 'newcomerId', e.newcomer_id,
					'welcomerId', e.welcomer_id, 'confirmedAt', app_private.iso_instant(e.confirmed_at)
				) end
			from public.welcomes as e
			where e.space_id = p_space_id and e.version > cursor_rows
				and (is_host or e.newcomer_id = actor or e.welcomer_id is not distinct from actor
					or actor = any (e.former_welcomers))
			order by version limit p_limit + 1)
			union all
			(select 'participationPrefs', f.space_id || ':' || f.user_id, f.version, f.deleted,
				case when not f.deleted then jsonb_build_object(
					'id', f.space_id || ':' || f.user_id, 'spaceId', f.space_id, 'userId', f.user_id,
					'optedOut', f.opted_out, 'optedOutAt', app_private.iso_instant(f.opted_out_at),
					'happyToBeAsked', f.happy_to_be_asked
				) end
			from public.participation_prefs as f
			where f.space_id = p_space_id and f.version > cursor_rows
				and (is_host or f.user_id = actor)
			order by version limit p_limit + 1)
			union all
			(select 'contests', x.id::text, x.version, x.deleted,
				case when not x.deleted then jsonb_build_object(
					'id', x.id, 'spaceId', x.space_id, 'userId', x.user_id, 'subject', x.subject,
					'reason', x.reason, 'createdAt', app_private.iso_instant(x.created_at),
					'resolvedAt', app_private.iso_instant(x.resolved_at), 'resolution', x.resolution
				) end
			from public.contests as x
			where x.space_id = p_space_id and x.version > cursor_rows
				and (is_host or x.user_id = actor)
			order by version limit p_limit + 1)
			union all
			(select 'participationSettings', z.id::text, z.version, z.deleted,
				case when not z.deleted then jsonb_build_object(
					'id', z.id, 'spaceId', z.space_id, 'validFrom', to_char(z.valid_from, 'YYYY-MM-DD'),
					'values', z.values, 'createdBy', z.created_by,
					'createdAt', app_private.iso_instant(z.created_at)
				) end
			from public.participation_settings as z
			where z.space_id = p_space_id and z.version > cursor_rows
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
-- As in 20261206000100_rituals.sql, plus the four new tables (nothing refers to their rows).
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
	welcomes as (
		delete from public.welcomes as t where t.deleted and t.deleted_at < cutoff
		returning t.space_id, t.version
	),
	participation_prefs as (
		delete from public.participation_prefs as t where t.deleted and t.deleted_at < cutoff
		returning t.space_id, t.version
	),
	contests as (
		delete from public.contests as t where t.deleted and t.deleted_at < cutoff
		returning t.space_id, t.version
	),
	participation_settings as (
		delete from public.participation_settings as t where t.deleted and t.deleted_at < cutoff
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
		union all select * from welcomes union all select * from participation_prefs
		union all select * from contests union all select * from participation_settings
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
-- Nobody but the owner runs the new functions; the policy helpers and the RPCs' implementations
-- keep their grants. The settings' CHECK constraint calls json_text_length as the writing role:
-- service_role (admin scripts) gets EXECUTE on it, like is_time_zone.
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
grant execute on function app_private.json_text_length(jsonb, integer) to service_role;
