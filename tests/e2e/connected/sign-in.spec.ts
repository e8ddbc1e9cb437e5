/**
 * Signing in on the connected build: an emailed one-time code, read from the fake's inbox.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from './supabase-fake';

test('sign in with the emailed code (French UI), then choose to create or join a space', async ({
	page,
	supabase
}) => {
	const email = `camille-${randomUUID().slice(0, 8)}@example.test`;
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Se connecter' })).toBeVisible();

	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByRole('button', { name: 'Recevoir un code' }).click();
	const codeField = page.getByLabel('Code reçu par e-mail');
	await expect(codeField).toBeVisible();

	// A wrong code is refused, in French, and the person can try again.
	const code = supabase.codeFor(email);
	await codeField.fill(code === '000000' ? '111111' : '000000');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('alert')).toContainText('Ce code est faux ou a expiré');

	// "Send the code again" emails a new one; the new code is the one that works.
	const otpRequests = () => supabase.calls.filter((call) => call.path === '/auth/v1/otp').length;
	const sent = otpRequests();
	await page.getByRole('button', { name: 'Renvoyer le code' }).click();
	await expect.poll(otpRequests).toBe(sent + 1);
	await expect(codeField).toBeVisible();
	await codeField.fill(supabase.codeFor(email));
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('button', { name: 'Créer un espace' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Rejoindre avec un code' })).toBeVisible();

	// The account exists on the server, with the language of the sign-in.
	const userId = await supabase.userIdOf(email);
	const { rows } = await supabase.db.query('select locale from public.profiles where id = $1', [
		userId
	]);
	expect(rows).toEqual([{ locale: 'fr' }]);

	// Still signed in after a reload.
	await page.reload();
	await expect(page.getByRole('button', { name: 'Créer un espace' })).toBeVisible();
	await expect(page.getByLabel('Adresse e-mail')).toHaveCount(0);
});
