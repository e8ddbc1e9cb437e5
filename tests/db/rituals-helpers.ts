import type { Db } from './helpers';
import { latest, pullAll, uuid, type Change } from './sync-helpers';

/**
 * Helpers of the rituals specs (tests/db/rituals-*.spec.ts, issue 5): argument builders of the
 * new mutations with occurrences placed relative to now (a sign-up to an occurrence that started is
 * refused, so fixed dates would expire), and the rows a caller pulls.
 */

/** The first occurrence of the rituals built here: a Thursday lunch, long past. */
export const SERIES_START = '2026-11-26T12:30';

/** The local date-time `days` days from today (UTC date), at `time` (the series' 12:30). */
export function dayAt(days: number, time = '12:30'): string {
	const date = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
	return `${date}T${time}`;
}

/** The space's wall clock (Paris) `minutes` from now, to the minute: `YYYY-MM-DDTHH:MM`. */
export async function parisWallClock(db: Db, minutes: number): Promise<string> {
	const { rows } = await db.query<{ at: string }>(
		`select to_char((now() at time zone 'Europe/Paris') + make_interval(mins => $1),
			'YYYY-MM-DD"T"HH24:MI') as at`,
		[minutes]
	);
	return rows[0]!.at;
}

/** The same wall time `days` days earlier (a series that started before, at that time of day). */
export function daysBefore(local: string, days: number): string {
	const date = new Date(Date.parse(`${local.slice(0, 10)}T00:00:00Z`) - days * 86_400_000);
	return `${date.toISOString().slice(0, 10)}T${local.slice(11)}`;
}

export const isoAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const ritualFields = (o: Record<string, unknown> = {}) => ({
	kind: 'meal',
	title: 'Déjeuner partagé',
	description: 'Chacun apporte un plat.',
	place: 'Cuisine',
	durationMinutes: 60,
	capacity: 5,
	rrule: 'FREQ=WEEKLY;BYDAY=TH',
	startsAt: SERIES_START,
	roles: [
		{ key: 'cooking', label: 'Cuisine', slots: 2, animates: true },
		{ key: 'dessert', label: 'Dessert', slots: 1 }
	],
	...o
});

/** Valid arguments of every new mutation, with overrides. */
export const rargs = {
	ritual: (spaceId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		ritualId: uuid(),
		...ritualFields(),
		leadUserId: null,
		...o
	}),
	update: (spaceId: string, ritualId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		ritualId,
		kind: 'afterwork',
		title: 'Apéro du jeudi',
		description: '',
		place: 'Terrasse',
		durationMinutes: 90,
		capacity: 20,
		roles: [{ key: 'facilitate', label: 'Animer', slots: 1, animates: true }],
		leadUserId: null,
		...o
	}),
	split: (spaceId: string, ritualId: string, from: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		ritualId,
		newRitualId: uuid(),
		from,
		...ritualFields({
			title: 'Déjeuner du vendredi',
			rrule: 'FREQ=WEEKLY;BYDAY=FR',
			startsAt: from
		}),
		leadUserId: null,
		message: 'On passe au vendredi.',
		...o
	}),
	end: (
		spaceId: string,
		ritualId: string,
		from: string | null,
		o: Record<string, unknown> = {}
	) => ({
		spaceId,
		ritualId,
		from,
		message: 'Fin de la saison.',
		...o
	}),
	change: (
		spaceId: string,
		ritualId: string,
		occurrence: string,
		o: Record<string, unknown> = {}
	) => ({
		spaceId,
		changeId: uuid(),
		ritualId,
		occurrence,
		cancelled: true,
		startsAt: null,
		durationMinutes: null,
		place: null,
		message: 'Cuisine en travaux.',
		...o
	}),
	signup: (
		spaceId: string,
		ritualId: string,
		occurrence: string,
		o: Record<string, unknown> = {}
	) => ({
		spaceId,
		signupId: uuid(),
		ritualId,
		occurrence,
		roleKey: null,
		note: '',
		at: new Date().toISOString(),
		...o
	}),
	signupUpdate: (spaceId: string, signupId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		signupId,
		roleKey: 'dessert',
		note: 'Tarte aux pommes',
		...o
	}),
	cancel: (spaceId: string, signupId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		signupId,
		at: new Date().toISOString(),
		...o
	}),
	proposal: (spaceId: string, o: Record<string, unknown> = {}) => {
		const fields: Record<string, unknown> = ritualFields({
			kind: 'workshop',
			title: 'Atelier vélo',
			rrule: 'FREQ=MONTHLY;BYDAY=1SA',
			startsAt: dayAt(30, '10:00'),
			roles: [{ key: 'facilitate', label: 'Animer', slots: 1, animates: true }]
		});
		delete fields.capacity;
		return {
			spaceId,
			proposalId: uuid(),
			...fields,
			willLead: true,
			at: new Date().toISOString(),
			...o
		};
	},
	accept: (spaceId: string, proposalId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		proposalId,
		ritualId: uuid(),
		...ritualFields({
			kind: 'workshop',
			title: 'Atelier vélo',
			rrule: 'FREQ=MONTHLY;BYDAY=1SA',
			startsAt: dayAt(30, '10:00'),
			roles: [{ key: 'facilitate', label: 'Animer', slots: 1, animates: true }]
		}),
		message: 'Avec plaisir !',
		...o
	}),
	decline: (spaceId: string, proposalId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		proposalId,
		message: 'Pas ce mois-ci.',
		...o
	}),
	mark: (
		spaceId: string,
		ritualId: string,
		occurrence: string,
		entries: { userId: string; part?: string; roleKey?: string | null; attendanceId?: string }[],
		o: Record<string, unknown> = {}
	) => ({
		spaceId,
		ritualId,
		occurrence,
		entries: entries.map((e) => ({
			attendanceId: e.attendanceId ?? uuid(),
			userId: e.userId,
			part: e.part ?? 'attended',
			roleKey: e.roleKey ?? null
		})),
		...o
	}),
	vocabulary: (spaceId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		kinds: [
			{
				key: 'soupe',
				label: 'Soupe du lundi',
				roles: [
					{ key: 'cooking', label: 'Éplucher', slots: 3, animates: true },
					{ key: 'bread', label: 'Pain', slots: 1 }
				]
			}
		],
		glossary: [{ term: 'Coloc', definition: 'Quelqu’un qui travaille ici chaque jour.' }],
		...o
	})
};

export type Rows = Map<string, Change>;

/** Everything `userId` pulls from the space from zero, as the client's store ends up. */
export async function pulled(db: Db, userId: string, spaceId: string): Promise<Rows> {
	return latest((await pullAll(db, userId, uuid(), spaceId)).changes);
}

/** The live rows of one table in what was pulled. */
export function rowsOf(rows: Rows, table: string): Record<string, unknown>[] {
	return [...rows.values()]
		.filter((change) => change.table === table && !change.deleted)
		.map((change) => change.row!);
}

/** One row as superuser, or undefined. */
export async function one(
	db: Db,
	sql: string,
	values: unknown[] = []
): Promise<Record<string, unknown> | undefined> {
	return (await db.query(sql, values)).rows[0];
}
