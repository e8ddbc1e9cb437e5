import { dueAutoCloses } from '$lib/domain/auto-close';
import type { CollectifDB } from './database';
import { FactJournal } from './fact-journal';
import { toStored } from './stored';

/**
 * The authority's forgotten check-outs job, for demo mode (the device is its own server): every
 * open visit past its space's closing time is closed at that time and marked, written as the
 * authority's row. In connected mode the database does this (`app_private.close_forgotten_visits`)
 * and pulls bring the rows; the screens meanwhile show such visits closed (`visitAsOf`).
 * A visit still pending (an unsynced change) is left for the next run. Returns how many it closed.
 */
export async function closeForgottenVisits(db: CollectifDB, now: Date): Promise<number> {
	return db.transaction('rw', [db.visits, db.spaces, db.factChanges, db.meta], async () => {
		const open = await db.visits.where('openOf').above('').toArray();
		const journal = new FactJournal();
		let closed = 0;
		for (const visit of open) {
			if (visit.pending !== undefined) continue;
			const space = await db.spaces.get(visit.spaceId);
			const [due] = space ? dueAutoCloses([visit], space, now) : [];
			if (!due) continue;
			await db.visits.put(toStored('visits', due, undefined));
			journal.note('visits', visit, due);
			closed++;
		}
		await journal.flush(db);
		return closed;
	});
}
