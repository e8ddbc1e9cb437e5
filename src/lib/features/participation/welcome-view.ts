/**
 * A newcomer's first days: whether the welcome block shows, and whom they can name as having
 * welcomed them (the people this device shows by name: hosts, and members who show their name).
 */
import type { ParticipationFacts } from '$lib/domain/participation/facts';
import { isNewcomer } from '$lib/domain/participation/levels';
import { localDateOf } from '$lib/domain/time';
import type { Membership } from '$lib/domain/types';

/** The member's first day: the earliest of their first contract and their first visit. */
export function firstSeenOf(
	facts: ParticipationFacts,
	userId: string,
	timeZone: string
): string | null {
	let first: string | null = null;
	const consider = (date: string) => {
		if (first === null || date < first) first = date;
	};
	for (const row of facts.firstSeen ?? []) if (row.userId === userId) consider(row.date);
	for (const visit of facts.visits ?? [])
		if (visit.userId === userId) consider(localDateOf(visit.startedAt, timeZone));
	for (const day of facts.presence ?? []) if (day.userId === userId) consider(day.date);
	return first;
}

export function isNewcomerOn(
	facts: ParticipationFacts,
	userId: string,
	timeZone: string,
	today: string,
	days: number
): boolean {
	const first = firstSeenOf(facts, userId, timeZone);
	return first !== null && isNewcomer(first, today, days);
}

/** Everyone the newcomer may name, by name (never themselves). */
export function welcomerChoices(members: readonly Membership[], userId: string): Membership[] {
	return members
		.filter((m) => m.userId !== userId && (m.role === 'host' || m.showPresence))
		.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

const dismissKey = (spaceId: string, userId: string) =>
	`collectif:welcome-dismissed:${spaceId}:${userId}`;

/** "Not now": the question stays in the mirror, the home no longer asks. */
export function isDismissed(
	spaceId: string,
	userId: string,
	storage: Storage = localStorage
): boolean {
	try {
		return storage.getItem(dismissKey(spaceId, userId)) === '1';
	} catch {
		return false;
	}
}

export function dismiss(spaceId: string, userId: string, storage: Storage = localStorage): void {
	try {
		storage.setItem(dismissKey(spaceId, userId), '1');
	} catch {
		// Private mode or full storage: the block simply comes back next time.
	}
}
