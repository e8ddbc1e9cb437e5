-- Speed of sync_push: the private helpers and handlers that are NOT security definer (argument
-- checks, role lookups, the per-mutation handlers and their dispatcher) drop their own
-- `set search_path = ''`.
--
-- Why it is safe: they run with the rights of their caller, and their only callers are the
-- security-definer implementations of the RPCs (`app_private.push_mutations`, `pull_changes`),
-- which pin `search_path = ''` for everything they call; nobody else may execute them
-- (tests/db/privileges.spec.ts), and every name they use is schema-qualified or in pg_catalog
-- (always searched first). Security-definer functions keep their pinned search_path
-- (tests/db/sync-security.spec.ts checks it).
--
-- Why it matters: a function with a SET clause saves and restores the setting at every call and
-- can never be inlined; a push called such helpers about ten times per mutation.
do $$
declare
	helper regprocedure;
begin
	for helper in
		select p.oid::regprocedure
		from pg_catalog.pg_proc as p
		join pg_catalog.pg_namespace as n on n.oid = p.pronamespace
		where n.nspname = 'app_private' and not p.prosecdef and p.proconfig is not null
	loop
		execute pg_catalog.format('alter function %s reset search_path', helper);
	end loop;
end;
$$;
