import { writableTables, type CollectifDB } from '$lib/db/database';
import type { DemoMutation } from '$lib/domain/demo/seed';
import type { MutationError } from '$lib/domain/mutations/errors';

export const DEMO_DB_NAME = 'collectif-demo';
/** Progress of the seeding: the script's date, and how much of the history is in. */
const SEED = 'demoSeed';

interface SeedProgress {
	at: string;
	complete: boolean;
	/** How many mutations of the history are in (absent: none). */
	done?: number;
}

/**
 * Mutations of the history per transaction: a change the visitor makes while the history is
 * being written waits for one step at most (about 0.2 s, 0.5 s at 4× CPU), not for all of it.
 */
export const HISTORY_STEP = 40;

export interface DemoSeeding {
	/** Whether this call seeded anything. */
	seeded: boolean;
	/** Settles when the history (visits, sign-ups) is in too. */
	history: Promise<void>;
}

/**
 * Seeds the demo space through the ordinary mutation path. The setup (space, people, plans,
 * rituals) is one all-or-nothing step, awaited: the screens need it. The history (visits,
 * sign-ups, a year of rituals) is written once the first screen is up (`whenIdle`), in steps of
 * `HISTORY_STEP` mutations, each recording how far it got, so an interrupted start goes on where
 * it stopped, with the same script (its date is recorded with the setup).
 *
 * The visitor's own changes are not held back meanwhile: a check-in tapped on the first screen
 * goes in between two steps. A mutation of the history that the visitor's change made impossible
 * (checking in a member who already checked in, say) is refused by its rules as it would be
 * anywhere, and left out: the visitor's change wins. A step that finds the progress changed
 * under it (the demo was reset) stops the writing.
 *
 * The demo device is the authority: it accepts its own script at once (`accepted` mode: same
 * validation, rules and handlers, no outbox).
 */
export async function seedDemoIfEmpty(
	db: CollectifDB,
	now: Date,
	whenIdle: () => Promise<void> = () => Promise.resolve()
): Promise<DemoSeeding> {
	let progress = (await db.meta.get(SEED))?.value as SeedProgress | undefined;
	if (progress?.complete) return { seeded: false, history: Promise.resolve() };
	performance.mark('demo-seed:start');
	// Loaded only when there is something to seed: every later start (the database is seeded)
	// skips its ~2.5 kB; the first visit pays one request for it (served by the worker after).
	const { buildDemoHistory, buildDemoSetup } = await import('$lib/domain/demo/seed');
	const at = new Date(progress?.at ?? now);
	const setup = buildDemoSetup(at);
	if (!progress) {
		progress = { at: at.toISOString(), complete: false };
		await accept(db, setup.script, at, progress);
	}
	performance.measure('demo-seed:setup', 'demo-seed:start');
	const from = progress.done ?? 0;
	const historyDone = whenIdle()
		.then(() => writeHistory(db, buildDemoHistory(at, setup.lunch, setup.packPlans), at, from))
		.then(() => void performance.measure('demo-seed', 'demo-seed:start'));
	return { seeded: true, history: historyDone };
}

/** Writes the history from mutation `from` on, step by step (see `seedDemoIfEmpty`). */
async function writeHistory(db: CollectifDB, history: DemoMutation[], at: Date, from: number) {
	const reached = (done: number): SeedProgress => ({
		at: at.toISOString(),
		complete: done >= history.length,
		done
	});
	for (let done = from; done < history.length; done += HISTORY_STEP) {
		const end = Math.min(done + HISTORY_STEP, history.length);
		if (!(await accept(db, history.slice(done, end), at, reached(end), reached(done)))) return;
	}
}

/**
 * Applies `script` in one transaction and records `reached` as the progress. With `expected`:
 * only if the progress still is that (else the demo was reset meanwhile: nothing is written,
 * and the answer is false).
 */
async function accept(
	db: CollectifDB,
	script: DemoMutation[],
	now: Date,
	reached: SeedProgress,
	expected?: SeedProgress
): Promise<boolean> {
	// Loaded before the transaction: an import awaited inside it would end it early. (The code of
	// local changes is not in the first-load files: the first screen paints without it.)
	const { applyMutations, prepareFor } = await import('$lib/db/apply');
	await prepareFor(script.map((mutation) => mutation.name));
	return db.transaction('rw', writableTables(db), async () => {
		if (expected && !(await still(db, expected))) return false;
		// The setup goes in whole or not at all; the history gives way to the visitor.
		const seeding = { leftOut: expected ? leftOut : refuse };
		await applyMutations(db, script, { now, mode: 'accepted', seeding });
		await db.meta.put({ key: SEED, value: reached });
		return true;
	});
}

/** A mutation of the script that the visitor's own change made impossible. */
function leftOut(mutation: DemoMutation, error: MutationError) {
	console.warn(`demo: ${mutation.name} left out, after a change of the visitor`, error.message);
}

function refuse(_: DemoMutation, error: MutationError): never {
	throw error;
}

async function still(db: CollectifDB, expected: SeedProgress): Promise<boolean> {
	const current = (await db.meta.get(SEED))?.value as SeedProgress | undefined;
	return current?.at === expected.at && (current.done ?? 0) === expected.done && !current.complete;
}

/** Deletes every demo row and seeds a fresh demo space. */
export async function resetDemo(db: CollectifDB, now = new Date()): Promise<void> {
	await db.transaction('rw', db.tables, async () => {
		await Promise.all(db.tables.map((table) => table.clear()));
	});
	await (
		await seedDemoIfEmpty(db, now)
	).history;
}

/**
 * What the server's scheduled job does in connected mode, done by the demo device for itself:
 * closes forgotten check-outs now and every minute. Returns a function that stops it.
 */
export function runDemoAuthority(db: CollectifDB, everyMs = 60_000): () => void {
	// Loaded after the first screen: a start never waits for it.
	const run = () => {
		import('$lib/db/auto-close')
			.then(({ closeForgottenVisits }) => closeForgottenVisits(db, new Date()))
			.catch((error: unknown) => console.error('demo auto-close', error));
	};
	run();
	const timer = setInterval(run, everyMs);
	return () => clearInterval(timer);
}
