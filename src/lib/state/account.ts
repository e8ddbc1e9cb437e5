/**
 * Who is signed in on this device, remembered by the app itself (not only by supabase-js), so
 * that a signed-in user's screens open at once, offline too, without loading the Supabase client
 * first. Each user has their own local database: one user's outbox is never sent with another
 * user's token, and signing out never mixes two people's data.
 */
export interface SignedInUser {
	userId: string;
	email: string;
}

const USER_KEY = 'collectif.user';

export const userDatabaseName = (userId: string): string => `collectif-user-${userId}`;

export function readSignedInUser(): SignedInUser | null {
	try {
		const value = JSON.parse(localStorage.getItem(USER_KEY) ?? 'null') as unknown;
		if (
			value &&
			typeof value === 'object' &&
			typeof (value as SignedInUser).userId === 'string' &&
			typeof (value as SignedInUser).email === 'string'
		) {
			return value as SignedInUser;
		}
	} catch {
		// Unreadable: treated as signed out; the local databases are untouched.
	}
	return null;
}

export function rememberUser(user: SignedInUser): void {
	localStorage.setItem(USER_KEY, JSON.stringify({ userId: user.userId, email: user.email }));
}

export function forgetUser(): void {
	localStorage.removeItem(USER_KEY);
}
