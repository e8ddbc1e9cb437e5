// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type CollectifDB } from '$lib/db/database';
import { App } from '$lib/state/app.svelte';
import type { DemoSession } from '$lib/state/session.svelte';
import { seedDemoIfEmpty } from '$lib/state/demo';
import { openVisitOf } from '$lib/db/visits';
import { DEMO_SPACE_ID, personaIds } from '$lib/domain/demo/people';

let db: CollectifDB;
beforeEach(async () => {
	db = openDatabase('app-test');
	await (
		await seedDemoIfEmpty(db, new Date())
	).history;
});
afterEach(() => db.delete());

const checkIn = () => ({
	spaceId: DEMO_SPACE_ID,
	visitId: crypto.randomUUID(),
	at: new Date().toISOString()
});

describe('App.mutate', () => {
	it('applies a change as the current persona and accepts it in demo mode', async () => {
		const app = new App(db);
		const outcome = await app.mutate('visit.start@1', checkIn());
		expect(outcome.ok).toBe(true);
		expect((await openVisitOf(db, personaIds.nomad))?.userId).toBe(personaIds.nomad);
		expect(await db.outbox.count()).toBe(0);
	});

	it('returns a refusal instead of throwing, and writes nothing', async () => {
		const app = new App(db);
		const outcome = await app.mutate('visit.start@1', { ...checkIn(), at: 'yesterday' });
		expect(outcome.ok).toBe(false);
		if (!outcome.ok) expect(outcome.error.code).toBe('invalid_args');
		expect(await openVisitOf(db, personaIds.nomad)).toBeUndefined();
	});

	it('is unsettled while the demo history is written, and never holds the user’s changes', async () => {
		const app = new App(db);
		let release!: () => void;
		app.settleAfter(new Promise<void>((resolve) => (release = resolve)));
		expect(app.settled).toBe(false);
		expect((await app.mutate('visit.start@1', checkIn())).ok).toBe(true);
		expect(await openVisitOf(db, personaIds.nomad)).toBeDefined();
		expect(app.settled).toBe(false);
		release();
		await vi.waitFor(() => expect(app.settled).toBe(true));
	});

	it('acts as whoever the persona switcher selects', async () => {
		const app = new App(db);
		(app.session as DemoSession).switchTo('resident');
		await app.mutate('profile.presence@1', { spaceId: DEMO_SPACE_ID, showPresence: true });
		expect(await db.memberships.get(`${DEMO_SPACE_ID}:${personaIds.resident}`)).toMatchObject({
			showPresence: true
		});
		expect(localStorage.getItem('collectif.persona')).toBe('resident');
	});
});
