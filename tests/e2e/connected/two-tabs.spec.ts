/**
 * Reliability item 13: two tabs of one user share one database and one outbox, but only one of
 * them syncs at a time (Web Locks); when it closes, the other takes over.
 */
import { randomUUID } from 'node:crypto';
import { createSpace, signIn, waitUntilSynced } from './steps';
import { expect, test } from './supabase-fake';

test('only the leading tab syncs; when it closes the other takes over', async ({
	page: first,
	context,
	supabase
}) => {
	const run = randomUUID().slice(0, 8);
	const email = `onglets-${run}@example.test`;
	await signIn(first, supabase, email);
	await createSpace(first, `Deux onglets ${run}`, 'Tess Onglet');
	await waitUntilSynced(first);
	const userId = await supabase.userIdOf(email);
	const openVisits = async () =>
		(
			await supabase.db.query(
				'select 1 from public.visits where user_id = $1 and ended_at is null',
				[userId]
			)
		).rowCount;

	// A second tab of the same user: it starts, but waits for the lock the first tab holds.
	const second = await context.newPage();
	await second.goto('/');
	await expect(second.getByTestId('checkin-button')).toBeVisible();
	const pushesFrom = (page: typeof first) =>
		supabase.calls.filter((call) => call.path.endsWith('/sync_push') && call.page === page).length;
	const before = { first: pushesFrom(first), second: pushesFrom(second) };

	// A check-in made in the second tab goes out through the first (it sees the shared outbox).
	await second.getByTestId('checkin-button').click();
	await expect.poll(openVisits, { timeout: 20_000 }).toBe(1);
	expect(pushesFrom(first)).toBeGreaterThan(before.first);
	expect(pushesFrom(second)).toBe(before.second);

	// The first tab closes: the second gets the lock and syncs its own check-out.
	await first.close();
	await second.getByTestId('checkin-button').click();
	await expect.poll(openVisits, { timeout: 20_000 }).toBe(0);
	expect(pushesFrom(second)).toBeGreaterThan(before.second);
	await waitUntilSynced(second);
});
