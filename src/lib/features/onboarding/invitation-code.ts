import { invitationAlphabet } from '$lib/domain/mutations/schemas';

/** What a person typed or pasted as a code: capitals, no spaces or dashes. */
export const normalizeCode = (typed: string): string => typed.toUpperCase().replace(/[\s-]/g, '');

/** A fresh random invitation code (8 characters, ~40 bits). */
export function newInvitationCode(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(8));
	return Array.from(bytes, (byte) => invitationAlphabet[byte % invitationAlphabet.length]).join('');
}
