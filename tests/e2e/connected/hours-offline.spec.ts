/**
 * Issue 4, end to end on a phone: a member checks in offline, reloads, checks out, comes back
 * online; the visit reaches the server and the host's device bills it exactly as the member's did.
 * The plan is set up in the database directly (the host screens have their own tests): 10 h,
 * billed by the started quarter hour with no grace, so a visit of a few seconds costs 15 min.
 */
import { randomUUID } from 'node:crypto';
import { waitForServiceWorker } from '../helpers';
import { createSpace, signIn, waitUntilSynced } from './steps';
import { expect, test } from './supabase-fake';

test.use({ viewport: { width: 390, height: 844 } });

test('an offline check-in and check-out reach the host with the same billed time', async ({
	page: host,
	newDevice,
	supabase
}) => {
	const run = randomUUID().slice(0, 8);
	const hostEmail = `hote-${run}@example.test`;
	const memberEmail = `membre-${run}@example.test`;

	await signIn(host, supabase, hostEmail);
	await createSpace(host, `Atelier ${run}`, 'Hélène Hôte');
	await waitUntilSynced(host);

	const { context: memberContext, page: member } = await newDevice();
	await signIn(member, supabase, memberEmail);
	const [hostId, memberId] = [
		await supabase.userIdOf(hostEmail),
		await supabase.userIdOf(memberEmail)
	];
	const { rows } = await supabase.db.query(
		'select space_id from public.memberships where user_id = $1',
		[hostId]
	);
	const spaceId = rows[0]?.space_id as string;
	const rules = {
		incrementMinutes: 15,
		rounding: 'up',
		graceMinutes: 0,
		minimumMinutes: 0,
		dailyCapMinutes: null
	};
	const planId = randomUUID();
	await supabase.db.query(
		`insert into public.memberships (space_id, user_id, role, display_name)
		 values ($1, $2, 'member', 'Marius Membre')`,
		[spaceId, memberId]
	);
	await supabase.db.query(
		`insert into public.plans (id, space_id, name, kind, hours, validity_days, rules, created_by)
		 values ($1, $2, 'Carnet 10 h', 'pack', 10, 90, $3, $4)`,
		[planId, spaceId, JSON.stringify(rules), hostId]
	);
	await supabase.db.query(
		`insert into public.contracts
		   (id, space_id, user_id, plan_id, kind, starts_on, expires_on, minutes_granted, rules, granted_by)
		 values ($1, $2, $3, $4, 'pack', current_date - 1, current_date + 88, 600, $5, $6)`,
		[randomUUID(), spaceId, memberId, planId, JSON.stringify(rules), hostId]
	);

	// The member's device finds the space and the contract.
	await member.reload();
	await expect(member.getByRole('banner')).toContainText(`Atelier ${run}`, { timeout: 20_000 });
	await expect(member.getByTestId('balance')).toContainText(/10\sh/, { timeout: 20_000 });
	await waitForServiceWorker(member);
	await expect(member.getByTestId('checkin-button')).toBeVisible({ timeout: 15_000 });

	// Offline: check in, reload, check out. All of it stays on the device.
	await supabase.setOffline(memberContext, true);
	await member.getByTestId('checkin-button').click();
	await expect(member.getByTestId('checkin-status')).toContainText('Présent·e depuis');
	await expect(member.getByTestId('checkin-status')).toContainText('en attente de synchronisation');
	await member.reload();
	await expect(member.getByTestId('checkin-status')).toContainText('Présent·e depuis');
	await expect(member.getByTestId('checkin-timer')).not.toHaveText('00:00:00'); // a second or more
	await member.getByTestId('checkin-button').click();
	await expect(member.getByTestId('checkin-status')).not.toContainText('Présent·e depuis');
	await expect(member.getByTestId('billed-today')).toHaveText('15 min');
	// (Durations are written with no-break spaces.)
	await expect(member.getByTestId('balance')).toContainText(/9\sh\s45/);
	const visits = () =>
		supabase.db
			.query('select ended_at from public.visits where user_id = $1', [memberId])
			.then((result) => result.rows);
	expect(await visits()).toEqual([]); // nothing reached the server

	// Back online: the visit reaches the server, closed, not flagged.
	await supabase.setOffline(memberContext, false);
	await expect.poll(async () => (await visits()).length, { timeout: 20_000 }).toBe(1);
	await expect.poll(async () => (await visits())[0]?.ended_at !== null).toBe(true);
	await waitUntilSynced(member);
	const [stored] = (
		await supabase.db.query('select flagged, auto_closed from public.visits where user_id = $1', [
			memberId
		])
	).rows;
	expect(stored).toEqual({ flagged: false, auto_closed: false });

	// The host's device bills it the same: 15 min, 9 h 45 left.
	await host.goto('/host');
	const row = host.getByTestId('member-row').filter({ hasText: 'Marius Membre' });
	await expect(row).toContainText(/9\sh\s45/, { timeout: 20_000 });
});
