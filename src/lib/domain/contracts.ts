import { addDays } from './time';
import type { Contract, Plan } from './types';

export interface ContractSale {
	contractId: string;
	spaceId: string;
	userId: string;
	startsOn: string;
}

/**
 * A contract copies its plan's rules and allowance at the time of sale. A pack expires
 * `validityDays` after its start (the last valid day is inclusive); monthly and resident
 * contracts run until ended.
 */
export function contractFromPlan(plan: Plan, sale: ContractSale): Contract {
	const expiresOn =
		plan.kind === 'pack' && plan.validityDays !== null
			? addDays(sale.startsOn, plan.validityDays - 1)
			: null;
	return {
		id: sale.contractId,
		spaceId: sale.spaceId,
		userId: sale.userId,
		planId: plan.id,
		kind: plan.kind,
		startsOn: sale.startsOn,
		expiresOn,
		minutesGranted: plan.hours === null ? null : plan.hours * 60,
		rules: { ...plan.rules }
	};
}
