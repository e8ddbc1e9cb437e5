/** The home's ritual notices in words. */
import { m } from '$lib/paraglide/messages';
import type { RitualNotice } from './reminders';
import { dayInSentence, timeRange } from './ritual-text';

export function noticeText(notice: RitualNotice, today: string, timeZone: string): string {
	if (notice.kind === 'unscheduled') {
		const day = dayInSentence(notice.key.slice(0, 10), today);
		return m.rituals_notice_unscheduled({ title: notice.ritual.title, day });
	}
	const { ritual, occurrence, date } = notice.item;
	const day = dayInSentence(date, today);
	switch (notice.kind) {
		case 'promoted':
			return m.rituals_notice_promoted({ title: ritual.title, day });
		case 'cancelled':
			return m.rituals_notice_cancelled({ title: ritual.title, day });
		case 'moved':
			return m.rituals_notice_moved({
				title: ritual.title,
				when: `${day}, ${timeRange(occurrence, timeZone)}`,
				place: occurrence.place
			});
	}
}

/** The host's message that goes with a notice, if any. */
export const noticeMessage = (notice: RitualNotice): string =>
	notice.kind === 'promoted' ? '' : notice.message;
