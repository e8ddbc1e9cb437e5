/**
 * What a space's QR poster carries: a link that opens the app on the space's check-in page,
 * `/checkin?space=<space id>&key=<check-in key>`. A phone's camera opens it in the browser (or
 * the installed app); the in-app scanner reads the same text.
 */
import * as v from 'valibot';
import { checkinKey, id } from './mutations/schemas';

export interface CheckinTarget {
	spaceId: string;
	key: string;
}

export const CHECKIN_PATH = '/checkin';

export function checkinUrl(origin: string, target: CheckinTarget): string {
	const url = new URL(CHECKIN_PATH, origin);
	url.searchParams.set('space', target.spaceId);
	url.searchParams.set('key', target.key);
	return url.href;
}

/**
 * The space and key of a check-in link (a scanned text or the page's own URL), or null when it
 * is not one: another site's code, a malformed id or key. Any origin is accepted for the path, so
 * a poster printed from a preview deployment still reads.
 */
export function parseCheckinUrl(text: string, base?: string): CheckinTarget | null {
	let url: URL;
	try {
		url = new URL(text.trim(), base);
	} catch {
		return null;
	}
	if (url.pathname.replace(/\/$/, '') !== CHECKIN_PATH) return null;
	const spaceId = url.searchParams.get('space') ?? '';
	const key = url.searchParams.get('key') ?? '';
	if (!v.is(id, spaceId) || !v.is(checkinKey, key)) return null;
	return { spaceId, key };
}

/** A fresh check-in key: 128 random bits, base64url (22 characters). */
export function newCheckinKey(
	random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>
): string {
	const bytes = random(new Uint8Array(16));
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
