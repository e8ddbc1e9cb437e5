-- Connected mode, part 3: the two RPCs of docs/sync-protocol.md, `sync_push` and `sync_pull`,
-- and the purge of old tombstones.
--
-- `public.sync_push` / `public.sync_pull` are plain SQL wrappers (SQL-standard bodies, resolved
-- when created, so callers need no USAGE on app_private) around security-definer implementations
-- in app_private with an empty search_path. EXECUTE on the four: `authenticated` only.

create function app_private.min_client_schema()
returns integer
language sql
immutable
as $$
	select 1
$$;

-- Instants as Date.toISOString() writes them. Stable like to_char, so that queries inline it.
create function app_private.iso_instant(value timestamptz)
returns text
language sql
stable
as $$
	select pg_catalog.to_char(value at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- The shape of a batch (rule 3): anything wrong is a client bug, CL003, nothing applied.
create function app_private.check_batch(mutations jsonb)
returns void
language plpgsql
immutable
set search_path = ''
as $$
declare
	item jsonb;
	idx integer := 0;
	id numeric;
	previous numeric := 0;
	key text;
	fault text;
begin
	if mutations is null or jsonb_typeof(mutations) <> 'array' then
		fault := 'mutations: not an array';
	elsif jsonb_array_length(mutations) = 0 then
		fault := 'mutations: empty';
	elsif jsonb_array_length(mutations) > 500 then
		fault := 'mutations: more than 500 items';
	elsif octet_length(mutations::text) > 1048576 then
		fault := 'mutations: larger than 1 MB';
	end if;
	if fault is null then
		for item in select value from jsonb_array_elements(mutations) loop
			if jsonb_typeof(item) <> 'object' then
				fault := 'item ' || idx || ': not an object';
				exit;
			end if;
			if item - array['id', 'name', 'args', 'createdAt'] <> '{}'::jsonb then
				select k into key from jsonb_object_keys(item) as k
				where k not in ('id', 'name', 'args', 'createdAt') limit 1;
				fault := 'item ' || idx || ': unknown key ' || left(key, 40);
				exit;
			end if;
			if jsonb_typeof(item -> 'id') is distinct from 'number' then
				fault := 'item ' || idx || ': id is not a positive integer';
				exit;
			end if;
			id := (item -> 'id')::numeric;
			if id <> trunc(id) or id < 1 or id > 9007199254740991 then
				fault := 'item ' || idx || ': id is not a positive integer';
				exit;
			end if;
			if id <= previous then
				fault := 'item ' || idx || ': ids not strictly increasing';
				exit;
			end if;
			if jsonb_typeof(item -> 'name') is distinct from 'string' then
				fault := 'item ' || idx || ': name is not a string';
				exit;
			end if;
			if jsonb_typeof(item -> 'args') is distinct from 'object' then
				fault := 'item ' || idx || ': args is not an object';
				exit;
			end if;
			previous := id;
			idx := idx + 1;
		end loop;
	end if;
	if fault is not null then
		raise exception using errcode = 'CL003', message = 'sync_push: ' || fault;
	end if;
end;
$$;

-- The client row (rule 4): created for the actor on first use; someone else's is refused.
create function app_private.claim_client(client_id uuid, actor uuid)
returns void
language plpgsql
set search_path = ''
as $$
declare
	owner uuid;
begin
	if client_id is null then
		raise exception using errcode = 'CL003', message = 'client id missing';
	end if;
	insert into app_private.sync_clients (id, user_id) values (client_id, actor)
	on conflict (id) do nothing;
	select c.user_id into owner from app_private.sync_clients as c where c.id = client_id;
	if owner is distinct from actor then
		raise exception using errcode = '42501', message = 'this client id belongs to another user';
	end if;
end;
$$;

-- sync_push ---------------------------------------------------------------------------------------
create function app_private.push_mutations(
	p_client_id uuid, p_schema_version integer, p_mutations jsonb
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
	actor uuid := auth.uid();
	last_id bigint;
	expected bigint;
	item jsonb;
	item_id bigint;
	data jsonb;
	state text;
	message text;
	code text;
	results jsonb[] := '{}';
	allocated jsonb;
begin
	if actor is null then
		raise exception using errcode = '42501', message = 'sync_push: not signed in';
	end if;
	if p_schema_version is null or p_schema_version < app_private.min_client_schema() then
		raise exception using errcode = 'CL001',
			message = 'sync_push: client schema ' || coalesce(p_schema_version::text, 'null')
				|| ' is older than ' || app_private.min_client_schema();
	end if;
	perform app_private.check_batch(p_mutations);
	perform app_private.claim_client(p_client_id, actor);
	-- Locked until commit: two pushes of one client run one after the other.
	select c.last_mutation_id into last_id from app_private.sync_clients as c
	where c.id = p_client_id for update;

	-- Rule 5: ids above last_mutation_id must follow it without a gap; else nothing is applied.
	expected := last_id + 1;
	for item_id in select (e.value ->> 'id')::bigint from jsonb_array_elements(p_mutations) as e loop
		if item_id > last_id then
			if item_id <> expected then
				raise exception using errcode = 'CL002',
					message = 'sync_push: expected ' || expected || ' got ' || item_id;
			end if;
			expected := expected + 1;
		end if;
	end loop;

	-- Lock the version counters of the spaces this push writes to (those named by the arguments
	-- where the actor is a member), in a fixed order, and hand out their versions locally (see
	-- app_private.stamp_space_version). Nothing to apply (a replay): no lock, no write.
	if expected > last_id + 1 then
		select coalesce(jsonb_object_agg(locked.space_id, locked.version), '{}') into allocated
		from (
			select v.space_id, v.version from app_private.space_versions as v
			where v.space_id in (
				select m.space_id from public.memberships as m
				where m.user_id = actor and not m.deleted
					and m.space_id::text in (
						select e.value -> 'args' ->> 'spaceId' from jsonb_array_elements(p_mutations) as e
					)
			)
			order by v.space_id
			for update
		) as locked;
		perform set_config('collectif.versions', allocated::text, true);
	end if;

	for item in select e.value from jsonb_array_elements(p_mutations) as e loop
		item_id := (item ->> 'id')::bigint;
		if item_id <= last_id then
			results := results || jsonb_build_object('id', item_id, 'status', 'duplicate');
			continue;
		end if;
		begin
			data := app_private.apply_mutation(actor, item ->> 'name', item -> 'args');
			if data is null then
				results := results || jsonb_build_object('id', item_id, 'status', 'applied');
			else
				insert into app_private.mutation_results
					(client_id, mutation_id, user_id, name, args, status, data)
				values (p_client_id, item_id, actor, item ->> 'name', item -> 'args', 'applied', data);
				results := results || jsonb_build_object('id', item_id, 'status', 'applied', 'data', data);
			end if;
		exception
			-- Refusals (rule 6). Anything else (serialization failure, deadlock, timeout, a bug)
			-- is not caught: the whole call fails and the client retries it later.
			when sqlstate 'CR001' or sqlstate 'CR002' or sqlstate 'CR003' or sqlstate 'CR004'
				or sqlstate 'CR005' or data_exception or not_null_violation or foreign_key_violation
				or unique_violation or check_violation then
				get stacked diagnostics state = returned_sqlstate, message = message_text;
				code := case state
					when 'CR001' then 'forbidden'
					when 'CR002' then 'not_found'
					when 'CR003' then 'conflict'
					when 'CR005' then 'unknown_mutation'
					when '23505' then 'conflict'
					when '23503' then 'not_found'
					else 'invalid_args'
				end;
				message := left(message, 300);
				insert into app_private.mutation_results
					(client_id, mutation_id, user_id, name, args, status, code, detail)
				values (
					p_client_id, item_id, actor, left(item ->> 'name', 200), item -> 'args', 'rejected',
					code, message
				);
				results := results || jsonb_build_object(
					'id', item_id, 'status', 'rejected', 'code', code, 'detail', message
				);
		end;
		last_id := item_id;
	end loop;

	if allocated is not null then
		allocated := current_setting('collectif.versions')::jsonb;
		perform set_config('collectif.versions', '', true);
		update app_private.space_versions as v
		set version = (allocated ->> v.space_id::text)::bigint
		where allocated ? v.space_id::text and (allocated ->> v.space_id::text)::bigint > v.version;
	end if;
	update app_private.sync_clients as c set last_mutation_id = last_id, last_seen_at = pg_catalog.now()
	where c.id = p_client_id and c.last_mutation_id < last_id;
	return jsonb_build_object('lastMutationId', last_id, 'results', to_jsonb(results));
end;
$$;

-- sync_pull ---------------------------------------------------------------------------------------
-- One statement reads the rows, the results and the client's last_mutation_id, so all three come
-- from one snapshot. Rows are shaped for the caller (docs/sync-protocol.md, "What each caller
-- sees"). The cursor also carries `floor`: the space's version when the client pulled from zero.
-- A tombstone at or below it is for a row the client never received (it was already deleted or
-- hidden then), so it is skipped: a new member does not download every closed visit of others.
create function app_private.pull_changes(
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
					'closingTime', left(s.closing_time::text, 5)
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
					'autoClosed', v.auto_closed, 'flagged', v.flagged
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


-- The RPCs ------------------------------------------------------------------------------------
create function public.sync_push(p_client_id uuid, p_schema_version integer, p_mutations jsonb)
returns jsonb
language sql
begin atomic
	select app_private.push_mutations(p_client_id, p_schema_version, p_mutations);
end;

create function public.sync_pull(p_client_id uuid, p_space_id uuid, p_cursor jsonb, p_limit integer)
returns jsonb
language sql
begin atomic
	select app_private.pull_changes(p_client_id, p_space_id, p_cursor, p_limit);
end;

-- Purge ----------------------------------------------------------------------------------------
-- Removes tombstones (deleted rows) older than the horizon and results older than it, and records
-- per space the highest version purged: a cursor below it gets `reset: expired`. A deleted plan
-- or ritual still referenced by contracts or sign-ups is kept. Spaces are never purged here.
-- Returns the number of rows removed. Schedule it with pg_cron (docs/database.md).
create function app_private.purge_deleted(horizon interval default '30 days')
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
	contracts as (
		delete from public.contracts as t where t.deleted and t.deleted_at < cutoff
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
	-- Kept while rows still refer to them (the next run takes them once those are gone).
	rituals as (
		delete from public.rituals as t where t.deleted and t.deleted_at < cutoff
			and not exists (select 1 from public.signups as s where s.ritual_id = t.id)
		returning t.space_id, t.version
	),
	plans as (
		delete from public.plans as t where t.deleted and t.deleted_at < cutoff
			and not exists (select 1 from public.contracts as c where c.plan_id = t.id)
		returning t.space_id, t.version
	),
	gone as (
		select * from signups union all select * from contracts union all select * from visits
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
revoke all on all functions in schema app_private from public, anon, authenticated;
revoke all on function public.sync_push(uuid, integer, jsonb), public.sync_pull(uuid, uuid, jsonb, integer)
from public, anon, authenticated, service_role;
grant execute on function
	public.sync_push(uuid, integer, jsonb),
	public.sync_pull(uuid, uuid, jsonb, integer)
to authenticated;
-- The wrappers call these as the caller: EXECUTE without USAGE on the schema, so nobody can
-- call them by name.
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
