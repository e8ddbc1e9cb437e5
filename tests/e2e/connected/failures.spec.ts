/**
 * The sync path in the browser when the server refuses or fails: real supabase-js, real engine,
 * the fake edge answering like Supabase for one request, then normally again.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { createSpace, signIn, waitUntilSynced } from './steps';
import { expect, test, type FakeSupabase } from './supabase-fake';

async function hostWithSpace(page: Page, supabase: FakeSupabase): Promise<string> {
	const email = `hote-${randomUUID().slice(0, 8)}@example.test`;
	await signIn(page, supabase, email);
	await createSpace(page, 'Atelier', 'Hélène Hôte');
	await waitUntilSynced(page);
	const userId = await supabase.userIdOf(email);
	if (!userId) throw new Error('no user');
	return userId;
}

const openVisitsOf = (supabase: FakeSupabase, userId: string) => () =>
	supabase.db
		.query('select 1 from public.visits where user_id = $1 and ended_at is null', [userId])
		.then(({ rowCount }) => rowCount);

test('a token refused as expired is refreshed, and the change still reaches the server', async ({
	page,
	supabase
}) => {
	const userId = await hostWithSpace(page, supabase);
	const refreshes = () =>
		supabase.calls.filter((call) => call.path === '/auth/v1/token?grant_type=refresh_token').length;
	const before = refreshes();
	supabase.failNext(/\/rest\/v1\/rpc\/sync_push$/, {
		status: 401,
		body: { code: 'PGRST301', message: 'JWT expired', details: null, hint: null }
	});

	await page.getByTestId('checkin-button').click();

	await expect.poll(openVisitsOf(supabase, userId), { timeout: 20_000 }).toBe(1);
	expect(refreshes()).toBe(before + 1);
	await waitUntilSynced(page);
	await page.reload();
	await expect(page.getByRole('button', { name: 'Créer un espace' })).toHaveCount(0);
	await expect(page.getByTestId('checkin-status')).toContainText('Présent·e depuis');
});

test('a server that fails for a moment (503 page) is retried until the change is in', async ({
	page,
	supabase
}) => {
	const userId = await hostWithSpace(page, supabase);
	supabase.failNext(
		/\/rest\/v1\/rpc\/sync_push$/,
		{
			status: 503,
			body: '<html><body>503 Service Temporarily Unavailable</body></html>',
			headers: { 'content-type': 'text/html' }
		},
		2
	);

	await page.getByTestId('checkin-button').click();

	await expect.poll(openVisitsOf(supabase, userId), { timeout: 30_000 }).toBe(1);
	const pushes = supabase.calls.filter((call) => call.path === '/rest/v1/rpc/sync_push');
	expect(pushes.slice(-3).map((call) => call.status)).toEqual([503, 503, 200]);
	await waitUntilSynced(page);
});
