import type { AttendanceFact, ParticipationFacts } from '$lib/domain/participation/facts';
import { attend, everyUntil, present, signup, weekdays } from './builders';

/**
 * One space on 30 June 2026 (window 2 April - 30 June): twenty members present every weekday and
 * a staff host. The host leads the Thursday lunch alone; m9 leads three breakfasts (single host);
 * m13, m14 and m15 share three workshops. Before the window, m16 led a jam session and m9 a
 * breakfast.
 */
const member = (n: number) => `m${n}`;
export const members = Array.from({ length: 20 }, (_, i) => member(i + 1));
const lunches = everyUntil(7, '2026-04-02', '2026-06-25');
const attendance: AttendanceFact[] = [
	...lunches.flatMap((date) => [
		attend('host', date, 'led'),
		...members
			.slice(0, 8)
			.map((m) => attend(m, date, m === 'm1' && date === '2026-06-25' ? 'contributed' : 'attended'))
	]),
	...['2026-05-05', '2026-05-12', '2026-05-19'].flatMap((date) => [
		attend('m9', `${date}T08:30`, 'led', 'breakfast'),
		...['m10', 'm11', 'm12'].map((m) => attend(m, `${date}T08:30`, 'attended', 'breakfast'))
	]),
	attend('m13', '2026-06-02T18:30', 'led', 'workshop'),
	attend('m15', '2026-06-02T18:30', 'coanimated', 'workshop'),
	attend('m14', '2026-06-09T18:30', 'led', 'workshop'),
	attend('m13', '2026-06-16T18:30', 'led', 'workshop'),
	attend('m16', '2026-02-05T18:30', 'led', 'jam'),
	attend('m9', '2026-03-03T08:30', 'led', 'breakfast')
];
export const cantine: ParticipationFacts = {
	attendance,
	presence: [
		present('m20', '2025-10-01'),
		...members.flatMap((m) => weekdays('2026-04-01', '2026-06-30').map((date) => present(m, date)))
	],
	signups: [...members.slice(0, 8), 'm19', 'm20'].map((m) => signup(m, '2026-06-25')),
	scheduled: [...lunches, '2026-07-02'].map((date) => ({
		ritualId: 'lunch',
		key: `${date}T12:30`
	})),
	staffIds: ['host']
};
