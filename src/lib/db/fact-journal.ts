import type { EntityTable, EntityTables } from '$lib/domain/types';
import type { CollectifDB } from './database';

/**
 * The journal of changed participation facts (`docs/community.md`; read by
 * `participation-log.ts`). Every write path that changes a row of a fact table notes
 * `{ spaceId, table, id }` in the same transaction as the write: the local writer of mutations,
 * the sync store (pulled pages, confirmations, resets) and the demo's forgotten check-outs. An
 * entry says only "this row may have changed": whoever reads the journal reads the row as it is
 * now, so applying an entry twice, or one that is already reflected, changes nothing.
 *
 * Occurrence changes are not facts of the model: an occurrence keeps its original start as its
 * identity (attendance and sign-ups name it, and a cancelled one still counts as scheduled), so
 * no change of one alters the log. Sign-up ranks and `pending` marks are not read either, so
 * confirmations that only drop marks, demo acceptance and renumbering note nothing.
 *
 * Cost per write path: one `bulkAdd` of the entries at the end of the transaction. The journal is
 * written whether or not this device keeps a log (members' devices never read it), so it is
 * pruned as it grows: when its counter passes a multiple of `PRUNE_EVERY`, entries older than the
 * last `KEEP` are deleted and `meta.factChangesPruned` records up to where; a kept log older than
 * that is built again from the rows.
 */

/** Tables whose rows the participation log reads. */
export type FactTable =
	| 'visits'
	| 'attendance'
	| 'signups'
	| 'proposals'
	| 'welcomes'
	| 'participationPrefs'
	| 'contracts'
	| 'memberships'
	| 'rituals';

export const factTables: ReadonlySet<EntityTable> = new Set<FactTable>([
	'visits',
	'attendance',
	'signups',
	'proposals',
	'welcomes',
	'participationPrefs',
	'contracts',
	'memberships',
	'rituals'
]);

export interface FactChange {
	/** The journal's counter (auto-incremented: entries are in commit order). */
	seq?: number;
	spaceId: string;
	/** `*`: everything of the space may have changed (a reset): the log is built again. */
	table: FactTable | '*';
	id: string;
	/**
	 * The person whose derived facts may have shrunk: of a visit that moved or is gone (their
	 * presence days are read again), of a contract that changed or is gone (their first contract).
	 */
	recompute?: string;
}

/** Up to where entries may have been pruned (a kept log older than that is rebuilt). */
export const PRUNED = 'factChangesPruned';
/** Entries kept when pruning, for every space together. */
export const KEEP = 20_000;
export const PRUNE_EVERY = 1_000;

type AnyRow = EntityTables[EntityTable] & { spaceId?: string };

/** The person of a moved or gone visit, or of a changed or gone contract. */
function recomputed(table: EntityTable, before: AnyRow, after: AnyRow | null): string | undefined {
	const old = before as { userId?: string | null; startedAt?: string };
	if (typeof old.userId !== 'string') return undefined;
	if (table === 'contracts') return old.userId;
	if (table !== 'visits') return undefined;
	const now = after as { userId?: string | null; startedAt?: string } | null;
	return now === null || now.userId !== old.userId || now.startedAt !== old.startedAt
		? old.userId
		: undefined;
}

/** The entry for a row written (`after`) or deleted (`after` null); null for other tables. */
export function factChangeOf(
	table: EntityTable,
	before: AnyRow | null | undefined,
	after: AnyRow | null | undefined
): FactChange | null {
	if (!factTables.has(table)) return null;
	const row = after ?? before;
	if (!row || typeof row.spaceId !== 'string') return null;
	const change: FactChange = { spaceId: row.spaceId, table: table as FactTable, id: row.id };
	const person = before ? recomputed(table, before, after ?? null) : undefined;
	if (person !== undefined) change.recompute = person;
	return change;
}

/** Entries noted during one transaction, written together at its end (`flush`). */
export class FactJournal {
	readonly #entries: FactChange[] = [];
	readonly #wholesale: boolean;
	readonly #spaces = new Set<string>();

	/**
	 * `wholesale`: for a batch that writes most of a space's facts (the demo's seeding), one
	 * "everything" entry per space touched instead of one per row: a kept log is built again
	 * from the rows, which reading each of them again would cost anyway.
	 */
	constructor({ wholesale = false }: { wholesale?: boolean } = {}) {
		this.#wholesale = wholesale;
	}

	/** A row of `table` was written (`after`) or deleted (`after` null or undefined). */
	note(table: EntityTable, before: AnyRow | null | undefined, after: AnyRow | null | undefined) {
		const change = factChangeOf(table, before, after);
		if (!change) return;
		if (!this.#wholesale) this.#entries.push(change);
		else if (!this.#spaces.has(change.spaceId)) {
			this.#spaces.add(change.spaceId);
			this.everything(change.spaceId);
		}
	}

	/** Every fact of the space may have changed (its rows were cleared). */
	everything(spaceId: string): void {
		this.#entries.push({ spaceId, table: '*', id: '' });
	}

	get size(): number {
		return this.#entries.length;
	}

	/** Writes the entries (inside the caller's transaction, which includes `factChanges` and `meta`). */
	async flush(db: CollectifDB): Promise<void> {
		const entries = this.#entries.splice(0);
		if (entries.length === 0) return;
		const last = (await db.factChanges.bulkAdd(entries)) ?? 0;
		if (Math.floor(last / PRUNE_EVERY) === Math.floor((last - entries.length) / PRUNE_EVERY)) {
			return;
		}
		const upTo = last - KEEP;
		if (upTo <= 0) return;
		await db.factChanges.where('seq').belowOrEqual(upTo).delete();
		const before = ((await db.meta.get(PRUNED))?.value as number | undefined) ?? 0;
		if (upTo > before) await db.meta.put({ key: PRUNED, value: upTo });
	}
}
