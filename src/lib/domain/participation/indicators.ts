/**
 * Every collective indicator on one date (`../shared/design/participation.md`, "Collective
 * indicators"), computed from the compact form. This is what the domain knows; what hosts may see
 * of it is `host-release.ts`.
 */
import { defaultConfig, type ParticipationConfig } from './config';
import type { ParticipationLog } from './compact';
import { animationConcentration, type Concentration } from './concentration';
import type { IndicatorContext } from './context';
import { addMonths, dateOfDay, dayNumber, NEVER } from './days';
import { fragileFlag, fragileReasons, type Fragile } from './fragile';
import { hostingIndicators, type Hosting } from './hosting';
import { levelsIndex } from './levels-index';
import { logIndex } from './log-index';
import { newcomers, type Newcomers } from './newcomers';
import { populationOn } from './population';
import { renewal, type Renewal } from './renewal';
import { ritualHealth, type RitualHealth } from './ritual-health';
import { takingPart, type TakingPart } from './taking-part';

export interface HostIndicators {
	/** The window `[from, asOf]` (local dates). */
	asOf: string;
	from: string;
	/** N: active non-staff members. */
	members: number;
	/** False during the first months of data: statuses are null and the flag is down. */
	alerts: boolean;
	concentration: Concentration;
	hosting: Hosting;
	renewal: Renewal;
	rituals: RitualHealth;
	takingPart: TakingPart;
	newcomers: Newcomers;
	fragile: Fragile;
}

/** The collective indicators of the log's space on `asOf` (a local date), under `config`. */
export function hostIndicators(
	log: ParticipationLog,
	asOf: string,
	config: ParticipationConfig = defaultConfig
): HostIndicators {
	const index = logIndex(log);
	const levels = levelsIndex(index, config);
	const day = dayNumber(asOf);
	const population = populationOn(index, levels, day, config);
	const alertsFrom =
		index.dataStart === NEVER ? NEVER : addMonths(index.dataStart, config.alerts.quietMonths);
	const alerts = day >= alertsFrom;
	const context: IndicatorContext = { index, levels, config, population, alerts };

	const concentration = animationConcentration(context);
	const hosting = hostingIndicators(context);
	const renewed = renewal(context);
	const arrivals = newcomers(context);
	const reasons = fragileReasons(
		{
			caf: concentration.caf,
			newAnimators: renewed.newAnimators,
			lostAnimators: renewed.lostAnimators,
			singleHostShare: hosting.singleHost.share,
			staffDependency: hosting.staffDependency.share,
			firstRitualRate: arrivals.firstRitualRate
		},
		config.alerts
	);
	return {
		asOf,
		from: dateOfDay(population.from),
		members: population.members,
		alerts,
		concentration,
		hosting,
		renewal: renewed,
		rituals: ritualHealth(context),
		takingPart: takingPart(
			context,
			populationOn(index, levels, day - config.gravityLagDays, config, day)
		),
		newcomers: arrivals,
		fragile: {
			fragile: fragileFlag(reasons, alerts, config.alerts),
			reasons,
			alertsFrom: alertsFrom === NEVER ? null : dateOfDay(alertsFrom)
		}
	};
}
