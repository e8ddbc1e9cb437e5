import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, type SettingsRow } from '$lib/domain/participation/config';
import {
	draftOf,
	draftsOf,
	parseDraft,
	settingsChange,
	settingsFields,
	settingsVersions,
	valueAt
} from '$lib/features/participation/settings-form';
import {
	changedLines,
	settingLabel,
	settingsErrorText
} from '$lib/features/participation/settings-text';
import { overwriteGetLocale } from '$lib/paraglide/runtime';

afterEach(() => overwriteGetLocale(() => 'fr'));

const today = '2027-01-15';
const drafts = (over: Record<string, string> = {}) => ({ ...draftsOf(defaultConfig), ...over });
const change = (over: Record<string, string>, rows: SettingsRow[] = [], validFrom = today) =>
	settingsChange({ drafts: drafts(over), base: defaultConfig, rows, validFrom, today });

describe('drafts of the settings form', () => {
	it.each([
		['4', 'number', 4],
		['1,5', 'number', 1.5],
		[' 60 ', 'percent', 0.6],
		['abc', 'number', NaN],
		['', 'integer', NaN]
	] as const)('%s as %s reads %s', (text, kind, value) => {
		expect(parseDraft(text, kind)).toBe(value);
	});

	it('shows shares as percentages with the reader decimal separator', () => {
		expect(draftOf(0.6, 'percent')).toBe('60');
		expect(draftOf(1.5, 'number', ',')).toBe('1,5');
		expect(draftsOf(defaultConfig)['alerts.showUp']).toBe('60');
		expect(draftsOf(defaultConfig)['thresholds.0']).toBe('1.5');
	});

	it('offers every weight, the half-life, thresholds, ceilings, window and alerts', () => {
		const paths = settingsFields.map((f) => f.path);
		expect(paths).toContain('weights.led');
		expect(paths).toContain('halfLifeDays');
		expect(paths).toContain('thresholds.2');
		expect(paths).toContain('windowDays');
		expect(paths).toContain('alerts.fragileMinReasons');
		for (const path of paths) expect(typeof valueAt(defaultConfig, path)).toBe('number');
		for (const path of paths) expect(settingLabel(path)).not.toBe(path);
	});
});

describe('a settings change', () => {
	it('sends only what differs from the settings in force', () => {
		const { values, errors } = change({ 'weights.led': '10', 'alerts.showUp': '50' });
		expect(errors).toEqual({});
		expect(values).toEqual({ weights: { led: 10 }, alerts: { showUp: 0.5 } });
	});

	it('sends a changed array whole (a change replaces arrays)', () => {
		const { values } = change({ 'thresholds.1': '5' });
		expect(values).toEqual({ thresholds: [1.5, 5, 8] });
	});

	it('refuses values the model refuses, field by field, in words', () => {
		const { errors } = change({
			'thresholds.1': '1',
			'ceilings.2': '2',
			halfLifeDays: '3',
			'weights.led': 'x'
		});
		expect(errors['thresholds.1']).toBe('not_increasing');
		expect(errors['ceilings.2']).toBe('ceiling_below_threshold');
		expect(errors.halfLifeDays).toBe('out_of_range');
		expect(errors['weights.led']).toBe('not_a_number');
		expect(settingsErrorText('ceiling_below_threshold')).toBe(
			'Le plafond ne peut pas être sous le seuil.'
		);
		overwriteGetLocale(() => 'en');
		expect(settingsErrorText('not_increasing')).toBe(
			"Must be larger than the previous level's threshold."
		);
	});

	it('says when nothing changes', () => {
		expect(change({}).errors).toEqual({ form: 'nothing_changed' });
	});

	it('applies from today or later, never before a later version', () => {
		expect(change({ 'weights.led': '10' }, [], '2027-01-14').errors.validFrom).toBe('in_past');
		expect(change({ 'weights.led': '10' }, [], 'soon').errors.validFrom).toBe(
			'valid_from_not_a_date'
		);
		const later: SettingsRow = {
			validFrom: '2027-03-01',
			values: { weights: { led: 9.5 } },
			createdAt: '2027-01-10T10:00:00.000Z'
		};
		expect(change({ 'weights.led': '10' }, [later], '2027-02-01').errors.validFrom).toBe(
			'valid_from_out_of_order'
		);
		expect(change({ 'weights.led': '10' }, [later], '2027-03-01').errors).toEqual({});
	});

	it('compares with the settings in force on the chosen date, not only today', () => {
		const later: SettingsRow = {
			validFrom: '2027-03-01',
			values: { weights: { led: 10 } },
			createdAt: '2027-01-10T10:00:00.000Z'
		};
		// Today led weighs 9; from March 10. Setting 10 from April changes nothing then.
		expect(change({ 'weights.led': '10' }, [later], '2027-04-01').errors).toEqual({
			form: 'nothing_changed'
		});
		// An untouched field is never sent back, even where a later version changed it.
		expect(change({ halfLifeDays: '100' }, [later], '2027-04-01').values).toEqual({
			halfLifeDays: 100
		});
	});
});

describe('the history of versions', () => {
	const rows: SettingsRow[] = [
		{
			validFrom: '2027-02-01',
			values: { thresholds: [2, 4, 8] },
			createdAt: '2027-01-12T10:00:00.000Z'
		},
		{
			validFrom: '2026-12-01',
			values: { weights: { led: 10 } },
			createdAt: '2026-11-20T10:00:00.000Z'
		}
	];

	it('lists versions newest first, which is in force and which is to come', () => {
		const versions = settingsVersions(rows, today);
		expect(versions.map((v) => [v.version, v.validFrom, v.state])).toEqual([
			[2, '2027-02-01', 'upcoming'],
			[1, '2026-12-01', 'current']
		]);
	});

	it('says what each version changed, element by element', () => {
		const [upcoming, current] = settingsVersions(rows, today);
		expect(changedLines(current!.changed)).toEqual([{ label: 'Poids : Mené', value: '10' }]);
		expect(changedLines(upcoming!.changed).map((l) => l.value.replace(/\s/g, ' '))).toEqual([
			'2',
			'4',
			'8'
		]);
		expect(changedLines(upcoming!.changed)[0]!.label).toBe('Seuil : Participant·e');
	});
});
