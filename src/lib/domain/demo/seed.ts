import type { MutationRequest } from '../mutations/validate';
import { addDays, isoWeekday, localDateOf, localMinutesOf, zonedInstant } from '../time';
import type { BillingRules, RitualRole } from '../types';
import { newCheckinKey } from '../checkin-link';
import { DEMO_SPACE_ID, demoPeople, personaIds } from './people';
import { seededRandom, seededUuid } from './random';

/** A mutation of the demo script with the persona who makes it. */
export type DemoMutation = MutationRequest & { actorId: string };

const DEMO_TIME_ZONE = 'Europe/Paris';
const HISTORY_DAYS = 42;

const defaultRules: BillingRules = {
	incrementMinutes: 15,
	rounding: 'up',
	graceMinutes: 10,
	minimumMinutes: 0,
	dailyCapMinutes: null
};

const planDefs = {
	pack10: { name: 'Carnet 10 h', kind: 'pack', hours: 10, validityDays: 90, rules: defaultRules },
	pack50: {
		name: 'Carnet 50 h',
		kind: 'pack',
		hours: 50,
		validityDays: 365,
		rules: { ...defaultRules, minimumMinutes: 60, dailyCapMinutes: 480 }
	},
	monthly: {
		name: 'Mensuel 40 h',
		kind: 'monthly',
		hours: 40,
		validityDays: null,
		rules: defaultRules
	},
	resident: {
		name: 'Résident',
		kind: 'resident',
		hours: null,
		validityDays: null,
		rules: defaultRules
	}
} as const;

const mealRoles: RitualRole[] = [
	{ key: 'cooking', label: 'Cuisine', slots: 2 },
	{ key: 'dessert', label: 'Dessert', slots: 2 },
	{ key: 'setup', label: 'Mise en place', slots: 1 },
	{ key: 'tidy', label: 'Rangement', slots: 2 }
];

type Emit = (actorId: string, name: string, args: unknown) => void;

function collector(): { out: DemoMutation[]; as: Emit } {
	const out: DemoMutation[] = [];
	return { out, as: (actorId, name, args) => out.push({ actorId, name, args }) };
}

/** The next shared lunch, which the history's sign-ups are for. */
export interface DemoLunch {
	ritualId: string;
	occurrence: string;
}

/**
 * The demo space as a host sets it up, through the ordinary mutation path: the space, the
 * members, four plans and their contracts, three rituals. Deterministic for a given day.
 */
/** The ids of the plans members renew (the history sells new packs as they run out). */
export type PackPlans = Record<'pack10' | 'pack50', string>;

export function buildDemoSetup(now: Date): {
	script: DemoMutation[];
	lunch: DemoLunch;
	packPlans: PackPlans;
} {
	const random = seededRandom(20261126);
	const uuid = () => seededUuid(random);
	const tz = DEMO_TIME_ZONE;
	const host = personaIds.host;
	const today = localDateOf(now, tz);
	const { out, as } = collector();

	as(host, 'space.create@1', {
		spaceId: DEMO_SPACE_ID,
		name: 'La Cantine des Pentes',
		timeZone: tz,
		capacity: 40,
		openingTime: '08:00',
		closingTime: '20:00',
		hostName: demoPeople[0]!.name
	});
	for (const person of demoPeople.slice(1)) {
		as(host, 'membership.add@1', {
			spaceId: DEMO_SPACE_ID,
			userId: person.id,
			displayName: person.name,
			role: person.plan === null ? 'host' : 'member'
		});
	}
	const planIds = Object.fromEntries(Object.keys(planDefs).map((key) => [key, uuid()]));
	for (const [key, plan] of Object.entries(planDefs)) {
		as(host, 'plan.create@1', { spaceId: DEMO_SPACE_ID, planId: planIds[key], ...plan });
	}
	const contractStart = addDays(today, -HISTORY_DAYS - 7);
	for (const person of demoPeople) {
		if (!person.plan) continue;
		as(host, 'contract.grant@1', {
			spaceId: DEMO_SPACE_ID,
			contractId: uuid(),
			planId: planIds[person.plan],
			userId: person.id,
			startsOn: contractStart
		});
	}
	// The QR posters' key (a host makes one before printing the first poster).
	as(host, 'space.rotateKey@1', {
		spaceId: DEMO_SPACE_ID,
		key: newCheckinKey((bytes) => bytes.map(() => Math.floor(random() * 256)))
	});
	const lunch = addRituals(today, as, uuid);
	const packPlans = { pack10: planIds.pack10!, pack50: planIds.pack50! };
	return { script: out, lunch, packPlans };
}

/**
 * What happened before the visitor arrived: members checking in and out over the last six weeks,
 * a few regulars present now, sign-ups to the next lunch. Its own random stream, so it can be
 * built later than the setup and still be the same for the same day.
 */
export function buildDemoHistory(
	now: Date,
	lunch: DemoLunch,
	packPlans: PackPlans
): DemoMutation[] {
	const random = seededRandom(1337);
	const uuid = () => seededUuid(random);
	const tz = DEMO_TIME_ZONE;
	const today = localDateOf(now, tz);
	const { out, as } = collector();
	const forgottenDay = previousWeekday(today);
	const renewals = packRenewals(as, uuid, packPlans);
	for (let offset = HISTORY_DAYS; offset >= 1; offset--) {
		const date = addDays(today, -offset);
		if (isoWeekday(date) > 5) continue;
		const noon = zonedInstant(date, 12, 0, tz);
		for (const person of demoPeople) {
			if (random() >= person.attendance) continue;
			if (date === forgottenDay && forgetful.includes(person.id)) continue;
			const startMinutes = 8 * 60 + 30 + Math.floor(random() * 120);
			const length = 60 + Math.floor(random() * 300);
			renewals.spend(person, date, length);
			const visitId = uuid();
			// From the day's noon: one time-zone lookup per day (DST changes happen at night).
			const at = new Date(Date.parse(noon) + (startMinutes - 720) * 60_000).toISOString();
			const end = new Date(Date.parse(at) + length * 60_000).toISOString();
			as(person.id, 'visit.start@1', { spaceId: DEMO_SPACE_ID, visitId, at });
			as(person.id, 'visit.end@1', { spaceId: DEMO_SPACE_ID, visitId, at: end });
		}
	}
	addForgottenCheckouts(forgottenDay, as, uuid);
	addHostFacts(today, as, uuid);
	addPresentToday(now, as, uuid);
	addSignups(lunch, as, uuid);
	return out;
}

/**
 * Pack holders buy a new pack the day their time in the space reaches what they bought (with a
 * margin for rounding and minimums), as real members do; one of them has not yet, to show an
 * overdraft. Everyone else's contracts cover them.
 */
function packRenewals(as: Emit, uuid: () => string, plans: PackPlans) {
	const spent = new Map<string, number>();
	const bought = new Map<string, number>();
	const lateRenewer = demoPeople[13]!.id;
	return {
		spend(person: (typeof demoPeople)[number], date: string, minutes: number) {
			if (person.plan !== 'pack10' && person.plan !== 'pack50') return;
			const packMinutes = person.plan === 'pack10' ? 600 : 3000;
			const total = (spent.get(person.id) ?? 0) + minutes * 1.2;
			spent.set(person.id, total);
			const owned = bought.get(person.id) ?? packMinutes;
			if (total < owned || person.id === lateRenewer) return;
			bought.set(person.id, owned + packMinutes);
			as(personaIds.host, 'contract.grant@1', {
				spaceId: DEMO_SPACE_ID,
				contractId: uuid(),
				planId: plans[person.plan],
				userId: person.id,
				startsOn: date
			});
		}
	};
}

/** The nomad persona and one member forgot to check out on the last weekday. */
const forgetful = [personaIds.nomad, demoPeople[4]!.id];

/**
 * Their check-outs came late (23:40, after the 20:00 closing): the visits end at closing time,
 * marked as closed automatically, for the member to confirm or correct and for hosts to review.
 */
function addForgottenCheckouts(day: string, as: Emit, uuid: () => string) {
	for (const [index, userId] of forgetful.entries()) {
		const visitId = uuid();
		const at = zonedInstant(day, 13 + index, 10, DEMO_TIME_ZONE);
		as(userId, 'visit.start@1', { spaceId: DEMO_SPACE_ID, visitId, at });
		const late = zonedInstant(day, 23, 40, DEMO_TIME_ZONE);
		as(userId, 'visit.end@1', { spaceId: DEMO_SPACE_ID, visitId, at: late });
	}
}

/** A welcome credit and a debit with their reasons, and a member asking for more hours. */
function addHostFacts(today: string, as: Emit, uuid: () => string) {
	const host = personaIds.host;
	as(host, 'adjustment.create@1', {
		spaceId: DEMO_SPACE_ID,
		adjustmentId: uuid(),
		userId: personaIds.nomad,
		minutes: 60,
		contractId: null,
		localDate: addDays(today, -20),
		reason: 'Heure offerte : bienvenue à La Cantine'
	});
	as(host, 'adjustment.create@1', {
		spaceId: DEMO_SPACE_ID,
		adjustmentId: uuid(),
		userId: demoPeople[5]!.id,
		minutes: -30,
		contractId: null,
		localDate: addDays(today, -6),
		reason: 'Salle de réunion réservée 30 min'
	});
	as(host, 'adjustment.create@1', {
		spaceId: DEMO_SPACE_ID,
		adjustmentId: uuid(),
		userId: demoPeople[10]!.id,
		minutes: -480,
		contractId: null,
		localDate: addDays(today, -3),
		reason: 'Journée en salle de réunion pour son équipe'
	});
	as(demoPeople[6]!.id, 'topup.request@1', {
		spaceId: DEMO_SPACE_ID,
		requestId: uuid(),
		planId: null,
		note: 'Je voudrais reprendre un carnet de 10 h.'
	});
}

/** The last weekday before `date`. */
function previousWeekday(date: string): string {
	let day = addDays(date, -1);
	while (isoWeekday(day) > 5) day = addDays(day, -1);
	return day;
}

/** The whole script, setup then history (what a fresh demo database receives). */
export function buildDemoSeed(now: Date): DemoMutation[] {
	const { script, lunch, packPlans } = buildDemoSetup(now);
	return [...script, ...buildDemoHistory(now, lunch, packPlans)];
}

/** During opening hours, a few regulars are already in (never the nomad persona: that tap is yours). */
function addPresentToday(now: Date, as: Emit, uuid: () => string) {
	const minutes = localMinutesOf(now, DEMO_TIME_ZONE);
	if (
		isoWeekday(localDateOf(now, DEMO_TIME_ZONE)) > 5 ||
		minutes < 9 * 60 + 30 ||
		minutes > 19 * 60
	)
		return;
	const regulars = demoPeople.filter((p) => p.attendance >= 0.5 && p.persona !== 'nomad');
	for (const [index, person] of regulars.entries()) {
		const at = new Date(now.getTime() - (20 + index * 17) * 60_000).toISOString();
		as(person.id, 'visit.start@1', { spaceId: DEMO_SPACE_ID, visitId: uuid(), at });
	}
}

function addRituals(today: string, as: Emit, uuid: () => string): DemoLunch {
	const host = personaIds.host;
	const thursday = nextWeekday(today, 4);
	const lunchId = uuid();
	const common = { spaceId: DEMO_SPACE_ID, place: 'La grande table', leadUserId: host };
	as(host, 'ritual.create@1', {
		...common,
		ritualId: lunchId,
		kind: 'meal',
		title: 'Déjeuner partagé du jeudi',
		description: 'Chacun apporte ou cuisine un peu, on mange ensemble.',
		durationMinutes: 90,
		capacity: 14,
		rrule: 'FREQ=WEEKLY;BYDAY=TH',
		startsAt: `${addDays(thursday, -56)}T12:30`,
		roles: mealRoles
	});
	as(host, 'ritual.create@1', {
		...common,
		ritualId: uuid(),
		kind: 'breakfast',
		title: 'Petit-déjeuner du premier lundi',
		description: 'Café, croissants et nouvelles du mois.',
		durationMinutes: 60,
		capacity: null,
		rrule: 'FREQ=MONTHLY;BYDAY=1MO',
		startsAt: `${addDays(nextWeekday(today, 1), -56)}T09:00`,
		roles: [{ key: 'coffee', label: 'Café', slots: 1 }]
	});
	as(host, 'ritual.create@1', {
		...common,
		ritualId: uuid(),
		kind: 'afterwork',
		title: 'Afterwork une semaine sur deux',
		description: 'Un verre en fin de journée, sur la terrasse quand il fait beau.',
		place: 'La terrasse',
		durationMinutes: 120,
		capacity: null,
		rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR',
		startsAt: `${addDays(nextWeekday(today, 5), -56)}T18:30`,
		roles: [{ key: 'facilitate', label: 'Animation', slots: 1 }],
		leadUserId: null
	});
	return { ritualId: lunchId, occurrence: `${thursday}T12:30` };
}

function addSignups(lunch: DemoLunch, as: Emit, uuid: () => string) {
	const thursday = lunch.occurrence.slice(0, 10);
	const takers: [number, string | null, string][] = [
		[2, 'cooking', 'Un curry de légumes'],
		[4, 'dessert', 'Tarte aux pommes'],
		[5, null, ''],
		[7, 'setup', ''],
		[8, null, 'Végétarienne'],
		[12, null, '']
	];
	for (const [index, roleKey, note] of takers) {
		as(demoPeople[index]!.id, 'signup.create@1', {
			spaceId: DEMO_SPACE_ID,
			signupId: uuid(),
			ritualId: lunch.ritualId,
			occurrence: lunch.occurrence,
			roleKey,
			note,
			at: zonedInstant(addDays(thursday, -3 + (index % 3)), 9, index, DEMO_TIME_ZONE)
		});
	}
}

/** The first date on or after `date` that falls on ISO weekday `weekday`. */
function nextWeekday(date: string, weekday: number): string {
	return addDays(date, (weekday - isoWeekday(date) + 7) % 7);
}
