import { afterEach, describe, expect, it } from 'vitest';
import { compactFacts } from '$lib/domain/participation/compact';
import { configAt, defaultConfig, withValues } from '$lib/domain/participation/config';
import type { ParticipationFacts } from '$lib/domain/participation/facts';
import { memberActivitiesOf, memberScoreOf } from '$lib/domain/participation/member-mirror';
import { memberScore, type MemberScore } from '$lib/domain/participation/score';
import {
	activityName,
	daysOneActHolds,
	gaugeText,
	holdsText,
	levelLabel,
	levelRule,
	tierAndWeight
} from '$lib/features/participation/level-text';
import { mirrorEntries } from '$lib/features/participation/mirror-entries';
import { levelRuleKeys } from '$lib/domain/participation/levels';
import { m } from '$lib/paraglide/messages';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { act, acts, attend, every, ZONE } from '../domain/participation/builders';

const plain = (text: string) => text.replace(/\s/g, ' ');
afterEach(() => overwriteGetLocale(() => 'fr'));

const scoreOf = (activities: Parameters<typeof memberScore>[0], now: string) =>
	memberScore(activities, now, defaultConfig);

describe('levels and their rules in words', () => {
	it.each([
		[0, 'Usager·ère', 'Member', "Vous utilisez l'espace ; rien n'est attendu de vous."],
		[
			1,
			'Participant·e',
			'Participant',
			'Vous êtes venu·e à un rituel ces derniers mois (une venue compte 90 jours).'
		],
		[2, 'Contributeur·rice', 'Contributor', 'Vous avez fait des choses pour les autres récemment'],
		[3, 'Animateur·rice', 'Animator', 'ou mené un rituel ces 15 derniers jours.']
	] as const)('level %i reads %s / %s', (level, fr, en, rule) => {
		expect(levelLabel(level)).toBe(fr);
		expect(levelRule(level, defaultConfig)).toContain(rule);
		overwriteGetLocale(() => 'en');
		expect(levelLabel(level)).toBe(en);
	});

	it('level 0 in English says nothing is expected', () => {
		overwriteGetLocale(() => 'en');
		expect(levelRule(0, defaultConfig)).toBe('You use the space; nothing is expected of you.');
	});

	it('every rule key of the domain is a message', () => {
		for (const key of Object.values(levelRuleKeys)) {
			expect(typeof (m as unknown as Record<string, unknown>)[key]).toBe('function');
		}
	});

	it('the days one act holds a level follow the settings in force', () => {
		expect(daysOneActHolds('attended', 1, defaultConfig)).toBe(90);
		expect(daysOneActHolds('led', 3, defaultConfig)).toBe(15);
		const longer = withValues(defaultConfig, { halfLifeDays: 120 });
		expect(levelRule(1, longer)).toContain('120 jours');
		// A weight that cannot reach the threshold alone: the rule says it without a number.
		const light = withValues(defaultConfig, { weights: { attended: 1 } });
		expect(daysOneActHolds('attended', 1, light)).toBeNull();
		expect(levelRule(1, light)).toBe('Vous êtes venu·e à des rituels ces derniers mois.');
	});

	it('says until when the level holds, then what comes after', () => {
		// One lunch on 10 January: participant until the eve of the first review after 90 days.
		const score = scoreOf([act('attended', '2027-01-10')], '2027-01-20');
		expect(score.level).toBe(1);
		const holds = holdsText(score)!;
		expect(plain(holds.until)).toBe(
			"Participant·e jusqu'au 30 avril 2027 si rien d'autre ne se passe"
		);
		expect(holds.then).toBe('Ensuite : Usager·ère.');
		overwriteGetLocale(() => 'en');
		expect(plain(holdsText(score)!.until)).toBe(
			'Participant until April 30, 2027 if nothing else happens'
		);
	});

	it('says nothing about holding at level 0', () => {
		expect(holdsText(scoreOf([], '2027-01-20'))).toBeNull();
	});

	it('gauges say their value, threshold and ceiling in words', () => {
		const score: MemberScore = scoreOf([act('attended', '2027-01-10')], '2027-01-10');
		expect(plain(gaugeText(score.gauges[0]))).toBe('3 sur 3 · seuil de 1,5 atteint');
		expect(plain(gaugeText(score.gauges[1]))).toBe('0 sur 8 · seuil : 4');
		overwriteGetLocale(() => 'en');
		expect(gaugeText(score.gauges[0])).toBe('3 of 3 · threshold of 1.5 reached');
	});

	it('names each act with its measure and weight', () => {
		expect(activityName('coanimated')).toBe('Co-animé');
		expect(tierAndWeight('coanimated', defaultConfig)).toBe('Animation · poids 7');
		expect(tierAndWeight('welcomed', defaultConfig)).toBe('Contribution · poids 5');
		overwriteGetLocale(() => 'en');
		expect(tierAndWeight('attended', defaultConfig)).toBe('Participation · weight 3');
	});
});

describe('the activity log', () => {
	const lunch = attend('ann', '2027-02-04', 'coanimated', 'lunch');
	const breakfast = attend('ann', '2027-02-01', 'attended', 'breakfast');
	const facts: ParticipationFacts = {
		attendance: [lunch, breakfast, attend('bob', '2027-02-04', 'led', 'lunch')],
		proposals: [
			{
				id: 'p1',
				userId: 'ann',
				status: 'accepted',
				ritualId: 'games',
				decidedAt: '2027-02-02T09:00:00.000Z'
			}
		],
		welcomes: [
			{ id: 'w1', newcomerId: 'cleo', welcomerId: 'ann', confirmedAt: '2027-02-03T10:00:00.000Z' }
		]
	};
	const today = '2027-02-10';
	const log = compactFacts(facts, ZONE);
	const activities = memberActivitiesOf(log, 'ann', today, defaultConfig);
	const entries = mirrorEntries(activities, facts, 'ann', ZONE, defaultConfig);

	it('lists credited acts newest first, each with its ritual, tier, weight and subject', () => {
		expect(entries.map((e) => [e.date, e.type, e.ritualIds, e.tier, e.weight, e.subject])).toEqual([
			['2027-02-04', 'coanimated', ['lunch'], 3, 7, `attendance:${lunch.id}`],
			['2027-02-03', 'welcomed', [], 2, 5, 'welcome:w1'],
			['2027-02-02', 'proposed', ['games'], 2, 4, 'proposal:p1'],
			['2027-02-01', 'attended', ['breakfast'], 1, 3, `attendance:${breakfast.id}`]
		]);
	});

	it('an act resting on two rows of one day lists both, each contestable on its own', () => {
		const afterwork = attend('ann', '2027-02-01T18:30', 'attended', 'afterwork');
		const twice: ParticipationFacts = { ...facts, attendance: [...facts.attendance!, afterwork] };
		const acts = memberActivitiesOf(compactFacts(twice, ZONE), 'ann', today, defaultConfig);
		const [first] = mirrorEntries(acts, twice, 'ann', ZONE, defaultConfig).filter(
			(e) => e.date === '2027-02-01'
		);
		// One credit a day per type (the model), resting on both rows.
		expect(first).toMatchObject({
			type: 'attended',
			ritualIds: ['breakfast', 'afterwork'],
			subject: `attendance:${breakfast.id}`,
			sources: [
				{ subject: `attendance:${breakfast.id}`, ritualId: 'breakfast' },
				{ subject: `attendance:${afterwork.id}`, ritualId: 'afterwork' }
			]
		});
		expect(entries.find((e) => e.type === 'welcomed')?.sources).toEqual([
			{ subject: 'welcome:w1', ritualId: null }
		]);
	});

	it('never lists another member', () => {
		const bob = mirrorEntries(
			memberActivitiesOf(log, 'bob', today, defaultConfig),
			facts,
			'bob',
			ZONE,
			defaultConfig
		);
		expect(bob.every((e) => !e.subject.includes(lunch.id))).toBe(true);
		expect(entries.every((e) => e.subject !== 'attendance:' + facts.attendance![2]!.id)).toBe(true);
	});

	it('weights are those of the settings in force', () => {
		const config = configAt(
			[{ version: 1, validFrom: '2027-01-01', values: { weights: { coanimated: 8 } } }],
			today
		);
		const again = mirrorEntries(activities, facts, 'ann', ZONE, config);
		expect(again[0]!.weight).toBe(8);
	});

	it('an opted-out member has no score and no log', () => {
		const out = compactFacts(
			{
				...facts,
				prefs: [{ userId: 'ann', optedOut: true, optedOutAt: '2027-02-05T08:00:00.000Z' }]
			},
			ZONE
		);
		expect(memberScoreOf(out, 'ann', today, defaultConfig)).toBeNull();
		expect(memberActivitiesOf(out, 'ann', today, defaultConfig)).toEqual([]);
	});

	it('a member who attends weekly reads participant, and the log grows with each lunch', () => {
		const dates = every(7, '2027-01-07', 4);
		const score = scoreOf(acts('attended', dates), '2027-02-01');
		expect(levelLabel(score.level)).toBe('Participant·e');
	});
});
