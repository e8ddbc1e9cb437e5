/**
 * Two devices, two people, one server: a host creates a space and an invitation, a member joins
 * with the code, then checks in and shows their name while offline; once back online, the host's
 * device shows them present.
 */
import { randomUUID } from 'node:crypto';
import { waitForServiceWorker } from '../helpers';
import { createSpace, signIn, waitUntilSynced } from './steps';
import { expect, test } from './supabase-fake';

test('a member joins by code, checks in offline, and the host sees them present', async ({
	page: host,
	newDevice,
	supabase
}) => {
	const run = randomUUID().slice(0, 8);
	const hostEmail = `hote-${run}@example.test`;
	const memberEmail = `membre-${run}@example.test`;

	// The host's device: sign in, create the space, create an invitation.
	await signIn(host, supabase, hostEmail);
	await createSpace(host, `La Ruche ${run}`, 'Hélène Hôte');
	await host.goto('/host');
	await host.getByRole('button', { name: 'Créer une invitation' }).click();
	const invitation = host.getByTestId('invitation');
	await expect(invitation).toHaveCount(1);
	await expect(invitation).not.toContainText('en attente de synchronisation', { timeout: 20_000 });
	const code = (await invitation.locator('strong').textContent())?.trim() ?? '';
	expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);

	// The member's device: sign in and join with the code.
	const { context: memberContext, page: member } = await newDevice();
	await signIn(member, supabase, memberEmail);
	await member.getByRole('button', { name: 'Rejoindre avec un code' }).click();
	await member.getByLabel("Code d'invitation").fill(code);
	await member.getByLabel("Votre nom, tel que l'espace le verra").fill('Marius Membre');
	await member.getByRole('button', { name: 'Rejoindre', exact: true }).click();
	// Joined once the server answered and the space came down: its home screen shows.
	await expect(member.getByRole('banner')).toContainText(`La Ruche ${run}`, { timeout: 20_000 });
	await expect(member.getByText("Vous avez rejoint l'espace.")).toBeVisible();
	await expect(member.getByTestId('checkin-button')).toBeVisible({ timeout: 15_000 });
	await waitForServiceWorker(member);
	await expect(member.getByTestId('checkin-button')).toBeVisible({ timeout: 15_000 });

	// Offline: check in, show my name, reload; both survive on the device.
	await supabase.setOffline(memberContext, true);
	await member.getByTestId('checkin-button').click();
	await expect(member.getByTestId('checkin-status')).toContainText('Présent·e depuis');
	await member.goto('/me');
	const showName = member.getByRole('checkbox', { name: /Montrer mon nom aux autres membres/ });
	await showName.check();
	await expect(showName).toBeChecked();
	await member.reload();
	await expect(showName).toBeChecked();
	await member.goto('/');
	await expect(member.getByTestId('checkin-status')).toContainText('Présent·e depuis');
	const memberId = await supabase.userIdOf(memberEmail);
	const openVisits = () =>
		supabase.db
			.query('select 1 from public.visits where user_id = $1 and ended_at is null', [memberId])
			.then(({ rowCount }) => rowCount);
	expect(await openVisits()).toBe(0); // nothing reached the server

	// Back online: the member's device sends both changes.
	await supabase.setOffline(memberContext, false);
	await expect.poll(openVisits, { timeout: 20_000 }).toBe(1);
	await expect
		.poll(
			async () =>
				(
					await supabase.db.query(
						'select show_presence from public.memberships where user_id = $1',
						[memberId]
					)
				).rows[0]?.show_presence,
			{ timeout: 20_000 }
		)
		.toBe(true);
	await waitUntilSynced(member);

	// The host opens the app again: the member is present, by name.
	await host.goto('/');
	await expect(host.getByTestId('presence-count')).toContainText('1 sur 20 places', {
		timeout: 20_000
	});
	await expect(host.getByText('Visibles : Marius Membre')).toBeVisible();
});
