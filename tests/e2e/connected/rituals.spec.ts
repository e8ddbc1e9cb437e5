/**
 * Issue 5 end to end, two devices and one server: a host schedules a weekly shared meal; a member,
 * offline, takes the dessert role of the next one; once the member is back online the host's device
 * shows the role filled; the host then confirms who came to the meal of the week before.
 */
import { randomUUID } from 'node:crypto';
import { waitForServiceWorker } from '../helpers';
import { createSpace, signIn, waitUntilSynced } from './steps';
import { expect, test } from './supabase-fake';

/** A local date in Paris (the space's zone here), `days` from today. */
const parisDate = (days: number) =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(
		new Date(Date.now() + days * 86_400_000)
	);

test('a weekly meal, a dessert taken offline, seen by the host, then attendance', async ({
	page: host,
	newDevice,
	supabase
}) => {
	test.setTimeout(120_000);
	const run = randomUUID().slice(0, 8);
	const hostEmail = `hote-${run}@example.test`;
	const memberEmail = `membre-${run}@example.test`;

	// The host's space and an invitation; the member joins and shows their name.
	await signIn(host, supabase, hostEmail);
	await createSpace(host, `La Ruche ${run}`, 'Hélène Hôte');
	await host.goto('/host');
	await host.getByRole('button', { name: 'Créer une invitation' }).click();
	const invitation = host.getByTestId('invitation');
	await expect(invitation).not.toContainText('en attente de synchronisation', { timeout: 20_000 });
	const code = (await invitation.locator('strong').textContent())?.trim() ?? '';

	const { context: memberContext, page: member } = await newDevice();
	await signIn(member, supabase, memberEmail);
	await member.getByRole('button', { name: 'Rejoindre avec un code' }).click();
	await member.getByLabel("Code d'invitation").fill(code);
	await member.getByLabel("Votre nom, tel que l'espace le verra").fill('Marius Membre');
	await member.getByRole('button', { name: 'Rejoindre', exact: true }).click();
	await expect(member.getByTestId('checkin-button')).toBeVisible({ timeout: 20_000 });
	await waitForServiceWorker(member);

	// The host schedules a weekly meal whose first date was a week ago: last week's meal is over
	// (attendance can be confirmed), next week's is to come.
	const firstDate = parisDate(-7);
	await host.goto('/rituals/new');
	await host.getByRole('textbox', { name: 'Titre' }).fill('Déjeuner partagé');
	await host.getByRole('textbox', { name: 'Lieu' }).fill('La grande table');
	await host.getByLabel('À partir du').fill(firstDate);
	await host.getByLabel('Début', { exact: true }).fill('12:30');
	await host.getByLabel('Fin', { exact: true }).fill('14:00');
	await expect(host.getByTestId('role-row')).toHaveCount(4);
	await host.getByRole('button', { name: 'Programmer', exact: true }).click();
	await expect(host).toHaveURL(/\/rituals$/, { timeout: 15_000 });
	await waitUntilSynced(host);
	const ritualOf = async () =>
		(
			await supabase.db.query<{ id: string; rrule: string }>(
				`select r.id, r.rrule from public.rituals r
				 join public.memberships m on m.space_id = r.space_id
				 join auth.users u on u.id = m.user_id
				 where u.email = $1 and r.title = 'Déjeuner partagé'`,
				[hostEmail]
			)
		).rows[0];
	await expect.poll(ritualOf, { timeout: 20_000 }).toBeTruthy();
	const ritual = (await ritualOf())!;
	expect(ritual.rrule).toMatch(/^FREQ=WEEKLY;BYDAY=[A-Z]{2}$/);
	const next = `${parisDate(7)}T12:30`;
	const last = `${firstDate}T12:30`;

	// The member's device learns of the meal, then goes offline and takes the dessert.
	await member.goto(`/rituals/occurrence?ritual=${ritual.id}&at=${next}`);
	const dessert = member.getByTestId('role-dessert');
	await expect(dessert).toBeVisible({ timeout: 20_000 });
	await supabase.setOffline(memberContext, true);
	await dessert.getByRole('button', { name: /^Prendre ce rôle : Dessert/ }).click();
	const dialog = member.getByRole('dialog', { name: 'Prendre le rôle Dessert' });
	await expect(dialog.getByRole('radio', { name: /^Dessert/ })).toBeChecked();
	await dialog.getByRole('textbox', { name: 'Un mot (facultatif)' }).fill('Une tarte aux poires');
	await dialog.getByRole('button', { name: 'Je le prends' }).click();
	await expect(member.getByTestId('my-signup')).toContainText('en attente de synchronisation');
	const signups = () =>
		supabase.db
			.query('select role_key, rank from public.signups where ritual_id = $1 and not cancelled', [
				ritual.id
			])
			.then(({ rows }) => rows as { role_key: string; rank: string }[]);
	expect(await signups()).toEqual([]); // nothing reached the server

	// Back online: the sign-up reaches the server and gets its place in commit order.
	await supabase.setOffline(memberContext, false);
	await expect.poll(signups, { timeout: 20_000 }).toMatchObject([{ role_key: 'dessert' }]);
	await waitUntilSynced(member);
	await expect(member.getByTestId('my-signup')).not.toContainText('en attente de synchronisation');

	// The host's device shows the dessert taken, by name (hosts see every name).
	await host.goto(`/rituals/occurrence?ritual=${ritual.id}&at=${next}`);
	await expect(host.getByTestId('role-dessert')).toContainText('Marius Membre', {
		timeout: 20_000
	});
	await expect(host.getByTestId('role-dessert')).toContainText('1 sur 2');

	// Last week's meal: the host confirms who came, adding the member as a walk-in.
	await host.goto(`/rituals/attendance?ritual=${ritual.id}&at=${last}`);
	await expect(host.getByRole('heading', { name: 'Qui est venu ?' })).toBeVisible({
		timeout: 15_000
	});
	await host.getByRole('button', { name: 'Ajouter une personne' }).click();
	await host.getByRole('searchbox', { name: 'Chercher un membre' }).fill('marius');
	await host.getByRole('button', { name: 'Ajouter Marius Membre' }).click();
	await host.getByRole('button', { name: 'Confirmer la liste' }).click();
	await expect(host.getByText('Présences confirmées.').first()).toBeVisible();
	const marks = () =>
		supabase.db
			.query(
				`select a.part from public.attendance a join auth.users u on u.id = a.user_id
				 where a.ritual_id = $1 and u.email = $2 and not a.deleted`,
				[ritual.id, memberEmail]
			)
			.then(({ rows }) => rows as { part: string }[]);
	await expect.poll(marks, { timeout: 20_000 }).toEqual([{ part: 'attended' }]);
});
