import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { checkinUrl, newCheckinKey, parseCheckinUrl } from '$lib/domain/checkin-link';
import { checkinKey } from '$lib/domain/mutations/schemas';
import { SPACE } from '../builders';

const KEY = 'AbCdEfGhIjKlMnOpQrSt_-';

describe('check-in links (QR posters)', () => {
	it('round-trips the space and key through the link', () => {
		const url = checkinUrl('https://collectif.example', { spaceId: SPACE, key: KEY });
		expect(url).toBe(`https://collectif.example/checkin?space=${SPACE}&key=${KEY}`);
		expect(parseCheckinUrl(url)).toEqual({ spaceId: SPACE, key: KEY });
	});

	it('reads a relative link against the page and tolerates a trailing slash or spaces', () => {
		expect(parseCheckinUrl(`/checkin/?space=${SPACE}&key=${KEY}`, 'https://a.test')).toEqual({
			spaceId: SPACE,
			key: KEY
		});
		expect(parseCheckinUrl(`  https://b.test/checkin?space=${SPACE}&key=${KEY}\n`)).not.toBeNull();
	});

	it.each([
		['not a link', 'bonjour'],
		['another path', `https://a.test/join?space=${SPACE}&key=${KEY}`],
		['no key', `https://a.test/checkin?space=${SPACE}`],
		['a short key', `https://a.test/checkin?space=${SPACE}&key=abc`],
		['a key with other characters', `https://a.test/checkin?space=${SPACE}&key=${'+'.repeat(22)}`],
		['a bad space id', `https://a.test/checkin?space=nope&key=${KEY}`]
	])('refuses %s', (_, text) => {
		expect(parseCheckinUrl(text)).toBeNull();
	});

	it('makes 22-character base64url keys from 16 random bytes, different each time', () => {
		const random = (bytes: Uint8Array<ArrayBuffer>) => crypto.getRandomValues(bytes);
		const keys = new Set(Array.from({ length: 50 }, () => newCheckinKey(random)));
		expect(keys.size).toBe(50);
		for (const key of keys) expect(v.is(checkinKey, key)).toBe(true);
		expect(newCheckinKey((bytes) => bytes.fill(255))).toBe('_____________________w');
	});
});
