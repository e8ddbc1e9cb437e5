import type { Db } from './helpers';

/**
 * Catalogue queries over every object of the application schemas, so that objects added by later
 * migrations are checked without touching the tests. Each returns the offenders (or a listing).
 */

export const applicationSchemas = ['public', 'app_private'];

/** Functions that belong to an extension are the extension's business, not ours. */
const notFromExtension = `not exists (
	select 1 from pg_depend as d
	where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e'
)`;

/** `schema.name(argument types)`, whatever the search path. */
const functionName = `format(
	'%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
)`;

async function names(db: Db, text: string, values: unknown[]): Promise<string[]> {
	const { rows } = await db.query<{ name: string }>(text, values);
	return rows.map((row) => row.name);
}

export function tables(db: Db, schemas = applicationSchemas): Promise<string[]> {
	return names(
		db,
		`select format('%I.%I', n.nspname, c.relname) as name
		from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
		where n.nspname = any($1) and c.relkind in ('r', 'p')
		order by 1`,
		[schemas]
	);
}

export function tablesWithoutRls(db: Db, schemas = applicationSchemas): Promise<string[]> {
	return names(
		db,
		`select format('%I.%I', n.nspname, c.relname) as name
		from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
		where n.nspname = any($1) and c.relkind in ('r', 'p') and not c.relrowsecurity
		order by 1`,
		[schemas]
	);
}

/** Views run with their owner's rights unless `security_invoker` is set (then RLS applies). */
export function viewsWithoutSecurityInvoker(db: Db): Promise<string[]> {
	return names(
		db,
		`select format('%I.%I', n.nspname, c.relname) as name
		from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
		where n.nspname = any($1) and c.relkind = 'v'
			and not exists (
				select 1 from unnest(c.reloptions) as o
				where o ~* '^security_invoker=(true|on|yes|1)$'
			)
		order by 1`,
		[applicationSchemas]
	);
}

/** Every privilege `role` holds on a relation of `schema`, table-wide or on any column. */
export function relationPrivileges(db: Db, role: string, schema = 'public'): Promise<string[]> {
	return names(
		db,
		`select format('%I.%I: %s', n.nspname, c.relname, p.privilege) as name
		from pg_class as c
		join pg_namespace as n on n.oid = c.relnamespace
		cross join unnest(array[
			'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'
		]) as p (privilege)
		where n.nspname = $2 and c.relkind in ('r', 'p', 'v', 'm', 'f')
			and (
				has_table_privilege($1, c.oid, p.privilege)
				or (p.privilege in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
					and has_any_column_privilege($1, c.oid, p.privilege))
			)
		union all
		select format('%I.%I: %s', n.nspname, c.relname, p.privilege)
		from pg_class as c
		join pg_namespace as n on n.oid = c.relnamespace
		cross join unnest(array['USAGE', 'SELECT', 'UPDATE']) as p (privilege)
		where n.nspname = $2 and c.relkind = 'S' and has_sequence_privilege($1, c.oid, p.privilege)
		order by 1`,
		[role, schema]
	);
}

export function executableFunctions(db: Db, role: string, schema = 'public'): Promise<string[]> {
	return names(
		db,
		`select ${functionName} as name
		from pg_proc as p join pg_namespace as n on n.oid = p.pronamespace
		where n.nspname = $2 and has_function_privilege($1, p.oid, 'EXECUTE') and ${notFromExtension}
		order by 1`,
		[role, schema]
	);
}

export interface DefinerFunction {
	name: string;
	schema: string;
	config: string[] | null;
}

/** Security-definer functions outside the system schemas, with their SET options. */
export async function securityDefinerFunctions(db: Db): Promise<DefinerFunction[]> {
	const { rows } = await db.query<DefinerFunction>(
		`select ${functionName} as name, n.nspname as schema, p.proconfig as config
		from pg_proc as p join pg_namespace as n on n.oid = p.pronamespace
		where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')
			and ${notFromExtension}
		order by 1`
	);
	return rows;
}
