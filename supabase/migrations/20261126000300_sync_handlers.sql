-- Connected mode, part 2: the server handler of every mutation of the catalogue
-- (src/lib/domain/mutations/catalogue.ts), the argument checks they share, and the dispatcher.
--
-- Handlers run inside app_private.push_mutations (part 3), a security-definer function, so they
-- run as the owner; they are not security definer themselves and nobody else may execute them.
-- Each takes the actor (auth.uid(), never an argument) and the raw JSON arguments, re-validates
-- every argument with the catalogue's limits, checks the actor's role in public.memberships
-- (never JWT claims), and returns the data of the result (null for none). A refusal raises:
--   CR001 forbidden, CR002 not_found, CR003 conflict, CR004 invalid_args, CR005 unknown_mutation,
-- with the detail as the message (for CR004, `<argument>: <why>`).

-- Argument checks ---------------------------------------------------------------------------------
-- They mirror valibot as lib/domain/mutations/schemas.ts uses it: `trim()` is JavaScript's
-- String.prototype.trim (Unicode white space, not only ' '), and `maxLength` counts UTF-16 code
-- units (an emoji outside the BMP counts 2), not code points like char_length.

create function app_private.invalid(path text, why text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
	raise exception using errcode = 'CR004', message = path || ': ' || why;
end;
$$;

-- JavaScript's trim: WhiteSpace and LineTerminator code points at both ends.
create function app_private.js_trim(value text)
returns text
language sql
immutable
as $$
	select pg_catalog.regexp_replace(
		value,
		'^[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$',
		'',
		'g'
	)
$$;

-- Length in UTF-16 code units, as JavaScript's `length`.
create function app_private.js_length(value text)
returns integer
language sql
immutable
as $$
	select case
		-- Each code unit takes at least one UTF-8 byte: short strings need no counting.
		when pg_catalog.octet_length(value) = pg_catalog.char_length(value) then pg_catalog.char_length(value)
		else pg_catalog.char_length(value)
			+ pg_catalog.char_length(pg_catalog.regexp_replace(value, '[\u0001-\uffff]', '', 'g'))
	end
$$;

-- The argument object has exactly these keys (each present, no other).
create function app_private.expect_keys(args jsonb, keys text[], path text default '')
returns void
language plpgsql
immutable
set search_path = ''
as $$
declare
	key text;
begin
	if args is null or jsonb_typeof(args) <> 'object' then
		perform app_private.invalid(coalesce(nullif(rtrim(path, '.'), ''), 'args'), 'not an object');
	end if;
	-- The usual case in plain expressions (no query): every key there, nothing else.
	if args ?& keys and args - keys = '{}'::jsonb then
		return;
	end if;
	foreach key in array keys loop
		if not args ? key then
			perform app_private.invalid(path || key, 'missing');
		end if;
	end loop;
	for key in select jsonb_object_keys(args) loop
		if not key = any (keys) then
			perform app_private.invalid(path || key, 'unknown key');
		end if;
	end loop;
end;
$$;

create function app_private.arg_string(args jsonb, key text, path text default '')
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
	if jsonb_typeof(args -> key) is distinct from 'string' then
		perform app_private.invalid(path || key, 'not a string');
	end if;
	return args ->> key;
end;
$$;

-- Free text (may be empty): trimmed, at most `max` UTF-16 units, no control characters
-- other than tab, line feed and carriage return.
create function app_private.arg_text(args jsonb, key text, max integer, path text default '')
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
	value text := app_private.js_trim(app_private.arg_string(args, key, path));
begin
	if app_private.js_length(value) > max then
		perform app_private.invalid(path || key, 'longer than ' || max);
	end if;
	if value ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' then
		perform app_private.invalid(path || key, 'control characters are not allowed');
	end if;
	return value;
end;
$$;

-- A label: text that is not empty once trimmed.
create function app_private.arg_label(args jsonb, key text, max integer, path text default '')
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
	value text := app_private.arg_text(args, key, max, path);
begin
	if value = '' then
		perform app_private.invalid(path || key, 'empty');
	end if;
	return value;
end;
$$;

create function app_private.arg_int(
	args jsonb, key text, min integer, max integer, path text default ''
)
returns integer
language plpgsql
immutable
set search_path = ''
as $$
declare
	value numeric;
begin
	if jsonb_typeof(args -> key) is distinct from 'number' then
		perform app_private.invalid(path || key, 'not a number');
	end if;
	value := (args -> key)::numeric;
	if value <> trunc(value) then
		perform app_private.invalid(path || key, 'not an integer');
	end if;
	if value < min or value > max then
		perform app_private.invalid(path || key, 'not between ' || min || ' and ' || max);
	end if;
	return value::integer;
end;
$$;

create function app_private.arg_int_or_null(
	args jsonb, key text, min integer, max integer, path text default ''
)
returns integer
language plpgsql
immutable
set search_path = ''
as $$
begin
	if jsonb_typeof(args -> key) = 'null' then
		return null;
	end if;
	return app_private.arg_int(args, key, min, max, path);
end;
$$;

create function app_private.arg_bool(args jsonb, key text)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
begin
	if jsonb_typeof(args -> key) is distinct from 'boolean' then
		perform app_private.invalid(key, 'not a boolean');
	end if;
	return (args -> key)::boolean;
end;
$$;

create function app_private.arg_enum(args jsonb, key text, allowed text[], path text default '')
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
	value text := app_private.arg_string(args, key, path);
begin
	if not value = any (allowed) then
		perform app_private.invalid(path || key, 'not one of ' || array_to_string(allowed, ', '));
	end if;
	return value;
end;
$$;

create function app_private.arg_uuid(args jsonb, key text)
returns uuid
language plpgsql
immutable
set search_path = ''
as $$
declare
	value text := app_private.arg_string(args, key);
begin
	-- The dashed form only (Postgres would also take braces or no dashes; valibot does not).
	if value !~ '^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$' then
		perform app_private.invalid(key, 'not a uuid');
	end if;
	return value::uuid;
end;
$$;

create function app_private.arg_uuid_or_null(args jsonb, key text)
returns uuid
language plpgsql
immutable
set search_path = ''
as $$
begin
	if jsonb_typeof(args -> key) = 'null' then
		return null;
	end if;
	return app_private.arg_uuid(args, key);
end;
$$;

-- A real calendar date `YYYY-MM-DD` (the format alone would let 30 February through).
create function app_private.is_calendar_date(value text)
returns boolean
language sql
immutable
as $$
	select substr(value, 6, 2)::integer between 1 and 12
		and substr(value, 9, 2)::integer between 1 and case
			when substr(value, 6, 2)::integer = 2 then
				case when substr(value, 1, 4)::integer % 4 = 0
					and (substr(value, 1, 4)::integer % 100 <> 0 or substr(value, 1, 4)::integer % 400 = 0)
				then 29 else 28 end
			when substr(value, 6, 2)::integer in (4, 6, 9, 11) then 30
			else 31
		end
$$;

-- An instant in UTC as Date.toISOString() writes it (milliseconds optional).
create function app_private.arg_instant(args jsonb, key text)
returns timestamptz
language plpgsql
immutable
set search_path = ''
as $$
declare
	value text := app_private.arg_string(args, key);
begin
	if value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,3})?Z$' then
		perform app_private.invalid(key, 'not a UTC instant');
	end if;
	if not app_private.is_calendar_date(value) then
		perform app_private.invalid(key, 'not a calendar date');
	end if;
	return value::timestamptz;
end;
$$;

create function app_private.arg_instant_or_null(args jsonb, key text)
returns timestamptz
language plpgsql
immutable
set search_path = ''
as $$
begin
	if jsonb_typeof(args -> key) = 'null' then
		return null;
	end if;
	return app_private.arg_instant(args, key);
end;
$$;

create function app_private.arg_local_date(args jsonb, key text)
returns date
language plpgsql
immutable
set search_path = ''
as $$
declare
	value text := app_private.arg_string(args, key);
begin
	if value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then
		perform app_private.invalid(key, 'not a date');
	end if;
	if not app_private.is_calendar_date(value) then
		perform app_private.invalid(key, 'not a calendar date');
	end if;
	return value::date;
end;
$$;

create function app_private.arg_local_date_time(args jsonb, key text)
returns timestamp
language plpgsql
immutable
set search_path = ''
as $$
declare
	value text := app_private.arg_string(args, key);
begin
	if value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]$' then
		perform app_private.invalid(key, 'not a local date and time');
	end if;
	if not app_private.is_calendar_date(value) then
		perform app_private.invalid(key, 'not a calendar date');
	end if;
	return value::timestamp;
end;
$$;

create function app_private.arg_clock_time(args jsonb, key text)
returns time
language plpgsql
immutable
set search_path = ''
as $$
declare
	value text := app_private.arg_string(args, key);
begin
	if value !~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' then
		perform app_private.invalid(key, 'not a time of day');
	end if;
	return value::time;
end;
$$;

create function app_private.arg_time_zone(args jsonb, key text)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
	value text := app_private.arg_string(args, key);
begin
	if not app_private.is_time_zone(value) then
		perform app_private.invalid(key, 'unknown time zone');
	end if;
	return value;
end;
$$;

create function app_private.arg_invitation_code(args jsonb, key text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
	value text := app_private.arg_string(args, key);
begin
	if value !~ '^[A-HJ-NP-Z2-9]{8}$' then
		perform app_private.invalid(key, 'not an invitation code');
	end if;
	return value;
end;
$$;

-- Billing rules of a plan, normalised.
create function app_private.arg_billing_rules(args jsonb, key text)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
	rules jsonb := args -> key;
	path text := key || '.';
begin
	perform app_private.expect_keys(
		rules,
		array['incrementMinutes', 'rounding', 'graceMinutes', 'minimumMinutes', 'dailyCapMinutes'],
		path
	);
	return jsonb_build_object(
		'incrementMinutes', app_private.arg_int(rules, 'incrementMinutes', 1, 1440, path),
		'rounding', app_private.arg_enum(rules, 'rounding', array['up', 'nearest'], path),
		'graceMinutes', app_private.arg_int(rules, 'graceMinutes', 0, 1440, path),
		'minimumMinutes', app_private.arg_int(rules, 'minimumMinutes', 0, 1440, path),
		'dailyCapMinutes', app_private.arg_int_or_null(rules, 'dailyCapMinutes', 1, 1440, path)
	);
end;
$$;

-- Co-animation roles of a ritual, normalised: at most 20 of { key, label, slots }.
create function app_private.arg_ritual_roles(args jsonb, key text)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
	roles jsonb := args -> key;
	item jsonb;
	idx integer := 0;
	path text;
	result jsonb := '[]';
begin
	if jsonb_typeof(roles) is distinct from 'array' then
		perform app_private.invalid(key, 'not an array');
	end if;
	if jsonb_array_length(roles) > 20 then
		perform app_private.invalid(key, 'more than 20');
	end if;
	for item in select value from jsonb_array_elements(roles) loop
		path := key || '.' || idx || '.';
		perform app_private.expect_keys(item, array['key', 'label', 'slots'], path);
		if app_private.arg_string(item, 'key', path) !~ '^[a-z][a-z0-9-]{0,39}$' then
			perform app_private.invalid(path || 'key', 'not a role key');
		end if;
		result := result || jsonb_build_array(jsonb_build_object(
			'key', item ->> 'key',
			'label', app_private.arg_label(item, 'label', 60, path),
			'slots', app_private.arg_int(item, 'slots', 1, 50, path)
		));
		idx := idx + 1;
	end loop;
	return result;
end;
$$;

-- Roles, from public.memberships only ------------------------------------------------------------
create function app_private.role_of(actor uuid, space uuid)
returns text
language sql
stable
as $$
	select m.role from public.memberships as m
	where m.space_id = role_of.space and m.user_id = role_of.actor and not m.deleted
$$;

create function app_private.require_member(actor uuid, space uuid)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
	role text := app_private.role_of(actor, space);
begin
	if role is null then
		raise exception using errcode = 'CR001', message = 'not a member';
	end if;
	return role;
end;
$$;

create function app_private.require_host(actor uuid, space uuid)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
	if app_private.require_member(actor, space) <> 'host' then
		raise exception using errcode = 'CR001', message = 'not a host';
	end if;
end;
$$;

-- Device times of visits are facts, but implausible ones are clamped to the server's window
-- (docs/sync-protocol.md, "Times"): more than 5 minutes ahead → now; older than the offline
-- limit (7 days) → that limit. A visit whose time moved is flagged.
create function app_private.clamp_device_time(device_time timestamptz)
returns timestamptz
language sql
stable
as $$
	select case
		when device_time > pg_catalog.now() + interval '5 minutes' then pg_catalog.now()
		when device_time < pg_catalog.now() - interval '7 days' then pg_catalog.now() - interval '7 days'
		else device_time
	end
$$;

-- Handlers -----------------------------------------------------------------------------------------

-- space.create@1 (anyone): the space, and the actor as its host.
create function app_private.m_space_create(actor uuid, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
	space uuid;
	name text;
	zone text;
	capacity integer;
	opening time;
	closing time;
	host_name text;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'name', 'timeZone', 'capacity', 'openingTime', 'closingTime', 'hostName'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	name := app_private.arg_label(args, 'name', 120);
	zone := app_private.arg_time_zone(args, 'timeZone');
	capacity := app_private.arg_int(args, 'capacity', 1, 10000);
	opening := app_private.arg_clock_time(args, 'openingTime');
	closing := app_private.arg_clock_time(args, 'closingTime');
	host_name := app_private.arg_label(args, 'hostName', 80);
	if opening >= closing then
		perform app_private.invalid('openingTime', 'opens after it closes');
	end if;
	if exists (select 1 from public.spaces as s where s.id = space) then
		raise exception using errcode = 'CR003', message = 'space exists';
	end if;
	insert into public.spaces (id, name, time_zone, capacity, opening_time, closing_time)
	values (space, name, zone, capacity, opening, closing);
	insert into public.memberships (space_id, user_id, role, display_name)
	values (space, actor, 'host', host_name);
	return null;
end;
$$;

-- membership.add@1 (host): adds, restores or changes a member; keeps their presence choice.
create function app_private.m_membership_add(actor uuid, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
	space uuid;
	member uuid;
	name text;
	role text;
begin
	perform app_private.expect_keys(args, array['spaceId', 'userId', 'displayName', 'role']);
	space := app_private.arg_uuid(args, 'spaceId');
	member := app_private.arg_uuid(args, 'userId');
	name := app_private.arg_label(args, 'displayName', 80);
	role := app_private.arg_enum(args, 'role', array['member', 'host']);
	perform app_private.require_host(actor, space);
	if not exists (select 1 from public.profiles as p where p.id = member) then
		raise exception using errcode = 'CR002', message = 'member';
	end if;
	insert into public.memberships as m (space_id, user_id, role, display_name)
	values (space, member, role, name)
	on conflict (space_id, user_id) do update
	set role = excluded.role, display_name = excluded.display_name, deleted = false;
	return null;
end;
$$;

-- profile.presence@1 (member): show my name or not; my open visits and active sign-ups are
-- re-stamped so that every device re-receives them with the new shape.
create function app_private.m_profile_presence(actor uuid, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
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
	end if;
	return null;
end;
$$;

-- profile.update@1 (anyone): my profile, and my name in every space I belong to.
create function app_private.m_profile_update(actor uuid, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
	name text;
	new_locale text;
begin
	perform app_private.expect_keys(args, array['displayName', 'locale']);
	name := app_private.arg_label(args, 'displayName', 80);
	new_locale := app_private.arg_enum(args, 'locale', array['fr', 'en']);
	update public.profiles as p set display_name = name, locale = new_locale
	where p.id = actor;
	update public.memberships as m set display_name = name
	where m.user_id = actor and not m.deleted and m.display_name <> name;
	return null;
end;
$$;

-- plan.create@1 (host).
create function app_private.m_plan_create(actor uuid, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
	space uuid;
	plan uuid;
	name text;
	kind text;
	hours integer;
	validity integer;
	rules jsonb;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'planId', 'name', 'kind', 'hours', 'validityDays', 'rules'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	plan := app_private.arg_uuid(args, 'planId');
	name := app_private.arg_label(args, 'name', 80);
	kind := app_private.arg_enum(args, 'kind', array['pack', 'monthly', 'resident']);
	hours := app_private.arg_int_or_null(args, 'hours', 1, 10000);
	validity := app_private.arg_int_or_null(args, 'validityDays', 1, 3660);
	rules := app_private.arg_billing_rules(args, 'rules');
	perform app_private.require_host(actor, space);
	if exists (select 1 from public.plans as p where p.id = plan) then
		raise exception using errcode = 'CR003', message = 'plan exists';
	end if;
	insert into public.plans (id, space_id, name, kind, hours, validity_days, rules, created_by)
	values (plan, space, name, kind, hours, validity, rules, actor);
	return null;
end;
$$;

-- contract.grant@1 (host): sells a plan to a member; the contract pins the plan's rules.
create function app_private.m_contract_grant(actor uuid, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
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
	return null;
end;
$$;

-- visit.start@1 (member): a fact. An open visit in another space closes when this one starts.
create function app_private.m_visit_start(actor uuid, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
	space uuid;
	visit uuid;
	moment timestamptz;
	clamped boolean;
	current_visit public.visits;
begin
	perform app_private.expect_keys(args, array['spaceId', 'visitId', 'at']);
	space := app_private.arg_uuid(args, 'spaceId');
	visit := app_private.arg_uuid(args, 'visitId');
	moment := app_private.arg_instant(args, 'at');
	clamped := moment <> app_private.clamp_device_time(moment);
	moment := app_private.clamp_device_time(moment);
	perform app_private.require_member(actor, space);
	if exists (select 1 from public.visits as v where v.id = visit) then
		raise exception using errcode = 'CR003', message = 'visit exists';
	end if;
	select * into current_visit from public.visits as v
	where v.user_id = actor and v.ended_at is null and not v.deleted
	for update;
	if found then
		if current_visit.space_id = space then
			raise exception using errcode = 'CR003', message = 'already checked in';
		end if;
		update public.visits as v set ended_at = greatest(current_visit.started_at, moment) where v.id = current_visit.id;
	end if;
	insert into public.visits (id, space_id, user_id, started_at, flagged)
	values (visit, space, actor, moment, clamped);
	return null;
end;
$$;

-- visit.end@1 (member): closes one's own open visit.
create function app_private.m_visit_end(actor uuid, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
	space uuid;
	visit_id uuid;
	moment timestamptz;
	clamped boolean;
	visit public.visits;
begin
	perform app_private.expect_keys(args, array['spaceId', 'visitId', 'at']);
	space := app_private.arg_uuid(args, 'spaceId');
	visit_id := app_private.arg_uuid(args, 'visitId');
	moment := app_private.arg_instant(args, 'at');
	clamped := moment <> app_private.clamp_device_time(moment);
	moment := app_private.clamp_device_time(moment);
	perform app_private.require_member(actor, space);
	select * into visit from public.visits as v
	where v.id = visit_id and v.space_id = space and not v.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'visit';
	end if;
	if visit.user_id <> actor then
		raise exception using errcode = 'CR001', message = 'not your visit';
	end if;
	if visit.ended_at is not null then
		raise exception using errcode = 'CR003', message = 'visit already ended';
	end if;
	if moment < visit.started_at then
		perform app_private.invalid('at', 'end before start');
	end if;
	update public.visits as v set ended_at = moment, flagged = v.flagged or clamped where v.id = visit_id;
	return null;
end;
$$;

-- ritual.create@1 (host).
create function app_private.m_ritual_create(actor uuid, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
	space uuid;
	ritual uuid;
	kind text;
	title text;
	description text;
	place text;
	duration integer;
	capacity integer;
	rrule text;
	starts timestamp;
	roles jsonb;
	lead uuid;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'ritualId', 'kind', 'title', 'description', 'place', 'durationMinutes',
		'capacity', 'rrule', 'startsAt', 'roles', 'leadUserId'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	ritual := app_private.arg_uuid(args, 'ritualId');
	kind := app_private.arg_label(args, 'kind', 40);
	title := app_private.arg_label(args, 'title', 120);
	description := app_private.arg_text(args, 'description', 2000);
	place := app_private.arg_text(args, 'place', 120);
	duration := app_private.arg_int(args, 'durationMinutes', 5, 1440);
	capacity := app_private.arg_int_or_null(args, 'capacity', 1, 1000);
	rrule := app_private.arg_label(args, 'rrule', 500);
	starts := app_private.arg_local_date_time(args, 'startsAt');
	roles := app_private.arg_ritual_roles(args, 'roles');
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
		ritual, space, kind, title, description, place, duration, capacity, rrule,
		starts, roles, lead, actor
	);
	return null;
end;
$$;

-- signup.create@1 (member): a request for a place; the order of places is the commit order.
create function app_private.m_signup_create(actor uuid, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
	space uuid;
	signup uuid;
	ritual_id uuid;
	occurrence timestamp;
	role_key text;
	note text;
	moment timestamptz;
	roles jsonb;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'signupId', 'ritualId', 'occurrence', 'roleKey', 'note', 'at'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	signup := app_private.arg_uuid(args, 'signupId');
	ritual_id := app_private.arg_uuid(args, 'ritualId');
	occurrence := app_private.arg_local_date_time(args, 'occurrence');
	if jsonb_typeof(args -> 'roleKey') <> 'null' then
		role_key := app_private.arg_string(args, 'roleKey');
		if app_private.js_length(role_key) > 40 then
			perform app_private.invalid('roleKey', 'longer than 40');
		end if;
	end if;
	note := app_private.arg_text(args, 'note', 500);
	moment := app_private.arg_instant(args, 'at');
	perform app_private.require_member(actor, space);
	select r.roles into roles from public.rituals as r
	where r.id = ritual_id and r.space_id = space and not r.deleted;
	if not found then
		raise exception using errcode = 'CR002', message = 'ritual';
	end if;
	if role_key is not null
		and not exists (select 1 from jsonb_array_elements(roles) as r where r.value ->> 'key' = role_key) then
		perform app_private.invalid('roleKey', 'unknown role');
	end if;
	if exists (select 1 from public.signups as s where s.id = signup) then
		raise exception using errcode = 'CR003', message = 'signup exists';
	end if;
	insert into public.signups (id, space_id, ritual_id, occurrence, user_id, role_key, note, created_at)
	values (signup, space, ritual_id, occurrence, actor, role_key, note, moment);
	return null;
end;
$$;

-- signup.cancel@1 (member): one's own sign-up; cancelling twice changes nothing.
create function app_private.m_signup_cancel(actor uuid, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
	space uuid;
	signup_id uuid;
	signup public.signups;
begin
	perform app_private.expect_keys(args, array['spaceId', 'signupId']);
	space := app_private.arg_uuid(args, 'spaceId');
	signup_id := app_private.arg_uuid(args, 'signupId');
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
	if not signup.cancelled then
		update public.signups as s set cancelled = true where s.id = signup_id;
	end if;
	return null;
end;
$$;

-- invitation.create@1 (host).
create function app_private.m_invitation_create(actor uuid, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
	space uuid;
	invitation uuid;
	wanted_code text;
	expires timestamptz;
	max_uses integer;
begin
	perform app_private.expect_keys(args, array[
		'spaceId', 'invitationId', 'code', 'expiresAt', 'maxUses'
	]);
	space := app_private.arg_uuid(args, 'spaceId');
	invitation := app_private.arg_uuid(args, 'invitationId');
	wanted_code := app_private.arg_invitation_code(args, 'code');
	expires := app_private.arg_instant_or_null(args, 'expiresAt');
	max_uses := app_private.arg_int_or_null(args, 'maxUses', 1, 1000);
	perform app_private.require_host(actor, space);
	if exists (select 1 from public.invitations as i where i.id = invitation) then
		raise exception using errcode = 'CR003', message = 'invitation exists';
	end if;
	if exists (select 1 from public.invitations as i where i.code = wanted_code) then
		raise exception using errcode = 'CR003', message = 'code taken';
	end if;
	insert into public.invitations (id, space_id, code, created_by, expires_at, max_uses)
	values (invitation, space, wanted_code, actor, expires, max_uses);
	return null;
end;
$$;

-- invitation.revoke@1 (host).
create function app_private.m_invitation_revoke(actor uuid, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
	space uuid;
	invitation uuid;
begin
	perform app_private.expect_keys(args, array['spaceId', 'invitationId']);
	space := app_private.arg_uuid(args, 'spaceId');
	invitation := app_private.arg_uuid(args, 'invitationId');
	perform app_private.require_host(actor, space);
	perform 1 from public.invitations as i
	where i.id = invitation and i.space_id = space and not i.deleted
	for update;
	if not found then
		raise exception using errcode = 'CR002', message = 'invitation';
	end if;
	update public.invitations as i set revoked = true where i.id = invitation and not i.revoked;
	return null;
end;
$$;

-- membership.join@1 (anyone): joins the space of an invitation code. An unknown, revoked,
-- expired or used-up code is the same `not_found` (no hint for someone guessing codes).
create function app_private.m_membership_join(actor uuid, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
	wanted_code text;
	name text;
	invitation public.invitations;
begin
	perform app_private.expect_keys(args, array['code', 'displayName']);
	wanted_code := app_private.arg_invitation_code(args, 'code');
	name := app_private.arg_label(args, 'displayName', 80);
	select * into invitation from public.invitations as i
	where i.code = wanted_code and not i.deleted
	for update;
	if not found or invitation.revoked
		or invitation.expires_at <= pg_catalog.now()
		or invitation.uses >= invitation.max_uses then
		raise exception using errcode = 'CR002', message = 'invitation';
	end if;
	if app_private.role_of(actor, invitation.space_id) is null then
		insert into public.memberships as m (space_id, user_id, role, display_name)
		values (invitation.space_id, actor, 'member', name)
		on conflict (space_id, user_id) do update
		set role = 'member', display_name = excluded.display_name, deleted = false;
		update public.invitations as i set uses = i.uses + 1 where i.id = invitation.id;
	end if;
	return jsonb_build_object('spaceId', invitation.space_id);
end;
$$;

-- Dispatcher ------------------------------------------------------------------------------------
create function app_private.apply_mutation(actor uuid, name text, args jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
begin
	case name
		when 'visit.start@1' then return app_private.m_visit_start(actor, args);
		when 'visit.end@1' then return app_private.m_visit_end(actor, args);
		when 'signup.create@1' then return app_private.m_signup_create(actor, args);
		when 'signup.cancel@1' then return app_private.m_signup_cancel(actor, args);
		when 'space.create@1' then return app_private.m_space_create(actor, args);
		when 'membership.add@1' then return app_private.m_membership_add(actor, args);
		when 'membership.join@1' then return app_private.m_membership_join(actor, args);
		when 'profile.presence@1' then return app_private.m_profile_presence(actor, args);
		when 'profile.update@1' then return app_private.m_profile_update(actor, args);
		when 'plan.create@1' then return app_private.m_plan_create(actor, args);
		when 'contract.grant@1' then return app_private.m_contract_grant(actor, args);
		when 'ritual.create@1' then return app_private.m_ritual_create(actor, args);
		when 'invitation.create@1' then return app_private.m_invitation_create(actor, args);
		when 'invitation.revoke@1' then return app_private.m_invitation_revoke(actor, args);
		else
			raise exception using errcode = 'CR005', message = left(name, 200);
	end case;
end;
$$;

-- Nobody but the owner runs these (the RPCs of part 3 call them as the owner).
revoke all on all functions in schema app_private from public, anon, authenticated;
grant execute on function
	app_private.is_member(uuid),
	app_private.is_host(uuid),
	app_private.shares_space_with(uuid),
	app_private.may_see_profile(uuid),
	app_private.is_time_zone(text)
to authenticated;
