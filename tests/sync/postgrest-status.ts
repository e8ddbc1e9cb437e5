/**
 * The HTTP status PostgREST answers for a Postgres error (PostgREST's `pgErrorStatus`), shared by
 * the tests' Postgres transport and the connected end-to-end fake, so both show the app what
 * Supabase would. `authed`: the request carried a valid user token (42501 is then 403, else 401).
 */
export function postgrestStatus(code: string, authed: boolean): number {
	if (code === '42501') return authed ? 403 : 401;
	const exact: Record<string, number> = {
		'23503': 409,
		'23505': 409,
		'25006': 405,
		'42883': 404,
		'42P01': 404,
		'42P17': 500,
		'53400': 500,
		'57P01': 503,
		P0001: 400
	};
	if (exact[code]) return exact[code];
	const ptStatus = /^PT(\d{3})$/.exec(code)?.[1];
	if (ptStatus) return Number(ptStatus);
	const byClass: Record<string, number> = {
		'08': 503,
		'09': 500,
		'0L': 403,
		'0P': 403,
		'25': 500,
		'28': 403,
		'2D': 500,
		'38': 500,
		'39': 500,
		'3B': 500,
		'40': 500,
		'53': 503,
		'54': 500,
		'55': 500,
		'57': 500,
		'58': 500,
		F0: 500,
		HV: 500,
		P0: 500,
		XX: 500
	};
	return byClass[code.slice(0, 2)] ?? 400; // PostgREST's default, custom codes (CL001...) included
}
