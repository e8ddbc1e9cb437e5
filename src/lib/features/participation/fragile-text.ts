/** The fragile flag's reasons in words, with the thresholds in force. */
import type { ParticipationConfig } from '$lib/domain/participation/config';
import type { FragileReason } from '$lib/domain/participation/fragile';
import { m } from '$lib/paraglide/messages';
import { formatPercent } from './numbers';

export function fragileReasonText(reason: FragileReason, config: ParticipationConfig): string {
	const { alerts, newcomers } = config;
	switch (reason) {
		case 'concentration':
			return m.participation_reason_concentration({ caf: alerts.fragileCaf });
		case 'renewal':
			return m.participation_reason_renewal();
		case 'single_host':
			return m.participation_reason_single_host({ share: formatPercent(alerts.singleHostShare) });
		case 'staff_dependency':
			return m.participation_reason_staff({ share: formatPercent(alerts.staffDependency) });
		case 'first_ritual':
			return m.participation_reason_first_ritual({
				share: formatPercent(alerts.firstRitualRate),
				days: newcomers.firstRitualWithinDays
			});
	}
}
