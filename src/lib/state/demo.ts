import { writableTables, type CollectifDB } from '$lib/db/database';
import type { DemoMutation } from '$lib/domain/demo/seed';

export const DEMO_DB_NAME = 'collectif-demo';
/** Progress of the seeding: the script's date, and whether the history is in. */
const SEED = 'demoSeed';

interface SeedProgress {
	at: string;
	complete: boolean;
}

export interface DemoSeeding {
	/** Whether this call seeded anything. */
	seeded: boolean;
	/** Settles when the history (visits, sign-ups) is in too. */
	history: Promise<void>;
}

/**
 * Seeds the demo space through the ordinary mutation path, in two all-or-nothing steps. The setup
 * (space, people, plans, rituals) is awaited: the screens need it. The history (visits, sign-ups)
 * is written once the first screen is up (`whenIdle`), in one transaction, so the screens
 * re-render once rather than at every step. The script's date is recorded with the setup, so an
 * interrupted start writes the same history next time. The demo device is the authority: it
 * accepts its own script at once (`accepted` mode: same validation, rules and handlers, no outbox).
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
	const historyDone = whenIdle()
		.then(() => {
			const history = buildDemoHistory(at, setup.lunch, setup.packPlans);
			return accept(db, history, at, { at: at.toISOString(), complete: true });
		})
		.then(() => void performance.measure('demo-seed', 'demo-seed:start'));
	return { seeded: true, history: historyDone };
}

async function accept(db: CollectifDB, script: DemoMutation[], now: Date, reached: SeedProgress) {
	// Loaded before the transaction: an import awaited inside it would end it early. (The code of
	// local changes is not in the first-load files: the first screen paints without it.)
	const { applyMutations, prepareFor } = await import('$lib/db/apply');
	await prepareFor(script.map((mutation) => mutation.name));
	return db.transaction('rw', writableTables(db), async () => {
		await applyMutations(db, script, { now, mode: 'accepted' });
		await db.meta.put({ key: SEED, value: reached });
	});
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
