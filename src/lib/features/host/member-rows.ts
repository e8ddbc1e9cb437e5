/**
 * The hosts' member list: every member's hours derived from the whole space's facts (one read),
 * a status per member, and the filters of the list (low balance, overdraft, open requests).
 */
import { memberHours, type MemberHours } from '$lib/domain/member-hours';
import type {
	Adjustment,
	Contract,
	Membership,
	Space,
	TopupRequest,
	Visit
} from '$lib/domain/types';

export type MemberStatus = 'staff' | 'unlimited' | 'ok' | 'low' | 'overdraft';

export interface MemberRow {
	member: Membership;
	hours: MemberHours;
	status: MemberStatus;
	contracts: Contract[];
	adjustments: Adjustment[];
	openRequests: TopupRequest[];
}

export interface SpaceFacts {
	space: Space;
	members: readonly Membership[];
	contracts: readonly Contract[];
	visits: readonly Visit[];
	adjustments: readonly Adjustment[];
	topups: readonly TopupRequest[];
}

function byUser<T extends { userId: string | null }>(rows: readonly T[]): Map<string, T[]> {
	const grouped = new Map<string, T[]>();
	for (const row of rows) {
		if (row.userId === null) continue;
		const list = grouped.get(row.userId);
		if (list) list.push(row);
		else grouped.set(row.userId, [row]);
	}
	return grouped;
}

/** A host with no contract is staff: their visits are recorded, not billed. */
export function statusOf(
	member: Membership,
	contracts: readonly Contract[],
	hours: MemberHours
): MemberStatus {
	if (member.role === 'host' && contracts.length === 0) return 'staff';
	if (hours.statement.overdraft) return 'overdraft';
	if (hours.statement.available === Infinity) return 'unlimited';
	return hours.statement.low ? 'low' : 'ok';
}

export function memberRows(facts: SpaceFacts, now: Date): MemberRow[] {
	const contracts = byUser(facts.contracts);
	const visits = byUser(facts.visits);
	const adjustments = byUser(facts.adjustments);
	const requests = byUser(facts.topups.filter((request) => request.handledAt === null));
	return facts.members.map((member) => {
		const own = contracts.get(member.userId) ?? [];
		const ownAdjustments = adjustments.get(member.userId) ?? [];
		const hours = memberHours({
			space: facts.space,
			contracts: own,
			visits: visits.get(member.userId) ?? [],
			adjustments: ownAdjustments,
			now
		});
		return {
			member,
			hours,
			status: statusOf(member, own, hours),
			contracts: own,
			adjustments: ownAdjustments,
			openRequests: requests.get(member.userId) ?? []
		};
	});
}

export type MemberFilter = 'all' | 'low' | 'overdraft' | 'requests';

const matches: Record<MemberFilter, (row: MemberRow) => boolean> = {
	all: () => true,
	low: (row) => row.status === 'low',
	overdraft: (row) => row.status === 'overdraft',
	requests: (row) => row.openRequests.length > 0
};

/** Ignores case and accents: "lea" finds "Léa". */
export const foldName = (name: string): string =>
	name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

export function filterRows(
	rows: readonly MemberRow[],
	filter: MemberFilter,
	search = ''
): MemberRow[] {
	const needle = foldName(search);
	return rows.filter(
		(row) =>
			matches[filter](row) && (needle === '' || foldName(row.member.displayName).includes(needle))
	);
}

export function filterCounts(rows: readonly MemberRow[]): Record<MemberFilter, number> {
	return {
		all: rows.length,
		low: rows.filter(matches.low).length,
		overdraft: rows.filter(matches.overdraft).length,
		requests: rows.filter(matches.requests).length
	};
}
