import type { MutationRequest } from '../mutations/validate';
import { addDays, isoWeekday, localDateOf, localMinutesOf, zonedInstant } from '../time';
import type { BillingRules, RitualRole } from '../types';
import { newCheckinKey } from '../checkin-link';
import { DEMO_SPACE_ID, demoPeople, personaIds } from './people';
import { seededRandom, seededUuid } from './random';

/** A mutation of the demo script with the persona who makes it. */
export type DemoMutation = MutationRequest & { actorId: string };

const DEMO_TIME_ZONE = 'Europe/Paris';
/** Visits (check-ins) go back six weeks; the rituals' life a year. */
const HISTORY_DAYS = 42;
/** Thursday lunches before the next one, back to the series' first: about a year. */
const LUNCH_WEEKS = 51;
/** The other two series of the space (fixed ids: the history names them without the setup). */
const BREAKFAST_ID = '0f3e6a52-8b1d-4c7e-9a3f-5d2c1b0e7f01';
const AFTERWORK_ID = '0f3e6a52-8b1d-4c7e-9a3f-5d2c1b0e7f02';

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

/** Cooking animates the shared meal; the other roles bring or prepare something. */
const mealRoles: RitualRole[] = [
	{ key: 'cooking', label: 'Cuisine', slots: 2, animates: true },
	{ key: 'dessert', label: 'Dessert', slots: 2, animates: false },
	{ key: 'setup', label: 'Mise en place', slots: 1, animates: false },
	{ key: 'tidy', label: 'Rangement', slots: 2, animates: false }
];
const coffee: RitualRole = { key: 'coffee', label: 'Café', slots: 1, animates: false };
const facilitate: RitualRole = { key: 'facilitate', label: 'Animation', slots: 1, animates: true };
const snacks: RitualRole = { key: 'snacks', label: 'Grignotages', slots: 2, animates: false };

/** The space's own words: its three kinds and what a newcomer asks first. */
const vocabulary = {
	kinds: [
		{ key: 'meal', label: 'Déjeuner partagé', roles: mealRoles },
		{
			key: 'breakfast',
			label: 'Petit-déjeuner',
			roles: [coffee, { key: 'pastries', label: 'Viennoiseries', slots: 2, animates: false }]
		},
		{ key: 'afterwork', label: 'Afterwork', roles: [facilitate] }
	],
	glossary: [
		{
			term: 'Le déjeuner du jeudi',
			definition:
				'Chaque jeudi à 12 h 30 sur la grande table : deux personnes cuisinent pour tout le monde, d’autres apportent le dessert, mettent la table ou rangent.'
		},
		{
			term: 'Co-animer',
			definition:
				'Prendre un rôle qui fait vivre un rituel (cuisiner, animer une soirée). C’est compté dans la participation de chacun.'
		},
		{
			term: 'La grande table',
			definition:
				'La table commune au fond de l’espace, où l’on mange et où se tiennent les rituels.'
		},
		{
			term: 'Liste d’attente',
			definition:
				'Quand toutes les places sont prises, inscrivez-vous quand même : une place se libère souvent, et l’app vous prévient.'
		}
	]
};

type Emit = (actorId: string, name: string, args: unknown) => void;

function collector(): { out: DemoMutation[]; as: Emit } {
	const out: DemoMutation[] = [];
	return { out, as: (actorId, name, args) => out.push({ actorId, name, args }) };
}

/** The Thursday lunch and its next occurrence (the first that starts after the script's time). */
export interface DemoLunch {
	ritualId: string;
	occurrence: string;
}

/** The ids of the plans members renew (the history sells new packs as they run out). */
export type PackPlans = Record<'pack10' | 'pack50', string>;

/**
 * The demo space as a host sets it up, through the ordinary mutation path: the space, the
 * members with their first contracts (members joined over the year), four plans, three rituals
 * that started about a year ago. Deterministic for a given day.
 */
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
	// Members arrived over the year: their first contract is when they joined.
	for (const person of demoPeople) {
		if (!person.plan) continue;
		as(host, 'contract.grant@1', {
			spaceId: DEMO_SPACE_ID,
			contractId: uuid(),
			planId: planIds[person.plan],
			userId: person.id,
			startsOn: joinedOn(person, today)
		});
	}
	// The QR posters' key (a host makes one before printing the first poster).
	as(host, 'space.rotateKey@1', {
		spaceId: DEMO_SPACE_ID,
		key: newCheckinKey((bytes) => bytes.map(() => Math.floor(random() * 256)))
	});
	const lunch = addRituals(now, as, uuid);
	as(host, 'space.vocabulary@1', { spaceId: DEMO_SPACE_ID, ...vocabulary });
	const packPlans = { pack10: planIds.pack10!, pack50: planIds.pack50! };
	return { script: out, lunch, packPlans };
}

/**
 * What happened before the visitor arrived: members checking in and out over the last six weeks
 * (never before they joined), a few regulars present now, a year of the rituals' life (every
 * lunch, breakfast and afterwork held, as the host confirmed it; the recent lunches with their
 * sign-ups, proposals, cancelled lunches, the next lunch full with a waitlist) and of
 * participation (welcomes, switches, a contest). Older months have ritual facts but no visits:
 * the community view counts, for them, only the members who took part in something (see
 * `ritualYear`). Its own random streams, so it can be built later than the setup and still be
 * the same for the same day.
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
	const rituals = planRitualHistory(now, lunch);
	for (let offset = HISTORY_DAYS; offset >= 1; offset--) {
		const date = addDays(today, -offset);
		if (isoWeekday(date) > 5) continue;
		const noon = zonedInstant(date, 12, 0, tz);
		const lunchGuests = rituals.lunchGuests.get(date);
		for (const person of demoPeople) {
			// Who came to the shared lunch was in at lunchtime (the attendance list starts from it).
			const atLunch = lunchGuests?.has(person.id) ?? false;
			if (random() >= person.attendance && !atLunch) continue;
			if (date < joinedOn(person, today)) continue;
			if (date === forgottenDay && forgetful.includes(person.id)) continue;
			let startMinutes = 8 * 60 + 30 + Math.floor(random() * 120);
			let length = 60 + Math.floor(random() * 300);
			if (atLunch) {
				startMinutes = Math.min(startMinutes, 11 * 60 + 45);
				length = Math.max(length, 14 * 60 + 15 - startMinutes);
			}
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
	rituals.write(as);
	addParticipation(now, rituals.contested, as);
	return out;
}

/** The local date a member joined (their first contract); staff were always there. */
function joinedOn(person: (typeof demoPeople)[number], today: string): string {
	return addDays(today, -person.joined);
}

/** Whether the member had joined by `date` (staff always had). */
const joinedBy = (person: (typeof demoPeople)[number], today: string, date: string) =>
	person.plan === null || joinedOn(person, today) <= date;

/** The first-Monday breakfast started twelve months ago (the first Monday of that month). */
function breakfastStart(today: string): string {
	return firstWeekdayOfMonth(shiftMonths(today, -12), 1);
}

/** The fortnightly afterwork started 52 weeks before the coming Friday. */
function afterworkStart(today: string): string {
	return addDays(nextWeekday(today, 5), -7 * 52);
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

/** The date of the first Thursday lunch (12:30) that starts after `now`. */
function nextLunchDate(now: Date): string {
	const thursday = nextWeekday(localDateOf(now, DEMO_TIME_ZONE), 4);
	const start = zonedInstant(thursday, 12, 30, DEMO_TIME_ZONE);
	return Date.parse(start) > now.getTime() ? thursday : addDays(thursday, 7);
}

function addRituals(now: Date, as: Emit, uuid: () => string): DemoLunch {
	const host = personaIds.host;
	const today = localDateOf(now, DEMO_TIME_ZONE);
	const thursday = nextLunchDate(now);
	const lunchId = uuid();
	const common = { spaceId: DEMO_SPACE_ID, place: 'La grande table', leadUserId: host };
	// The three series have run for about a year.
	as(host, 'ritual.create@1', {
		...common,
		ritualId: lunchId,
		kind: 'meal',
		title: 'Déjeuner partagé du jeudi',
		description: 'Chacun apporte ou cuisine un peu, on mange ensemble.',
		durationMinutes: 90,
		capacity: 14,
		rrule: 'FREQ=WEEKLY;BYDAY=TH',
		startsAt: `${addDays(thursday, -7 * LUNCH_WEEKS)}T12:30`,
		roles: mealRoles
	});
	as(host, 'ritual.create@1', {
		...common,
		ritualId: BREAKFAST_ID,
		kind: 'breakfast',
		title: 'Petit-déjeuner du premier lundi',
		description: 'Café, croissants et nouvelles du mois.',
		durationMinutes: 60,
		capacity: null,
		rrule: 'FREQ=MONTHLY;BYDAY=1MO',
		startsAt: `${breakfastStart(today)}T09:00`,
		roles: [coffee],
		leadUserId: byName('Karim')
	});
	as(host, 'ritual.create@1', {
		...common,
		ritualId: AFTERWORK_ID,
		kind: 'afterwork',
		title: 'Afterwork une semaine sur deux',
		description: 'Un verre en fin de journée, sur la terrasse quand il fait beau.',
		place: 'La terrasse',
		durationMinutes: 120,
		capacity: null,
		rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR',
		startsAt: `${afterworkStart(today)}T18:30`,
		roles: [facilitate],
		leadUserId: null
	});
	return { ritualId: lunchId, occurrence: `${thursday}T12:30` };
}

/** A member of the cast by first name. */
function byName(first: string): string {
	const person = demoPeople.find((p) => p.name.split(' ')[0] === first);
	if (!person) throw new Error(`no demo person named ${first}`);
	return person.id;
}

type LunchRole = 'cooking' | 'dessert' | 'setup' | 'tidy';

/** Who held the lunch's roles, oldest week first: cooking rotates between a few members. */
const pastLunchRoles: Record<LunchRole, string[]>[] = [
	{ cooking: ['Thomas', 'Yasmine'], dessert: ['Léa'], setup: ['Julien'], tidy: ['Hugo'] },
	{ cooking: ['Léa', 'Hugo'], dessert: ['Aïcha', 'Paul'], setup: ['Thomas'], tidy: ['Malik'] },
	{
		cooking: ['Thomas', 'Hugo'],
		dessert: ['Camille'],
		setup: ['Yasmine'],
		tidy: ['Julien', 'Chloé']
	},
	{ cooking: ['Yasmine', 'Malik'], dessert: ['Inès'], setup: ['Hugo'], tidy: ['Thomas'] },
	{
		cooking: ['Léa', 'Yasmine'],
		dessert: ['Hugo', 'Élodie'],
		setup: ['Aïcha'],
		tidy: ['Julien']
	},
	{ cooking: ['Thomas', 'Léa'], dessert: ['Paul'], setup: ['Malik'], tidy: ['Hugo', 'Camille'] }
];

/** The next lunch, in the order people signed up: 14 places, so the last two wait. */
const nextLunchSignups: [string, LunchRole | null, string][] = [
	['Thomas', 'cooking', 'Un curry de légumes'],
	['Léa', 'dessert', 'Tarte aux pommes'],
	['Hugo', null, ''],
	['Yasmine', 'cooking', 'Salade de lentilles'],
	['Aïcha', null, 'Végétarienne'],
	['Julien', 'setup', ''],
	['Camille', 'tidy', ''],
	['Paul', null, ''],
	['Inès', null, 'Sans arachides, merci'],
	['Karim', null, ''],
	['Élodie', 'tidy', ''],
	['Chloé', null, ''],
	['Bastien', null, 'Sans gluten'],
	['Nora', null, ''],
	['Malik', null, ''],
	['Samuel', null, '']
];

/** Who came to the game nights a member proposed, by night (the first brings the snacks). */
const gameNightGuests: string[][] = [
	['Paul', 'Chloé', 'Hugo', 'Bastien'],
	['Chloé', 'Paul', 'Julien', 'Samuel', 'Malik'],
	['Paul', 'Chloé', 'Camille', 'Hugo'],
	['Samuel', 'Chloé']
];

interface SignupPlan {
	userId: string;
	roleKey: string | null;
	note: string;
}

interface PastLunch {
	occurrence: string;
	/** Start instant, in ms. */
	start: number;
	signups: SignupPlan[];
	/** Cancelled the day before. */
	cancelled: string | null;
	/** Signed up, never came. */
	noShow: string | null;
	/** Came without signing up. */
	walkIn: string | null;
	/** The host confirmed who came (the latest lunch still waits for it). */
	marked: boolean;
}

const HOUR_MS = 3_600_000;
const instant = (ms: number) => new Date(ms).toISOString();

/** The part a role implies at the Thursday lunch (cooking animates it). */
const lunchPart = (roleKey: string | null) =>
	roleKey === null ? 'attended' : roleKey === 'cooking' ? 'coanimated' : 'contributed';

/**
 * The life of the rituals over the last weeks (`ritualYear` has the year before): six past
 * Thursday lunches (sign-ups in a shuffled
 * order, a cancellation, no-shows, walk-ins, cooking that rotates, the attendance the host
 * confirmed for all but the latest), a member's proposal that became a short series of game
 * nights, another proposal still open, next week's lunch cancelled with a message, and the next
 * lunch full, two people waiting, one dessert still wanted. `lunchGuests`: who came to each past
 * lunch, by date, so that their visits cover it. A random stream of its own.
 */
function planRitualHistory(now: Date, lunch: DemoLunch) {
	const random = seededRandom(5151);
	const uuid = () => seededUuid(random);
	const host = personaIds.host;
	const today = localDateOf(now, DEMO_TIME_ZONE);
	const nextDate = lunch.occurrence.slice(0, 10);
	// The nomad persona's lunches are written out (`pastLunchRoles`, and the week before last).
	const regular = (person: (typeof demoPeople)[number], date: string) =>
		person.persona !== 'nomad' && joinedBy(person, today, date);
	const lunches: PastLunch[] = pastLunchRoles.map((roles, index) => {
		const date = addDays(nextDate, -7 * (pastLunchRoles.length - index));
		const signups: SignupPlan[] = Object.entries(roles).flatMap(([roleKey, names]) =>
			names.map((name) => ({ userId: byName(name), roleKey, note: '' }))
		);
		if (index === pastLunchRoles.length - 2) {
			signups.push({ userId: personaIds.nomad, roleKey: null, note: '' });
		}
		const taken = new Set([host, ...signups.map((s) => s.userId)]);
		const attendees = demoPeople.filter(
			(p) => !taken.has(p.id) && regular(p, date) && random() < ritualHabit(p, 0.2, 0.7)
		);
		for (const person of attendees.slice(0, 13 - signups.length)) {
			signups.push({ userId: person.id, roleKey: null, note: '' });
			taken.add(person.id);
		}
		// Signed up in some order over the days before (a Fisher-Yates shuffle).
		for (let i = signups.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			[signups[i], signups[j]] = [signups[j]!, signups[i]!];
		}
		const plain = signups
			.filter((s) => s.roleKey === null && s.userId !== personaIds.nomad)
			.map((s) => s.userId);
		const cancelled = index === 2 ? (plain[0] ?? null) : null;
		const noShow = random() < 0.6 ? (plain.find((id) => id !== cancelled) ?? null) : null;
		const outsiders = demoPeople.filter((p) => !taken.has(p.id) && regular(p, date));
		const walkIn =
			random() < 0.5 && outsiders.length > 0
				? outsiders[Math.floor(random() * outsiders.length)]!.id
				: null;
		return {
			occurrence: `${date}T12:30`,
			start: Date.parse(zonedInstant(date, 12, 30, DEMO_TIME_ZONE)),
			signups,
			cancelled,
			noShow,
			walkIn,
			marked: index < pastLunchRoles.length - 1
		};
	});
	const lunchGuests = new Map<string, Set<string>>();
	for (const past of lunches) {
		const came = new Set([host, ...past.signups.map((s) => s.userId)]);
		if (past.cancelled) came.delete(past.cancelled);
		if (past.noShow) came.delete(past.noShow);
		if (past.walkIn) came.add(past.walkIn);
		lunchGuests.set(past.occurrence.slice(0, 10), came);
	}

	const year = ritualYear(now, nextDate, lunch.ritualId);
	/** The attendance row Malik contests (set when written). */
	const contested = { attendanceId: '', occurrence: year.contested };

	function write(as: Emit) {
		const signUp = (ritualId: string, occurrence: string, plan: SignupPlan, at: number) => {
			const signupId = uuid();
			as(plan.userId, 'signup.create@1', {
				spaceId: DEMO_SPACE_ID,
				signupId,
				ritualId,
				occurrence,
				roleKey: plan.roleKey,
				note: plan.note,
				at: instant(at)
			});
			return signupId;
		};
		const entry = (userId: string, part: string, roleKey: string | null) => ({
			attendanceId: uuid(),
			userId,
			part,
			roleKey
		});
		const mark = (ritualId: string, occurrence: string, entries: unknown[]) =>
			as(host, 'attendance.mark@1', { spaceId: DEMO_SPACE_ID, ritualId, occurrence, entries });

		// The year before: two lunches off for the summer, and every occurrence held since the
		// series began, as the host confirmed it (oldest first).
		for (const occurrence of year.summerBreak) {
			as(host, 'occurrence.change@1', {
				spaceId: DEMO_SPACE_ID,
				changeId: uuid(),
				ritualId: lunch.ritualId,
				occurrence,
				cancelled: true,
				startsAt: null,
				durationMinutes: null,
				place: null,
				message: 'Pause estivale : pas de déjeuner partagé ces deux jeudis, bonnes vacances !'
			});
		}
		for (const held of year.held) {
			const entries = held.entries.map(([userId, part, roleKey]) => {
				const row = entry(userId, part, roleKey);
				if (held.occurrence === contested.occurrence && userId === personaIds.resident) {
					contested.attendanceId = row.attendanceId;
				}
				return row;
			});
			mark(held.ritualId, held.occurrence, entries);
		}

		const gameNights = addProposals(now, as, uuid);
		for (const [index, { occurrence, start }] of gameNights.occurrences.entries()) {
			const guests = (gameNightGuests[index] ?? []).map((name, n) => ({
				userId: byName(name),
				roleKey: n === 0 ? 'snacks' : null,
				note: ''
			}));
			const before = Math.min(start, now.getTime());
			for (const [n, plan] of guests.entries()) {
				signUp(gameNights.ritualId, occurrence, plan, before - (40 - n * 6) * HOUR_MS);
			}
			if (start + gameNight.durationMinutes * 60_000 > now.getTime()) continue;
			mark(gameNights.ritualId, occurrence, [
				entry(gameNights.leadUserId, 'led', null),
				...guests.map((g) => entry(g.userId, g.roleKey ? 'contributed' : 'attended', g.roleKey))
			]);
		}

		for (const past of lunches) {
			const ids = past.signups.map((plan, n) =>
				signUp(lunch.ritualId, past.occurrence, plan, past.start - (84 - n * 4) * HOUR_MS)
			);
			if (past.cancelled) {
				const index = past.signups.findIndex((s) => s.userId === past.cancelled);
				as(past.cancelled, 'signup.cancel@1', {
					spaceId: DEMO_SPACE_ID,
					signupId: ids[index],
					at: instant(past.start - 20 * HOUR_MS)
				});
			}
			if (!past.marked) continue;
			const entries = [entry(host, 'led', null)];
			for (const plan of past.signups) {
				if (plan.userId === past.cancelled || plan.userId === past.noShow) continue;
				entries.push(entry(plan.userId, lunchPart(plan.roleKey), plan.roleKey));
			}
			if (past.walkIn) entries.push(entry(past.walkIn, 'attended', null));
			mark(lunch.ritualId, past.occurrence, entries);
		}

		// Next week's lunch is off: the host tells those who planned to come.
		as(host, 'occurrence.change@1', {
			spaceId: DEMO_SPACE_ID,
			changeId: uuid(),
			ritualId: lunch.ritualId,
			occurrence: `${addDays(nextDate, 7)}T12:30`,
			cancelled: true,
			startsAt: null,
			durationMinutes: null,
			place: null,
			message:
				'Pas de déjeuner partagé ce jeudi-là : la cuisine est en travaux. On se retrouve la semaine suivante !'
		});

		// The next lunch filled up over the last days; the last two wait for a place.
		for (const [n, [name, roleKey, note]] of nextLunchSignups.entries()) {
			const at = now.getTime() - (nextLunchSignups.length - n) * 4 * HOUR_MS;
			signUp(lunch.ritualId, lunch.occurrence, { userId: byName(name), roleKey, note }, at);
		}
	}

	return { lunchGuests, write, contested };
}

type Part = 'attended' | 'contributed' | 'coanimated' | 'led';
type Entry = [userId: string, part: Part, roleKey: string | null];

/** An occurrence the host confirmed, with who came and what they did. */
interface Held {
	ritualId: string;
	occurrence: string;
	entries: Entry[];
}

/** The lunch's regular cooks: one of them every week, in turn (its regular co-animators). */
const coreCooks = ['Thomas', 'Yasmine', 'Hugo', 'Léa'];
/** A second cook about one week in three, in turn among these. */
const sometimesCooks = ['Aïcha', 'Marion', 'Julien', 'Sarah'];
/** Members who come for the desk and hardly ever to a ritual (level 0 in the community view). */
const rarely = new Set(['Mehdi', 'Antoine', 'Nora']);
/** The chance that a member comes to a given ritual: by their habits, much lower for `rarely`. */
const ritualHabit = (person: (typeof demoPeople)[number], base: number, per: number) =>
	rarely.has(person.name.split(' ')[0]!) ? 0.03 : base + person.attendance * per;
/**
 * Weeks (before the next lunch) when a member led the lunch instead of the host: Thomas and Léa
 * sometimes; Malik for the first time in week 12, after cooking with Thomas in weeks 20 and 16
 * (a hand-over, credited to Thomas), and again in week 8.
 */
const lunchLeads: Record<number, string> = {
	44: 'Thomas',
	38: 'Léa',
	31: 'Thomas',
	27: 'Thomas',
	24: 'Léa',
	12: 'Malik',
	8: 'Malik'
};
const lunchCookWeeks: Record<number, [string, string]> = {
	35: ['Malik', 'Hugo'],
	20: ['Thomas', 'Malik'],
	16: ['Thomas', 'Malik'],
	12: ['Thomas', 'Yasmine']
};
/** Malik came that week and was marked as attending; he says he cooked too (the open contest). */
const CONTESTED_WEEK = 9;
/** Who makes the coffee at the breakfast, in turn; Karim (staff) leads it every month. */
const breakfastCoffee = ['Aïcha', 'Yasmine', 'Sarah', 'Thomas', 'Marion'];
/** Who gets the afterwork going, in turn (it has no lead). */
const afterworkHosts = ['Chloé', 'Paul'];

/**
 * A year of the three series before the last six weeks (which `planRitualHistory` writes with
 * their sign-ups): every lunch since the series began, confirmed by the host (two August lunches
 * off), every first-Monday breakfast, and the afterworks that took place (one in four did not:
 * nobody came). Only members who had joined, never the nomad persona (her few lunches are
 * recent). A random stream of its own.
 *
 * Visits stay at six weeks (a year of check-ins would make the history step several times longer), so for the
 * months before, the community view sees no presence: the members it counts (N) are those who
 * took part in a ritual in the window, so levels 1-3 fill its pyramid then, conversion is 100 %
 * (every attendee counts as there) and show-up has no sign-ups to measure (only the last weeks
 * have them). The trends show the space growing as members joined.
 */
function ritualYear(now: Date, nextDate: string, lunchId: string) {
	const random = seededRandom(7373);
	const today = localDateOf(now, DEMO_TIME_ZONE);
	const host = personaIds.host;
	const karim = byName('Karim');
	const members = (date: string) =>
		demoPeople.filter((p) => p.plan !== null && p.persona !== 'nomad' && joinedBy(p, today, date));
	/** The members who come, among `pool`, each by their habits, in a random order; at most `max`. */
	const comers = (
		pool: readonly (typeof demoPeople)[number][],
		base: number,
		per: number,
		max: number
	) => {
		const came = pool.filter((p) => random() < ritualHabit(p, base, per));
		for (let i = came.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			[came[i], came[j]] = [came[j]!, came[i]!];
		}
		return came.slice(0, max);
	};
	/** The next of `names` in turn (by `turn`) among `pool`, skipping `not`. */
	const inTurn = (names: readonly string[], pool: Set<string>, turn: number, not: Set<string>) => {
		const ids = names.map(byName).filter((id) => pool.has(id) && !not.has(id));
		return ids.length > 0 ? ids[turn % ids.length]! : null;
	};
	const held: Held[] = [];
	const summerBreak: string[] = [];

	for (let week = LUNCH_WEEKS; week > pastLunchRoles.length; week--) {
		const date = addDays(nextDate, -7 * week);
		const occurrence = `${date}T12:30`;
		const [month, day] = [Number(date.slice(5, 7)), Number(date.slice(8, 10))];
		if (month === 8 && day >= 6 && day <= 19) {
			summerBreak.push(occurrence);
			continue;
		}
		const pool = members(date);
		const ids = new Set(pool.map((p) => p.id));
		const leader = lunchLeads[week];
		const lead = leader ? byName(leader) : host;
		const cooks: string[] = lunchCookWeeks[week]?.map(byName) ?? [];
		if (cooks.length === 0) {
			const first = inTurn(coreCooks, ids, week, new Set([lead]));
			if (first) cooks.push(first);
			const second =
				random() < 0.3 ? inTurn(sometimesCooks, ids, week >> 1, new Set([lead])) : null;
			if (second) cooks.push(second);
		}
		const entries: Entry[] = [
			[lead, 'led', null],
			...cooks.map((id): Entry => [id, 'coanimated', 'cooking'])
		];
		const taken = new Set(entries.map(([id]) => id));
		const resident = personaIds.resident;
		if (week === CONTESTED_WEEK && !taken.has(resident)) {
			entries.push([resident, 'attended', null]);
			taken.add(resident);
		}
		const others = comers(
			pool.filter((p) => !taken.has(p.id)),
			0.1,
			0.6,
			14 - entries.length
		);
		const roles: (string | null)[] = [
			'dessert',
			'setup',
			'tidy',
			random() < 0.5 ? 'dessert' : null
		];
		others.forEach((person, i) => {
			const roleKey = roles[i] ?? null;
			entries.push([person.id, roleKey ? 'contributed' : 'attended', roleKey]);
		});
		if (lead === host && random() < 0.3) entries.push([karim, 'attended', null]);
		held.push({ ritualId: lunchId, occurrence, entries });
	}

	const breakfastFrom = breakfastStart(today);
	for (let month = -12; month <= 0; month++) {
		const date = firstWeekdayOfMonth(shiftMonths(today, month), 1);
		if (
			date < breakfastFrom ||
			Date.parse(zonedInstant(date, 10, 0, DEMO_TIME_ZONE)) > now.getTime()
		) {
			continue;
		}
		const pool = members(date);
		const coffee = inTurn(breakfastCoffee, new Set(pool.map((p) => p.id)), month + 12, new Set());
		const entries: Entry[] = [[karim, 'led', null]];
		if (coffee) entries.push([coffee, 'contributed', 'coffee']);
		for (const person of comers(
			pool.filter((p) => p.id !== coffee),
			0.05,
			0.45,
			7
		)) {
			entries.push([person.id, 'attended', null]);
		}
		if (random() < 0.6) entries.push([host, 'attended', null]);
		// The first months, with few members yet: some breakfasts did not take place.
		if (entries.length < 3) continue;
		held.push({ ritualId: BREAKFAST_ID, occurrence: `${date}T09:00`, entries });
	}

	for (let date = afterworkStart(today), turn = 0; ; date = addDays(date, 14), turn++) {
		if (Date.parse(zonedInstant(date, 20, 30, DEMO_TIME_ZONE)) > now.getTime()) break;
		// One in four did not take place (rain, holidays): scheduled, not held.
		if (random() < 0.25) continue;
		const pool = members(date);
		const ids = new Set(pool.map((p) => p.id));
		// Zoé started to get them going lately: a new animator.
		const zoe = byName('Zoé');
		const facilitator =
			date >= addDays(today, -45) && turn % 2 === 1 && ids.has(zoe)
				? zoe
				: inTurn(afterworkHosts, ids, turn, new Set());
		const entries: Entry[] = facilitator ? [[facilitator, 'coanimated', 'facilitate']] : [];
		for (const person of comers(
			pool.filter((p) => p.id !== facilitator),
			0.05,
			0.45,
			7
		)) {
			entries.push([person.id, 'attended', null]);
		}
		if (entries.length < 3) continue;
		held.push({ ritualId: AFTERWORK_ID, occurrence: `${date}T18:30`, entries });
	}

	const contested = `${addDays(nextDate, -7 * CONTESTED_WEEK)}T12:30`;
	return { held, summerBreak, contested };
}

/**
 * Participation: who welcomed the members who arrived during the year (three recent newcomers:
 * Bastien answered, Camille and Nora not yet), members happy to be asked to co-animate or
 * welcome, one who opted out, and Malik's contest of a lunch where he says he cooked too (open).
 * No settings: the model's defaults.
 */
function addParticipation(
	now: Date,
	contested: { attendanceId: string; occurrence: string },
	as: Emit
) {
	const today = localDateOf(now, DEMO_TIME_ZONE);
	const random = seededRandom(9191);
	const uuid = () => seededUuid(random);
	for (const [newcomer, welcomer] of welcomes) {
		const person = demoPeople.find((p) => p.id === byName(newcomer))!;
		// A few days after they joined (the app asks once they have been around).
		const answered = addDays(joinedOn(person, today), 3);
		as(person.id, 'welcome.confirm@1', {
			spaceId: DEMO_SPACE_ID,
			welcomeId: uuid(),
			welcomerId: welcomer === null ? null : byName(welcomer),
			at: zonedInstant(answered, 10, 30, DEMO_TIME_ZONE)
		});
	}
	for (const name of happyToBeAsked) {
		as(byName(name), 'participation.prefs@1', {
			spaceId: DEMO_SPACE_ID,
			optedOut: false,
			happyToBeAsked: true
		});
	}
	as(byName(OPTED_OUT), 'participation.prefs@1', {
		spaceId: DEMO_SPACE_ID,
		optedOut: true,
		happyToBeAsked: false
	});
	if (contested.attendanceId) {
		as(personaIds.resident, 'participation.contest@1', {
			spaceId: DEMO_SPACE_ID,
			contestId: uuid(),
			subject: `attendance:${contested.attendanceId}`,
			reason: 'J’ai aussi cuisiné ce jour-là, avec Thomas : je n’ai pas seulement mangé.',
			at: zonedInstant(addDays(contested.occurrence.slice(0, 10), 1), 9, 15, DEMO_TIME_ZONE)
		});
	}
}

/** Newcomers of the year and who they named as having welcomed them (null: nobody in particular). */
const welcomes: [string, string | null][] = [
	['Paul', 'Thomas'],
	['Sarah', 'Malik'],
	['Chloé', null],
	['Antoine', 'Hugo'],
	['Samuel', 'Léa'],
	['Zoé', 'Yasmine'],
	['Élodie', 'Thomas'],
	['Mehdi', 'Léa'],
	['Bastien', 'Yasmine']
];
const happyToBeAsked = ['Thomas', 'Léa', 'Yasmine', 'Hugo'];
const OPTED_OUT = 'Samuel';

/** What Yasmine proposed and the host accepted (details as the host settled them). */
const gameNight = {
	kind: 'afterwork',
	title: 'Soirée jeux de société',
	description: 'Jeux de plateau et de cartes, débutants bienvenus : on explique les règles.',
	place: 'La salle du fond',
	durationMinutes: 150,
	rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4',
	roles: [snacks]
};

/**
 * A member's proposal that became a short series (four Tuesday game nights from two weeks ago,
 * led by her), and the resident's proposal, still open for the hosts to decide.
 */
function addProposals(now: Date, as: Emit, uuid: () => string) {
	const today = localDateOf(now, DEMO_TIME_ZONE);
	const firstTuesday = addDays(nextWeekday(today, 2), -14);
	const proposer = byName('Yasmine');
	const proposalId = uuid();
	const ritualId = uuid();
	const startsAt = `${firstTuesday}T18:30`;
	as(proposer, 'proposal.create@1', {
		spaceId: DEMO_SPACE_ID,
		proposalId,
		...gameNight,
		startsAt,
		willLead: true,
		at: zonedInstant(addDays(firstTuesday, -12), 10, 15, DEMO_TIME_ZONE)
	});
	as(personaIds.host, 'proposal.accept@1', {
		spaceId: DEMO_SPACE_ID,
		proposalId,
		ritualId,
		...gameNight,
		capacity: 10,
		startsAt,
		message: 'Belle idée ! La salle du fond est à vous le mardi soir.'
	});
	const firstWednesday = firstWeekdayOfNextMonth(today, 3);
	as(personaIds.resident, 'proposal.create@1', {
		spaceId: DEMO_SPACE_ID,
		proposalId: uuid(),
		kind: 'breakfast',
		title: 'Petit-déjeuner d’accueil des nouveaux',
		description:
			'Un café le premier mercredi du mois pour présenter l’espace, ses habitudes et ses rituels à celles et ceux qui arrivent.',
		place: 'La grande table',
		durationMinutes: 60,
		rrule: 'FREQ=MONTHLY;BYDAY=1WE',
		startsAt: `${firstWednesday}T09:00`,
		roles: [coffee],
		willLead: true,
		at: instant(now.getTime() - 50 * HOUR_MS)
	});
	const occurrences = [0, 1, 2, 3].map((week) => {
		const date = addDays(firstTuesday, 7 * week);
		return {
			occurrence: `${date}T18:30`,
			start: Date.parse(zonedInstant(date, 18, 30, DEMO_TIME_ZONE))
		};
	});
	return { ritualId, leadUserId: proposer, occurrences };
}

/** The first `weekday` (ISO) of the month after the one of `date`. */
function firstWeekdayOfNextMonth(date: string, weekday: number): string {
	return firstWeekdayOfMonth(shiftMonths(date, 1), weekday);
}

/** The first `weekday` (ISO) of the month of `date`. */
function firstWeekdayOfMonth(date: string, weekday: number): string {
	return nextWeekday(`${date.slice(0, 7)}-01`, weekday);
}

/** The first day of the month `months` after (or before) the month of `date`. */
function shiftMonths(date: string, months: number): string {
	const [year, month] = date.split('-').map(Number) as [number, number];
	return new Date(Date.UTC(year, month - 1 + months, 1)).toISOString().slice(0, 10);
}

/** The first date on or after `date` that falls on ISO weekday `weekday`. */
function nextWeekday(date: string, weekday: number): string {
	return addDays(date, (weekday - isoWeekday(date) + 7) % 7);
}
