// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { invitationCode } from '$lib/domain/mutations/schemas';
import { newInvitationCode, normalizeCode } from '$lib/features/onboarding/invitation-code';
import { rejectionText } from '$lib/features/sync/rejection-text';
import { mutationNames } from '$lib/domain/mutations/catalogue';
import { forgetUser, readSignedInUser, rememberUser, userDatabaseName } from '$lib/state/account';
import { ConnectedSession } from '$lib/state/session.svelte';
import { overwriteGetLocale } from '$lib/paraglide/runtime';

afterEach(() => localStorage.clear());

describe('invitation codes', () => {
	it('are 8 characters the schema accepts, without look-alikes, and differ', () => {
		const codes = Array.from({ length: 200 }, newInvitationCode);
		for (const code of codes) expect(v.is(invitationCode, code)).toBe(true);
		expect(codes.join('')).not.toMatch(/[01OI]/);
		expect(new Set(codes).size).toBe(codes.length);
	});

	it('accept what people type or paste', () => {
		expect(normalizeCode(' abcd-2345 ')).toBe('ABCD2345');
		expect(normalizeCode('ab cd 23 45')).toBe('ABCD2345');
	});
});

describe('the signed-in user on this device', () => {
	it('is remembered, read back and forgotten', () => {
		expect(readSignedInUser()).toBeNull();
		rememberUser({ userId: 'u1', email: 'a@b.test' });
		expect(readSignedInUser()).toEqual({ userId: 'u1', email: 'a@b.test' });
		forgetUser();
		expect(readSignedInUser()).toBeNull();
	});

	it('is treated as signed out when the stored value is damaged', () => {
		localStorage.setItem('collectif.user', '{not json');
		expect(readSignedInUser()).toBeNull();
		localStorage.setItem('collectif.user', JSON.stringify({ userId: 3 }));
		expect(readSignedInUser()).toBeNull();
	});

	it('has a database of its own', () => {
		expect(userDatabaseName('u1')).not.toBe(userDatabaseName('u2'));
	});

	it('keeps the chosen space per user across sessions', () => {
		const first = new ConnectedSession({ userId: 'u1', email: 'a@b.test' });
		expect(first.spaceId).toBe('');
		first.choose('s1');
		expect(new ConnectedSession({ userId: 'u1', email: 'a@b.test' }).spaceId).toBe('s1');
		expect(new ConnectedSession({ userId: 'u2', email: 'c@d.test' }).spaceId).toBe('');
	});
});

describe('a refused change, explained', () => {
	it.each(['fr', 'en'] as const)('names every action in %s', (locale) => {
		overwriteGetLocale(() => locale);
		const titles = mutationNames.map(
			(name) => rejectionText({ name, code: 'not_found', detail: null }).title
		);
		expect(new Set(titles).size).toBe(mutationNames.length);
	});

	it('says what to do, and names the field of invalid arguments', () => {
		overwriteGetLocale(() => 'fr');
		const text = rejectionText({ name: 'signup.create@1', code: 'not_found', detail: 'ritual' });
		expect(text.title).toContain('Inscription à un rituel');
		expect(text.todo).toMatch(/retiré/);
		const invalid = rejectionText({
			name: 'ritual.create@1',
			code: 'invalid_args',
			detail: 'title'
		});
		expect(invalid.title).toContain('title');
		expect(
			rejectionText({ name: 'future.thing@9', code: 'forbidden', detail: null }).title
		).toContain('Une action');
	});
});
