import { afterEach, describe, expect, it } from 'vitest';
import { compactFacts } from '$lib/domain/participation/compact';
import { defaultConfig } from '$lib/domain/participation/config';
import type { ParticipationFacts } from '$lib/domain/participation/facts';
import { memberActivitiesOf, memberScoreOf } from '$lib/domain/participation/member-mirror';
import { mirrorEntries } from '$lib/features/participation/mirror-entries';
import {
	exportCsvRows,
	exportFileName,
	exportJson,
	ownFacts,
	type MirrorExport
} from '$lib/features/participation/mirror-export';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { attend, signup, ZONE } from '../domain/participation/builders';

afterEach(() => overwriteGetLocale(() => 'fr'));

const mine = attend('ann', '2027-03-04', 'contributed', 'lunch');
const facts: ParticipationFacts = {
	attendance: [mine, attend('bob', '2027-03-04', 'led', 'lunch')],
	signups: [signup('ann', '2027-03-04'), signup('bob', '2027-03-04')],
	visits: [
		{ userId: 'ann', startedAt: '2027-03-04T08:30:00.000Z' },
		{ userId: 'ann', startedAt: '2027-03-04T13:30:00.000Z' },
		{ userId: 'bob', startedAt: '2027-03-05T08:30:00.000Z' }
	],
	welcomes: [
		{ id: 'w1', newcomerId: 'ann', welcomerId: 'bob', confirmedAt: '2027-03-01T10:00:00.000Z' },
		{ id: 'w2', newcomerId: 'cleo', welcomerId: 'bob', confirmedAt: '2027-03-02T10:00:00.000Z' }
	],
	firstSeen: [
		{ userId: 'ann', date: '2027-02-27' },
		{ userId: 'bob', date: '2026-01-01' }
	]
};
const today = '2027-03-10';

function exported(): MirrorExport {
	const log = compactFacts(facts, ZONE);
	return {
		space: { id: 's1', name: 'La Ruche', timeZone: ZONE },
		userId: 'ann',
		exportedAt: '2027-03-10T09:00:00.000Z',
		facts,
		entries: mirrorEntries(
			memberActivitiesOf(log, 'ann', today, defaultConfig),
			facts,
			'ann',
			ZONE,
			defaultConfig
		),
		score: memberScoreOf(log, 'ann', today, defaultConfig),
		prefs: null,
		contests: [
			{
				id: 'c1',
				spaceId: 's1',
				userId: 'ann',
				subject: `attendance:${mine.id}`,
				reason: 'Je cuisinais',
				createdAt: '2027-03-05T09:00:00.000Z',
				resolvedAt: null,
				resolution: ''
			}
		],
		config: defaultConfig,
		ritualTitles: new Map([['lunch', 'Déjeuner partagé']])
	};
}

describe("a member's export", () => {
	it('keeps only their own facts', () => {
		const own = ownFacts(facts, 'ann');
		expect(own.attendance).toEqual([mine]);
		expect(own.signups!.map((s) => s.userId)).toEqual(['ann']);
		expect(own.visits).toHaveLength(2);
		expect(own.welcomes!.map((w) => w.id)).toEqual(['w1']);
		expect(own.firstSeen).toEqual([{ userId: 'ann', date: '2027-02-27' }]);
	});

	it('JSON holds the log, the score, the settings in force, their facts and contests, nobody else', () => {
		const json = JSON.parse(exportJson(exported())) as Record<string, unknown>;
		expect(json.userId).toBe('ann');
		expect(json.log).toEqual([
			{
				date: '2027-03-04',
				type: 'contributed',
				tier: 2,
				weight: 4,
				rituals: [{ id: 'lunch', title: 'Déjeuner partagé' }],
				subject: `attendance:${mine.id}`
			}
		]);
		expect((json.score as { level: number }).level).toBe(2);
		expect((json.settingsInForce as { halfLifeDays: number }).halfLifeDays).toBe(90);
		expect((json.contests as unknown[]).length).toBe(1);
		expect(JSON.stringify(json.facts)).not.toContain('2027-03-05T08:30');
	});

	it('CSV has a header, one row per fact and per credited act, by date, in the reader language', () => {
		const rows = exportCsvRows(exported());
		expect(rows[0]).toEqual([
			'Date',
			'Catégorie',
			'Quoi',
			'Rituel',
			'Mesure',
			'Poids',
			'Référence'
		]);
		const body = rows.slice(1);
		expect(body.map((row) => row[0])).toEqual([...body.map((row) => row[0])].sort());
		expect(body).toContainEqual([
			'2027-03-04',
			'fait enregistré',
			'Jour de présence',
			'',
			'Présence',
			0,
			''
		]);
		expect(body.filter((row) => row[2] === 'Jour de présence')).toHaveLength(1);
		expect(body).toContainEqual([
			'2027-03-04',
			'action comptée',
			'Apporté ou préparé quelque chose',
			'Déjeuner partagé',
			'Contribution',
			4,
			`attendance:${mine.id}`
		]);
		expect(body).toContainEqual([
			'2027-03-01',
			'fait enregistré',
			'Votre réponse à « qui vous a accueilli·e ? »',
			'',
			'',
			'',
			'welcome:w1'
		]);
		expect(body.some((row) => String(row[6]).includes('w2'))).toBe(false);
		overwriteGetLocale(() => 'en');
		expect(exportCsvRows(exported())[0]).toEqual([
			'Date',
			'Category',
			'What',
			'Ritual',
			'Measure',
			'Weight',
			'Reference'
		]);
	});

	it('files are named by the day', () => {
		expect(exportFileName('2027-03-10', 'csv')).toBe('collectif-participation-2027-03-10.csv');
		expect(exportFileName('2027-03-10', 'json')).toBe('collectif-participation-2027-03-10.json');
	});
});
