-- Hours and check-ins (issue 4): space settings and check-in keys, plan edits, host credits and
-- debits, top-up requests, check-ins by QR code and on behalf, check-out rules at closing time,
-- corrections and confirmations of visits, and the job that closes forgotten check-outs.
--
-- The client's rules are the source of truth: lib/domain/mutations/catalogue.ts (arguments),
-- lib/domain/types.ts (row shapes), lib/domain/auto-close.ts (`closingAfter`, `endOfVisit`,
-- `correctionRefusal`), lib/domain/visit-times.ts (`clampDeviceTime`). The cases both sides must
-- agree on are in tests/vectors/visit-rules.json. Contract: docs/sync-protocol.md; checklist and
-- the job: docs/database.md ("Forgotten check-outs").

-- Spaces and visits gain what the rules need -----------------------------------------------------
alter table public.spaces
	add column low_threshold_minutes integer not null default 60
		constraint spaces_low_threshold_range check (low_threshold_minutes between 0 and 100000),
	-- Null: no limit to a member's debt.
	add column overdraft_limit_minutes integer default 600
		constraint spaces_overdraft_limit_range check (overdraft_limit_minutes between 0 and 100000);

-- Confirmed or corrected after an automatic close or a flag: a member may do it once.
alter table public.visits add column reviewed boolean not null default false;

-- The open visits of a space, for the forgotten check-outs (each pull of the space looks).
create index visits_open_by_space_idx on public.visits (space_id)
where ended_at is null and not deleted;

-- New synced tables ------------------------------------------------------------------------------
-- Like the others (20261126000200_sync_tables.sql): space_id, version stamped from the space's
-- counter, soft deletes, checks repeating the catalogue's limits as a last line.

-- A host's credit (minutes > 0) or debit (< 0) of a member's hours.
create table public.adjustments (
	id uuid primary key,
	space_id uuid not null references public.spaces (id) on delete cascade,
	user_id uuid not null references public.profiles (id) on delete cascade,
	minutes integer not null
		constraint adjustments_minutes_range check (minutes <> 0 and minutes between -100000 and 100000),
	-- The contract credited or debited; null: a standalone credit or debit. The purge keeps a
	-- deleted contract while an adjustment refers to it.
	contract_id uuid references public.contracts (id),
	-- The local date it takes effect, in the space's zone.
	local_date date not null,
	reason text not null
		constraint adjustments_reason_length check (char_length(reason) <= 200 and btrim(reason) <> ''),
	created_by uuid references public.profiles (id) on delete set null,
	created_at timestamptz not null default now(),
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz
);
create index adjustments_space_version_idx on public.adjustments (space_id, version);
create index adjustments_user_idx on public.adjustments (user_id);
create index adjustments_contract_idx on public.adjustments (contract_id);

-- The space's current check-in key, printed in its QR posters: one row per space, hosts only.
-- A rotation replaces the key, so old posters stop working. (No (space_id, version) index: the
-- primary key finds the one row.)
create table public.space_keys (
	space_id uuid primary key references public.spaces (id) on delete cascade,
	key text not null constraint space_keys_key_format check (key ~ '^[A-Za-z0-9_-]{22}$'),
	rotated_at timestamptz not null default now(),
	rotated_by uuid references public.profiles (id) on delete set null,
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz
);

-- A member asks the hosts for more hours; a contract granted to them (or a host) closes it.
create table public.topup_requests (
	id uuid primary key,
	space_id uuid not null references public.spaces (id) on delete cascade,
	user_id uuid not null references public.profiles (id) on delete cascade,
	-- The purge keeps a deleted plan while a request names it.
	plan_id uuid references public.plans (id),
	note text not null default ''
		constraint topup_requests_note_length check (char_length(note) <= 500),
	created_at timestamptz not null default now(),
	handled_at timestamptz,
	handled_by uuid references public.profiles (id) on delete set null,
	version bigint not null default 0,
	deleted boolean not null default false,
	deleted_at timestamptz
);
create index topup_requests_space_version_idx on public.topup_requests (space_id, version);
create index topup_requests_user_idx on public.topup_requests (user_id);
create index topup_requests_plan_idx on public.topup_requests (plan_id);

create trigger stamp_version before insert or update on public.adjustments
for each row execute function app_private.stamp_space_version('space_id');
create trigger stamp_version before insert or update on public.space_keys
for each row execute function app_private.stamp_space_version('space_id');
create trigger stamp_version before insert or update on public.topup_requests
for each row execute function app_private.stamp_space_version('space_id');

create trigger set_deleted_at before insert or update on public.adjustments
for each row execute function app_private.set_deleted_at();
create trigger set_deleted_at before insert or update on public.space_keys
for each row execute function app_private.set_deleted_at();
create trigger set_deleted_at before insert or update on public.topup_requests
for each row execute function app_private.set_deleted_at();

-- Row-level security ----------------------------------------------------------------------------
-- Members read their own credits and requests, hosts all of their space; the check-in key only
-- hosts (a member who could read it could check in without being there).
alter table public.adjustments enable row level security;
alter table public.space_keys enable row level security;
alter table public.topup_requests enable row level security;

create policy adjustments_select_own_or_host on public.adjustments
for select to authenticated
using (user_id = (select auth.uid()) or app_private.is_host(space_id));

create policy topup_requests_select_own_or_host on public.topup_requests
for select to authenticated
using (user_id = (select auth.uid()) or app_private.is_host(space_id));

create policy space_keys_select_as_host on public.space_keys
for select to authenticated
using (app_private.is_host(space_id));

revoke all on public.adjustments, public.space_keys, public.topup_requests
from public, anon, authenticated;
grant select on public.adjustments, public.space_keys, public.topup_requests to authenticated;

-- Visit rules, the same as the client's --------------------------------------------------------
-- Pure functions, checked against tests/vectors/visit-rules.json from both sides. Not security
-- definer, no SET clause (docs/database.md, checklist item 5): every name is qualified.

-- The instant at which the wall clock of `zone` shows `local_day` at `clock`: lib/domain/time.ts
-- `zonedInstant`, step by step. A wall time shown twice (autumn night) is its first occurrence; one
-- skipped (spring night) is read with the offset before the change, so it lands after the gap.
-- (Plain `timestamp at time zone` takes the second occurrence of a repeated wall time, so it would
-- disagree with the client one night a year for a closing time between 02:00 and 03:00.)
create function app_private.zoned_instant(local_day date, clock time, zone text)
returns timestamptz
language sql
stable
as $$
	-- `early` reads the wall time with the offset in force a day before, `late` with the one a
	-- day after (a zone changes offset at most twice a year); each offset is "local minus UTC".
	select case
		when pg_catalog.date_trunc('minute', c.late at time zone zone) = c.wall
			and (pg_catalog.date_trunc('minute', c.early at time zone zone) <> c.wall
				or c.late < c.early)
		then c.late
		else c.early
	end
	from (
		select o.wall,
			(o.wall - ((o.wall - interval '1 day') at time zone 'UTC' at time zone zone
				- (o.wall - interval '1 day'))) at time zone 'UTC' as early,
			(o.wall - ((o.wall + interval '1 day') at time zone 'UTC' at time zone zone
				- (o.wall + interval '1 day'))) at time zone 'UTC' as late
		from (select local_day + clock as wall) as o
	) as c
$$;

-- The first closing time of the space strictly after a visit started: that local day's closing
-- time, or the next day's for a visit started at or after closing (`closingAfter`).
create function app_private.closing_after(started_at timestamptz, time_zone text, closing_time time)
returns timestamptz
language sql
stable
as $$
	select case
		when app_private.zoned_instant(d.local_day, closing_time, time_zone) > started_at
		then app_private.zoned_instant(d.local_day, closing_time, time_zone)
		else app_private.zoned_instant(d.local_day + 1, closing_time, time_zone)
	end
	from (select (started_at at time zone time_zone)::date as local_day) as d
$$;

-- Device times are facts, but implausible ones are clamped to the receiver's window
-- (`clampDeviceTime`): more than 5 minutes ahead → the receive time; older than the offline limit
-- → that limit. 168 hours, not '7 days': a day of an interval follows the session's time zone
-- across a DST night, the client's limit is exactly 7 × 24 hours.
create function app_private.clamp_device_time(device_time timestamptz, received_at timestamptz)
returns timestamptz
language sql
stable
as $$
	select case
		when device_time > received_at + interval '5 minutes' then received_at
		when device_time < received_at - interval '168 hours' then received_at - interval '168 hours'
		else device_time
	end
$$;

-- The handlers' version: received now, to the millisecond. The app knows instants to the
-- millisecond (toISOString); a clamped time kept to the microsecond would differ from the one the
-- device pulls back, and a correction sending that start back would read as a moved start.
create or replace function app_private.clamp_device_time(device_time timestamptz)
returns timestamptz
language sql
stable
as $$
	select app_private.clamp_device_time(
		device_time, pg_catalog.date_trunc('milliseconds', pg_catalog.now())
	)
$$;

-- Whether a visit may get new times (`correctionRefusal`): null when allowed, else why not. A
-- member: only their own auto-closed visit, once (confirmed or corrected, it is reviewed), within
-- 7 days of its end, the end only, between the start and the current end. A host: any closed
-- visit of their space (the caller checks the space), never ending before it starts. The order of
-- the checks is the client's, so both give the same reason.
create function app_private.correction_refusal(
	started_at timestamptz,
	ended_at timestamptz,
	auto_closed boolean,
	reviewed boolean,
	new_started_at timestamptz,
	new_ended_at timestamptz,
	by_owner boolean,
	by_host boolean,
	now_at timestamptz
)
returns text
language sql
immutable
as $$
	select case
		when ended_at is null then 'not_closed'
		when new_ended_at < new_started_at then 'before_start'
		when by_host then null
		when not by_owner then 'not_yours'
		when not auto_closed then 'not_auto_closed'
		when reviewed then 'already_reviewed'
		when now_at - ended_at > interval '168 hours' then 'too_late'
		when new_started_at <> started_at then 'start_changed'
		when new_ended_at > ended_at then 'after_auto_close'
	end
$$;

-- Forgotten check-outs ---------------------------------------------------------------------------
-- Closes every open visit (of one space, or all) whose space closed since it started, at that
-- closing time, marked auto_closed. The end depends on the visit and its space only, never on
-- when this runs: running it late, twice, or from several places gives the same rows. Run by
-- sync_pull for the pulled space (a device never reads a visit that should be closed) and, where
-- pg_cron exists, every 5 minutes for all spaces (docs/database.md, "Forgotten check-outs").
-- An entry point of pg_cron (as postgres, with the session's search_path): pinned.
create function app_private.close_forgotten_visits(
	p_now timestamptz default pg_catalog.now(), p_space uuid default null
)
returns integer
language plpgsql
set search_path = ''
as $$
declare
	closed integer;
begin
	-- The usual case for a pull: nothing due, no lock, no write.
	if not exists (
		select 1 from public.visits as v join public.spaces as s on s.id = v.space_id
		where v.ended_at is null and not v.deleted
			and (p_space is null or v.space_id = p_space)
			and app_private.closing_after(v.started_at, s.time_zone, s.closing_time) <= p_now
	) then
		return 0;
	end if;
	-- Lock the version counters of the spaces concerned before the visits, in space id order like
	-- sync_push: locking a visit, then the counter (through the stamping trigger) while a push
	-- holds that counter and waits for the visit, would deadlock.
	perform 1 from app_private.space_versions as c
	where c.space_id in (
		select v.space_id from public.visits as v join public.spaces as s on s.id = v.space_id
		where v.ended_at is null and not v.deleted
			and (p_space is null or v.space_id = p_space)
			and app_private.closing_after(v.started_at, s.time_zone, s.closing_time) <= p_now
	)
	order by c.space_id
	for update;
	-- Rows ended meanwhile (a check-out committed since the test above) are skipped: the update
	-- re-checks `ended_at is null` on the row it locks.
	update public.visits as v
	set ended_at = app_private.closing_after(v.started_at, s.time_zone, s.closing_time),
		auto_closed = true
	from public.spaces as s
	where s.id = v.space_id and v.ended_at is null and not v.deleted
		and (p_space is null or v.space_id = p_space)
		and app_private.closing_after(v.started_at, s.time_zone, s.closing_time) <= p_now;
	get diagnostics closed = row_count;
	return closed;
end;
$$;

-- Argument checks --------------------------------------------------------------------------------
create function app_private.arg_checkin_key(args jsonb, key text)
returns text
language plpgsql
immutable
as $$
declare
	value text := app_private.arg_string(args, key);
begin
	if value !~ '^[A-Za-z0-9_-]{22}$' then
		perform app_private.invalid(key, 'not a check-in key');
	end if;
	return value;
end;
$$;

-- An integer within bounds that is not zero (a credit or a debit).
create function app_private.arg_nonzero_int(args jsonb, key text, min integer, max integer)
returns integer
language plpgsql
immutable
as $$
declare
	value integer := app_private.arg_int(args, key, min, max);
begin
	if value = 0 then
		perform app_private.invalid(key, 'zero');
	end if;
	return value;
end;
$$;

-- Handlers ---------------------------------------------------------------------------------------
-- As in 20261126000300_sync_handlers.sql: run as the owner inside sync_push, executable by nobody
-- else; arguments first, then the role, then the rows.

-- space.settings@1 (host): capacity, hours, and the member balance thresholds.
create function app_private.m_space_settings(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	new_capacity integer;
	opening time;
	closing time;
	low_threshold integer;
	overdraft_limit integer;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'capacity', 'openingTime', 'closingTime', 'lowThresholdMinutes',
		'overdraftLimitMinutes'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	new_capacity := app_private.arg_int(args, 'capacity', 1, 10000);
	opening := app_private.arg_clock_time(args, 'openingTime');
	closing := app_private.arg_clock_time(args, 'closingTime');
	low_threshold := app_private.arg_int(args, 'lowThresholdMinutes', 0, 100000);
	overdraft_limit := app_private.arg_int_or_null(args, 'overdraftLimitMinutes', 0, 100000);
	if opening >= closing then
		perform app_private.invalid('openingTime', 'opens after it closes');
	end if;
	perform app_private.require_host(actor, space);
	-- The same settings again change nothing (no new version to pull).
	update public.spaces as s
	set capacity = new_capacity, opening_time = opening, closing_time = closing,
		low_threshold_minutes = low_threshold, overdraft_limit_minutes = overdraft_limit
	where s.id = space
		and (s.capacity, s.opening_time, s.closing_time, s.low_threshold_minutes,
			s.overdraft_limit_minutes)
		is distinct from (new_capacity, opening, closing, low_threshold, overdraft_limit);
	return null;
end;
$$;

-- space.rotateKey@1 (host): a new check-in key; the old posters stop working at once.
create function app_private.m_space_rotate_key(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	new_key text;
begin
	perform app_private.expect_keys(args, array['spaceId', 'key']);
	space := app_private.arg_uuid(args, 'spaceId');
	new_key := app_private.arg_checkin_key(args, 'key');
	perform app_private.require_host(actor, space);
	insert into public.space_keys as k (space_id, key, rotated_at, rotated_by)
	values (space, new_key, pg_catalog.now(), actor)
	on conflict (space_id) do update
	set key = excluded.key, rotated_at = excluded.rotated_at, rotated_by = excluded.rotated_by,
		deleted = false;
	return null;
end;
$$;

-- plan.update@1 (host): name, allowance and rules; the kind stays, and contracts already sold keep
-- their copy of the rules. plan.create checks nothing beyond its arguments; neither does this.
create function app_private.m_plan_update(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	plan uuid;
	new_name text;
	new_hours integer;
	new_validity integer;
	new_rules jsonb;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'planId', 'name', 'hours', 'validityDays', 'rules'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	plan := app_private.arg_uuid(args, 'planId');
	new_name := app_private.arg_label(args, 'name', 80);
	new_hours := app_private.arg_int_or_null(args, 'hours', 1, 10000);
	new_validity := app_private.arg_int_or_null(args, 'validityDays', 1, 3660);
	new_rules := app_private.arg_billing_rules(args, 'rules');
	perform app_private.require_host(actor, space);
	perform 1 from public.plans as p
	where p.id = plan and p.space_id = space and not p.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'plan';
	end if;
	update public.plans as p
	set name = new_name, hours = new_hours, validity_days = new_validity, rules = new_rules
	where p.id = plan
		and (p.name, p.hours, p.validity_days, p.rules)
		is distinct from (new_name, new_hours, new_validity, new_rules);
	return null;
end;
$$;

-- plan.archive@1 (host): an archived plan is no longer offered; its contracts run on.
create function app_private.m_plan_archive(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	plan uuid;
	wanted boolean;
begin
	perform app_private.expect_keys(args, array['spaceId', 'planId', 'archived']);
	space := app_private.arg_uuid(args, 'spaceId');
	plan := app_private.arg_uuid(args, 'planId');
	wanted := app_private.arg_bool(args, 'archived');
	perform app_private.require_host(actor, space);
	perform 1 from public.plans as p
	where p.id = plan and p.space_id = space and not p.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'plan';
	end if;
	update public.plans as p set archived = wanted where p.id = plan and p.archived <> wanted;
	return null;
end;
$$;

-- contract.grant@1 (host): as before, and the member's open top-up requests in the space are
-- handled by this sale.
create or replace function app_private.m_contract_grant(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	contract uuid;
	plan_id uuid;
	member uuid;
	starts date;
	plan public.plans;
begin
	perform app_private.expect_keys(args, array['spaceId', 'contractId', 'planId', 'userId', 'startsOn']);
	space := app_private.arg_uuid(args, 'spaceId');
	contract := app_private.arg_uuid(args, 'contractId');
	plan_id := app_private.arg_uuid(args, 'planId');
	member := app_private.arg_uuid(args, 'userId');
	starts := app_private.arg_local_date(args, 'startsOn');
	perform app_private.require_host(actor, space);
	select * into plan from public.plans as p
	where p.id = plan_id and p.space_id = space and not p.deleted;
	if not found then
		raise exception using errcode = 'CR002', message = 'plan';
	end if;
	if app_private.role_of(member, space) is null then
		raise exception using errcode = 'CR002', message = 'member';
	end if;
	if exists (select 1 from public.contracts as c where c.id = contract) then
		raise exception using errcode = 'CR003', message = 'contract exists';
	end if;
	insert into public.contracts (
		id, space_id, user_id, plan_id, kind, starts_on, expires_on, minutes_granted, rules, granted_by
	) values (
		contract, space, member, plan.id, plan.kind, starts,
		case when plan.kind = 'pack' and plan.validity_days is not null
			then starts + (plan.validity_days - 1) end,
		plan.hours * 60,
		plan.rules,
		actor
	);
	update public.topup_requests as r
	set handled_at = pg_catalog.now(), handled_by = actor
	where r.space_id = space and r.user_id = member and r.handled_at is null and not r.deleted;
	return null;
end;
$$;

-- Opens a visit for `person` at `moment` (already clamped). Their open visit, in any space, is
-- closed first: at its space's closing time, marked, if that time has come by `moment` (a
-- forgotten check-out, as the job would have closed it); else, in the same space, the check-in is
-- refused; elsewhere, it ends when this one starts. lib/domain/visits.ts `checkIn`.
create function app_private.open_visit(
	person uuid, space uuid, visit uuid, moment timestamptz, clamped boolean
)
returns void
language plpgsql
as $$
declare
	current_visit public.visits;
	close_at timestamptz;
begin
	if exists (select 1 from public.visits as v where v.id = visit) then
		raise exception using errcode = 'CR003', message = 'visit exists';
	end if;
	select * into current_visit from public.visits as v
	where v.user_id = person and v.ended_at is null and not v.deleted
	for update;
	if found then
		select app_private.closing_after(current_visit.started_at, s.time_zone, s.closing_time)
		into close_at
		from public.spaces as s where s.id = current_visit.space_id;
		if close_at <= moment then
			update public.visits as v set ended_at = close_at, auto_closed = true
			where v.id = current_visit.id;
		elsif current_visit.space_id = space then
			raise exception using errcode = 'CR003', message = 'already checked in';
		else
			update public.visits as v set ended_at = greatest(current_visit.started_at, moment)
			where v.id = current_visit.id;
		end if;
	end if;
	insert into public.visits (id, space_id, user_id, started_at, flagged)
	values (visit, space, person, moment, clamped);
end;
$$;

-- visit.start@1 (member): a fact; see app_private.open_visit.
create or replace function app_private.m_visit_start(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	visit uuid;
	moment timestamptz;
	clamped boolean;
begin
	perform app_private.expect_keys(args, array['spaceId', 'visitId', 'at']);
	space := app_private.arg_uuid(args, 'spaceId');
	visit := app_private.arg_uuid(args, 'visitId');
	moment := app_private.arg_instant(args, 'at');
	clamped := moment <> app_private.clamp_device_time(moment);
	moment := app_private.clamp_device_time(moment);
	perform app_private.require_member(actor, space);
	perform app_private.open_visit(actor, space, visit, moment, clamped);
	return null;
end;
$$;

-- visit.scan@1 (member): checking in with the key of the space's QR poster. A key that is not the
-- current one (rotated, or none set) is refused `forbidden` `qr_key`, and nothing is written.
create function app_private.m_visit_scan(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	visit uuid;
	moment timestamptz;
	clamped boolean;
	scanned text;
begin
	perform app_private.expect_keys(args, array['spaceId', 'visitId', 'at', 'key']);
	space := app_private.arg_uuid(args, 'spaceId');
	visit := app_private.arg_uuid(args, 'visitId');
	moment := app_private.arg_instant(args, 'at');
	scanned := app_private.arg_checkin_key(args, 'key');
	clamped := moment <> app_private.clamp_device_time(moment);
	moment := app_private.clamp_device_time(moment);
	perform app_private.require_member(actor, space);
	if not exists (
		select 1 from public.space_keys as k
		where k.space_id = space and k.key = scanned and not k.deleted
	) then
		raise exception using errcode = 'CR001', message = 'qr_key';
	end if;
	perform app_private.open_visit(actor, space, visit, moment, clamped);
	return null;
end;
$$;

-- visit.startFor@1 (host): checks a member of the space in on their behalf.
create function app_private.m_visit_start_for(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	visit uuid;
	member uuid;
	moment timestamptz;
	clamped boolean;
begin
	perform app_private.expect_keys(args, array['spaceId', 'visitId', 'userId', 'at']);
	space := app_private.arg_uuid(args, 'spaceId');
	visit := app_private.arg_uuid(args, 'visitId');
	member := app_private.arg_uuid(args, 'userId');
	moment := app_private.arg_instant(args, 'at');
	clamped := moment <> app_private.clamp_device_time(moment);
	moment := app_private.clamp_device_time(moment);
	perform app_private.require_host(actor, space);
	if app_private.role_of(member, space) is null then
		raise exception using errcode = 'CR002', message = 'member';
	end if;
	perform app_private.open_visit(member, space, visit, moment, clamped);
	return null;
end;
$$;

-- visit.end@1 (member): closes one's own visit; a host may close any visit of their space. The end
-- is `endOfVisit`: the check-out time, or the closing time after the start (marked) if the
-- check-out came after it. A visit the job already closed (auto-closed, not reviewed) takes the
-- same rule when the late check-out arrives: checked out at 19:00 offline, it ends at 19:00, not at
-- the automatic 20:00; checked out at 23:00, it keeps 20:00. Any other ended visit: conflict.
create or replace function app_private.m_visit_end(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	visit_id uuid;
	moment timestamptz;
	clamped boolean;
	role text;
	visit public.visits;
	close_at timestamptz;
	new_end timestamptz;
	closed_by_rule boolean;
begin
	perform app_private.expect_keys(args, array['spaceId', 'visitId', 'at']);
	space := app_private.arg_uuid(args, 'spaceId');
	visit_id := app_private.arg_uuid(args, 'visitId');
	moment := app_private.arg_instant(args, 'at');
	clamped := moment <> app_private.clamp_device_time(moment);
	moment := app_private.clamp_device_time(moment);
	role := app_private.require_member(actor, space);
	select * into visit from public.visits as v
	where v.id = visit_id and v.space_id = space and not v.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'visit';
	end if;
	if visit.user_id <> actor and role <> 'host' then
		raise exception using errcode = 'CR001', message = 'not your visit';
	end if;
	if visit.ended_at is not null and not (visit.auto_closed and not visit.reviewed) then
		raise exception using errcode = 'CR003', message = 'visit already ended';
	end if;
	if moment < visit.started_at then
		perform app_private.invalid('at', 'end before start');
	end if;
	select app_private.closing_after(visit.started_at, s.time_zone, s.closing_time) into close_at
	from public.spaces as s where s.id = space;
	closed_by_rule := moment > close_at;
	new_end := case when closed_by_rule then close_at else moment end;
	update public.visits as v
	set ended_at = new_end, auto_closed = closed_by_rule, flagged = v.flagged or clamped
	where v.id = visit_id
		and (v.ended_at, v.auto_closed, v.flagged)
		is distinct from (new_end, closed_by_rule, v.flagged or clamped);
	return null;
end;
$$;

-- visit.correct@1 (member or host): new times for a closed visit, within the rights of
-- app_private.correction_refusal; the visit is then reviewed (auto_closed and flagged stay: they
-- are facts). Not closed yet → conflict; any other refusal → forbidden, its name as the detail.
create function app_private.m_visit_correct(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	visit_id uuid;
	new_start timestamptz;
	new_end timestamptz;
	role text;
	visit public.visits;
	refusal text;
begin
	perform app_private.expect_keys(args, array['spaceId', 'visitId', 'startedAt', 'endedAt']);
	space := app_private.arg_uuid(args, 'spaceId');
	visit_id := app_private.arg_uuid(args, 'visitId');
	new_start := app_private.arg_instant(args, 'startedAt');
	new_end := app_private.arg_instant(args, 'endedAt');
	if new_start > new_end then
		perform app_private.invalid('endedAt', 'ends before it starts');
	end if;
	role := app_private.require_member(actor, space);
	select * into visit from public.visits as v
	where v.id = visit_id and v.space_id = space and not v.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'visit';
	end if;
	-- The visit's times as the app has them (to the millisecond: rows written by other means
	-- may hold microseconds), so that sending back the pulled start is not a moved start.
	refusal := app_private.correction_refusal(
		pg_catalog.date_trunc('milliseconds', visit.started_at),
		pg_catalog.date_trunc('milliseconds', visit.ended_at),
		visit.auto_closed, visit.reviewed, new_start, new_end,
		visit.user_id = actor, role = 'host', pg_catalog.now()
	);
	if refusal = 'not_closed' then
		raise exception using errcode = 'CR003', message = refusal;
	elsif refusal is not null then
		raise exception using errcode = 'CR001', message = refusal;
	end if;
	update public.visits as v set started_at = new_start, ended_at = new_end, reviewed = true
	where v.id = visit_id;
	return null;
end;
$$;

-- visit.confirm@1 (member or host): the times are right. The rights of a correction to the same
-- times; the visit is then reviewed.
create function app_private.m_visit_confirm(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	visit_id uuid;
	role text;
	visit public.visits;
	refusal text;
begin
	perform app_private.expect_keys(args, array['spaceId', 'visitId']);
	space := app_private.arg_uuid(args, 'spaceId');
	visit_id := app_private.arg_uuid(args, 'visitId');
	role := app_private.require_member(actor, space);
	select * into visit from public.visits as v
	where v.id = visit_id and v.space_id = space and not v.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'visit';
	end if;
	refusal := app_private.correction_refusal(
		visit.started_at, visit.ended_at, visit.auto_closed, visit.reviewed, visit.started_at,
		visit.ended_at, visit.user_id = actor, role = 'host', pg_catalog.now()
	);
	if refusal = 'not_closed' then
		raise exception using errcode = 'CR003', message = refusal;
	elsif refusal is not null then
		raise exception using errcode = 'CR001', message = refusal;
	end if;
	update public.visits as v set reviewed = true where v.id = visit_id and not v.reviewed;
	return null;
end;
$$;

-- adjustment.create@1 (host): credits or debits a member's hours, optionally on one of their
-- contracts in the space.
create function app_private.m_adjustment_create(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	adjustment uuid;
	member uuid;
	amount integer;
	contract uuid;
	effective date;
	why text;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'adjustmentId', 'userId', 'minutes', 'contractId', 'localDate', 'reason'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	adjustment := app_private.arg_uuid(args, 'adjustmentId');
	member := app_private.arg_uuid(args, 'userId');
	amount := app_private.arg_nonzero_int(args, 'minutes', -100000, 100000);
	contract := app_private.arg_uuid_or_null(args, 'contractId');
	effective := app_private.arg_local_date(args, 'localDate');
	why := app_private.arg_label(args, 'reason', 200);
	perform app_private.require_host(actor, space);
	if app_private.role_of(member, space) is null then
		raise exception using errcode = 'CR002', message = 'member';
	end if;
	if contract is not null and not exists (
		select 1 from public.contracts as c
		where c.id = contract and c.space_id = space and c.user_id = member and not c.deleted
	) then
		raise exception using errcode = 'CR002', message = 'contract';
	end if;
	if exists (select 1 from public.adjustments as a where a.id = adjustment) then
		raise exception using errcode = 'CR003', message = 'adjustment exists';
	end if;
	insert into public.adjustments (
		id, space_id, user_id, minutes, contract_id, local_date, reason, created_by
	) values (adjustment, space, member, amount, contract, effective, why, actor);
	return null;
end;
$$;

-- topup.request@1 (member): asks the hosts for more hours, for oneself.
create function app_private.m_topup_request(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	request uuid;
	plan uuid;
	wish text;
begin
	perform app_private.expect_keys(args, array['spaceId', 'requestId', 'planId', 'note']);
	space := app_private.arg_uuid(args, 'spaceId');
	request := app_private.arg_uuid(args, 'requestId');
	plan := app_private.arg_uuid_or_null(args, 'planId');
	wish := app_private.arg_text(args, 'note', 500);
	perform app_private.require_member(actor, space);
	if plan is not null and not exists (
		select 1 from public.plans as p where p.id = plan and p.space_id = space and not p.deleted
	) then
		raise exception using errcode = 'CR002', message = 'plan';
	end if;
	if exists (select 1 from public.topup_requests as r where r.id = request) then
		raise exception using errcode = 'CR003', message = 'request exists';
	end if;
	insert into public.topup_requests (id, space_id, user_id, plan_id, note)
	values (request, space, actor, plan, wish);
	return null;
end;
$$;

-- topup.close@1 (host): closes a request without selling through the app; closing it twice
-- changes nothing.
create function app_private.m_topup_close(actor uuid, args jsonb)
returns jsonb
language plpgsql
as $$
declare
	space uuid;
	request uuid;
begin
	perform app_private.expect_keys(args, array['spaceId', 'requestId']);
	space := app_private.arg_uuid(args, 'spaceId');
	request := app_private.arg_uuid(args, 'requestId');
	perform app_private.require_host(actor, space);
	perform 1 from public.topup_requests as r
	where r.id = request and r.space_id = space and not r.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'request';
	end if;
	update public.topup_requests as r set handled_at = pg_catalog.now(), handled_by = actor
	where r.id = request and r.handled_at is null;
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
		when 'signup.cancel@1' then return app_private.m_signup_cancel(actor, args);
		when 'space.create@1' then return app_private.m_space_create(actor, args);
		when 'space.settings@1' then return app_private.m_space_settings(actor, args);
		when 'space.rotateKey@1' then return app_private.m_space_rotate_key(actor, args);
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
		when 'invitation.create@1' then return app_private.m_invitation_create(actor, args);
		when 'invitation.revoke@1' then return app_private.m_invitation_revoke(actor, args);
		else
			raise exception using errcode = 'CR005', message = left(name, 200);
	end case;
end;
$$;

-- sync_pull ---------------------------------------------------------------------------------------
-- As in 20261126000400_sync_rpc.sql, plus: the forgotten check-outs of the pulled space are closed
-- before any row is read (in the pull's own transaction: public.sync_pull is volatile and
-- PostgREST runs a POSTed RPC read-write; the pull already writes its client row), the new columns
-- of spaces and visits, and three tables: adjustments and top-up requests (own for a member, all
-- for a host, like contracts), and the check-in key (hosts only: a member gets no row, not even a
-- tombstone).
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
					'startsAt', to_char(r.starts_at, 'YYYY-MM-DD"T"HH24:MI'), 'roles', r.roles,
					'leadUserId', r.lead_user_id
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
						'cancelled', g.cancelled, 'createdAt', app_private.iso_instant(g.created_at)
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
-- As in 20261126000400_sync_rpc.sql, plus the three new tables; a deleted contract stays while an
-- adjustment refers to it, a deleted plan while a top-up request names it. An entry point of
-- pg_cron: pinned, like close_forgotten_visits.
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
	-- Kept while rows still refer to them (the next run takes them once those are gone).
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
		returning t.space_id, t.version
	),
	plans as (
		delete from public.plans as t where t.deleted and t.deleted_at < cutoff
			and not exists (select 1 from public.contracts as c where c.plan_id = t.id)
			and not exists (select 1 from public.topup_requests as r where r.plan_id = t.id)
		returning t.space_id, t.version
	),
	gone as (
		select * from signups union all select * from adjustments
		union all select * from topup_requests union all select * from space_keys
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
-- Nobody but the owner runs the new functions; the policy helpers and the RPCs' implementations
-- keep the grants of 20261126000400_sync_rpc.sql.
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

-- The job, where pg_cron exists -----------------------------------------------------------------
-- Hosted Supabase projects have pg_cron (preloaded); the test database and a plain Postgres do
-- not, and nothing needs it: sync_pull closes the forgotten check-outs of the space it pulls. The
-- job makes them visible to direct reads and to spaces nobody pulls. If the extension is listed
-- but cannot be created (not preloaded), the migration goes on with a warning; schedule it by hand
-- then (docs/database.md). `cron.schedule` with a job name replaces a job of the same name.
do $$
begin
	if exists (select 1 from pg_catalog.pg_available_extensions where name = 'pg_cron') then
		begin
			create extension if not exists pg_cron with schema pg_catalog;
			execute $job$
				select cron.schedule(
					'close-forgotten-visits', '*/5 * * * *',
					'select app_private.close_forgotten_visits()'
				)
			$job$;
		exception when others then
			raise warning 'pg_cron is listed but unusable (%): schedule close-forgotten-visits by hand',
				sqlerrm;
		end;
	end if;
end;
$$;
