import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { catalogue } from '$lib/domain/mutations/catalogue';
import type { ScheduledOccurrence } from '$lib/domain/rituals/occurrences';
import type { OccurrenceChange, Proposal } from '$lib/domain/types';
import {
	changeArgs,
	checkOccurrenceChange,
	occurrenceChangeDraftOf,
	type OccurrenceChangeDraft
} from '$lib/features/ritual-admin/occurrence-change';
import {
	checkDecline,
	checkMessage,
	proposalGroups,
	proposalsBy
} from '$lib/features/ritual-admin/proposal-view';
import {
	checkVocabularyDraft,
	vocabularyDraftOf
} from '$lib/features/ritual-admin/vocabulary-form';
import { draftOfProposal, checkRitualDraft } from '$lib/features/ritual-admin/ritual-form';
import { kindsOf } from '$lib/domain/rituals/kinds';
import { builtInLabel } from '$lib/features/rituals/vocabulary-text';
import { SPACE, uuid } from '../builders';

const series = { durationMinutes: 90, place: 'La grande table' };
const occurrence = (change: Partial<OccurrenceChange> | null = null): ScheduledOccurrence => ({
	ritualId: uuid(10),
	key: '2026-12-03T12:30',
	local: change?.startsAt ?? '2026-12-03T12:30',
	startsAt: '2026-12-03T11:30:00.000Z',
	endsAt: '2026-12-03T13:00:00.000Z',
	cancelled: change?.cancelled ?? false,
	place: change?.place ?? series.place,
	durationMinutes: change?.durationMinutes ?? series.durationMinutes,
	change: change && {
		id: uuid(700),
		spaceId: SPACE,
		ritualId: uuid(10),
		occurrence: '2026-12-03T12:30',
		cancelled: false,
		startsAt: null,
		durationMinutes: null,
		place: null,
		message: '',
		changedAt: '2026-12-01T10:00:00.000Z',
		...change
	}
});
const draft = (over: Partial<OccurrenceChangeDraft> = {}): OccurrenceChangeDraft => ({
	...occurrenceChangeDraftOf(occurrence()),
	...over
});

describe('changing one date', () => {
	it('starts from the date as it stands', () => {
		expect(occurrenceChangeDraftOf(occurrence())).toEqual({
			date: '2026-12-03',
			startTime: '12:30',
			endTime: '14:00',
			place: 'La grande table',
			message: ''
		});
		expect(
			occurrenceChangeDraftOf(occurrence({ startsAt: '2026-12-04T13:00', durationMinutes: 60 }))
		).toMatchObject({ date: '2026-12-04', startTime: '13:00', endTime: '14:00' });
	});

	it.each<[string, Partial<OccurrenceChangeDraft>, object]>([
		[
			'moved an hour later',
			{ startTime: '13:30', endTime: '15:00' },
			{ startsAt: '2026-12-03T13:30', durationMinutes: null, place: null }
		],
		[
			'moved to the Friday',
			{ date: '2026-12-04' },
			{ startsAt: '2026-12-04T12:30', durationMinutes: null, place: null }
		],
		['longer', { endTime: '15:00' }, { startsAt: null, durationMinutes: 150, place: null }],
		[
			'elsewhere, with a message',
			{ place: ' La terrasse ', message: ' Il fait beau ! ' },
			{ startsAt: null, durationMinutes: null, place: 'La terrasse', message: 'Il fait beau !' }
		]
	])('%s sends only what differs from the series', (_, over, value) => {
		expect(checkOccurrenceChange(draft(over), series, occurrence())).toEqual({
			ok: true,
			value: { message: '', ...value }
		});
	});

	it.each<[string, Partial<OccurrenceChangeDraft>, object]>([
		['nothing changed', {}, { change: { kind: 'unchanged' } }],
		['an end before the start', { endTime: '12:00' }, { endTime: { kind: 'end_before_start' } }],
		['no date', { date: '' }, { date: { kind: 'date' } }],
		['a huge message', { message: 'x'.repeat(501) }, { message: { kind: 'too_long', max: 500 } }],
		['a huge place', { place: 'x'.repeat(121) }, { place: { kind: 'too_long', max: 120 } }]
	])('%s is refused', (_, over, errors) => {
		expect(checkOccurrenceChange(draft(over), series, occurrence())).toEqual({ ok: false, errors });
	});

	it('back to the series on a moved date is a change (it restores the time)', () => {
		const moved = occurrence({ startsAt: '2026-12-03T13:30' });
		const check = checkOccurrenceChange(draft(), series, moved);
		expect(check).toEqual({
			ok: true,
			value: { startsAt: null, durationMinutes: null, place: null, message: '' }
		});
	});

	it('cancelling and restoring carry no override; an existing change keeps its id', () => {
		const fresh = () => uuid(800);
		const cancel = changeArgs(SPACE, uuid(10), occurrence(), { kind: 'cancel' }, ' Grève ', fresh);
		expect(cancel).toEqual({
			spaceId: SPACE,
			changeId: uuid(800),
			ritualId: uuid(10),
			occurrence: '2026-12-03T12:30',
			cancelled: true,
			startsAt: null,
			durationMinutes: null,
			place: null,
			message: 'Grève'
		});
		expect(v.is(catalogue['occurrence.change@1'].args, cancel)).toBe(true);
		const cancelled = occurrence({ cancelled: true });
		const restore = changeArgs(SPACE, uuid(10), cancelled, { kind: 'restore' }, '', fresh);
		expect(restore).toMatchObject({ changeId: uuid(700), cancelled: false, startsAt: null });
		const overrides = { startsAt: '2026-12-04T12:30', durationMinutes: null, place: 'Dehors' };
		const move = changeArgs(SPACE, uuid(10), occurrence(), { kind: 'move', overrides }, '', fresh);
		expect(move).toMatchObject({ cancelled: false, ...overrides });
		expect(v.is(catalogue['occurrence.change@1'].args, move)).toBe(true);
	});
});

const proposal = (over: Partial<Proposal>): Proposal => ({
	id: uuid(600),
	spaceId: SPACE,
	userId: uuid(21),
	kind: 'workshop',
	title: 'Atelier vélo',
	description: '',
	place: 'La cour',
	durationMinutes: 120,
	rrule: 'FREQ=MONTHLY;BYDAY=1SA',
	startsAt: '2026-12-05T10:00',
	roles: [{ key: 'facilitate', label: 'Animation', slots: 1, animates: true }],
	willLead: true,
	status: 'open',
	response: '',
	ritualId: null,
	createdAt: '2026-11-20T10:00:00.000Z',
	decidedAt: null,
	...over
});

describe('proposals', () => {
	const all = [
		proposal({ id: uuid(1), createdAt: '2026-11-22T10:00:00.000Z' }),
		proposal({ id: uuid(2), status: 'declined', decidedAt: '2026-11-21T10:00:00.000Z' }),
		proposal({ id: uuid(3), createdAt: '2026-11-18T10:00:00.000Z', userId: uuid(22) }),
		proposal({ id: uuid(4), status: 'accepted', decidedAt: '2026-11-25T10:00:00.000Z' })
	];

	it('open ones first, oldest first; decided ones latest decision first', () => {
		const groups = proposalGroups(all);
		expect(groups.open.map((p) => p.id)).toEqual([uuid(3), uuid(1)]);
		expect(groups.decided.map((p) => p.id)).toEqual([uuid(4), uuid(2)]);
	});

	it('a member sees their own, latest first', () => {
		expect(proposalsBy(all, uuid(21)).map((p) => p.id)).toEqual([uuid(1), uuid(2), uuid(4)]);
	});

	it('declining needs a reason; other messages are optional', () => {
		expect(checkDecline('  ')).toEqual({ ok: false, errors: { message: { kind: 'required' } } });
		expect(checkDecline(' Pas de place le samedi ')).toEqual({
			ok: true,
			value: 'Pas de place le samedi'
		});
		expect(checkMessage('')).toEqual({ ok: true, value: '' });
		expect(checkMessage('x'.repeat(501)).ok).toBe(false);
	});

	it('an accepted proposal fills the scheduling form, places still to set', () => {
		const form = draftOfProposal(proposal({}));
		expect(form).toMatchObject({
			kind: 'workshop',
			title: 'Atelier vélo',
			startTime: '10:00',
			endTime: '12:00',
			repeat: 'monthly',
			nth: 1,
			capacity: '',
			leadUserId: ''
		});
		const check = checkRitualDraft(form, 'Europe/Paris');
		expect(check.ok && [check.value.rrule, check.value.startsAt]).toEqual([
			'FREQ=MONTHLY;BYDAY=1SA',
			'2026-12-05T10:00'
		]);
	});
});

describe('the space’s own words', () => {
	const builtIn = () => vocabularyDraftOf(kindsOf(null, builtInLabel), []);

	it('start from the built-in kinds, which save as they are', () => {
		const check = checkVocabularyDraft(builtIn());
		expect(check.ok && check.value.kinds.map((k) => k.key)).toEqual([
			'meal',
			'breakfast',
			'afterwork',
			'workshop'
		]);
		if (!check.ok) return;
		expect(v.is(catalogue['space.vocabulary@1'].args, { spaceId: SPACE, ...check.value })).toBe(
			true
		);
	});

	it('a renamed kind keeps its key; a new one gets a key from its name', () => {
		const draft = builtIn();
		draft.kinds[0]!.label = 'Le déj du jeudi';
		draft.kinds.push({
			key: '',
			label: 'Soirée jeux',
			roles: [{ key: '', label: 'Apporter un jeu', slots: '3', animates: false }]
		});
		draft.glossary.push({ term: ' Le déj ', definition: 'Le repas partagé du jeudi midi.' });
		const check = checkVocabularyDraft(draft);
		expect(check.ok && check.value.kinds.map((k) => [k.key, k.label])).toEqual([
			['meal', 'Le déj du jeudi'],
			['breakfast', 'Petit-déjeuner'],
			['afterwork', 'Afterwork'],
			['workshop', 'Atelier'],
			['soiree-jeux', 'Soirée jeux']
		]);
		expect(check.ok && check.value.kinds[4]!.roles[0]!.key).toBe('apporter-un-jeu');
		expect(check.ok && check.value.glossary).toEqual([
			{ term: 'Le déj', definition: 'Le repas partagé du jeudi midi.' }
		]);
	});

	it.each<[string, (d: ReturnType<typeof builtIn>) => void, object]>([
		['no kind left', (d) => (d.kinds = []), { kinds: { kind: 'none' } }],
		[
			'a kind without a name',
			(d) => (d.kinds[1]!.label = ''),
			{ 'kinds.1.label': { kind: 'required' } }
		],
		[
			'a huge kind name',
			(d) => (d.kinds[1]!.label = 'x'.repeat(41)),
			{ 'kinds.1.label': { kind: 'too_long', max: 40 } }
		],
		[
			'a role with no slot',
			(d) => (d.kinds[0]!.roles[1]!.slots = '0'),
			{ 'kinds.0.roles.1.slots': { kind: 'range', min: 1, max: 50 } }
		],
		[
			'a term without its meaning',
			(d) => d.glossary.push({ term: 'Le déj', definition: '' }),
			{ 'glossary.0.definition': { kind: 'required' } }
		],
		[
			'more than 40 terms',
			(d) =>
				(d.glossary = Array.from({ length: 41 }, (_, i) => ({ term: `t${i}`, definition: 'd' }))),
			{ glossary: { kind: 'too_many', max: 40 } }
		]
	])('%s is refused', (_, change, errors) => {
		const draft = builtIn();
		change(draft);
		expect(checkVocabularyDraft(draft)).toEqual({ ok: false, errors });
	});
});
