import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { catalogue } from '$lib/domain/mutations/catalogue';
import { formatHoursMinutes, parseMinutes } from '$lib/features/host/duration-text';
import {
	checkPlanDraft,
	newPlanDraft,
	planDraftOf,
	type PlanDraft
} from '$lib/features/host/plan-form';
import { checkSettingsDraft, settingsDraftOf } from '$lib/features/host/settings-form';
import { checkAdjustment } from '$lib/features/host/adjustment-form';
import { fromLocalInput, toLocalInput } from '$lib/features/host/local-datetime';
import type { Space } from '$lib/domain/types';
import { SPACE, plan, rules, uuid } from '../builders';

describe('durations as hosts type them', () => {
	it.each([
		['1:30', 90],
		['0:45', 45],
		['1h30', 90],
		['1 h 30', 90],
		['2h', 120],
		['2 h', 120],
		['1h30min', 90],
		['1,5 h', 90],
		['1.5h', 90],
		['45', 45],
		['45 min', 45],
		['90m', 90],
		[' 8:00 ', 480]
	])('%s is %i minutes', (text, minutes) => {
		expect(parseMinutes(text)).toBe(minutes);
	});

	it.each(['', 'abc', '1:75', '-1:00', '1:2:3', 'h30', '1,5'])('%j is not a duration', (text) => {
		expect(parseMinutes(text)).toBeNull();
	});

	it('are written back as h:mm', () => {
		expect(formatHoursMinutes(90)).toBe('1:30');
		expect(formatHoursMinutes(480)).toBe('8:00');
		expect(formatHoursMinutes(5)).toBe('0:05');
		expect(formatHoursMinutes(-45)).toBe('-0:45');
	});
});

const draft = (over: Partial<PlanDraft> = {}): PlanDraft => ({
	...newPlanDraft(),
	name: 'Carnet 20 h',
	...over
});

describe('the plan form', () => {
	it('starts from the defaults of the design notes', () => {
		const check = checkPlanDraft(draft());
		expect(check).toEqual({
			ok: true,
			value: {
				name: 'Carnet 20 h',
				kind: 'pack',
				hours: 10,
				validityDays: 90,
				rules: rules()
			}
		});
	});

	it('gives arguments the catalogue accepts, for every kind', () => {
		for (const kind of ['pack', 'monthly', 'resident'] as const) {
			const check = checkPlanDraft(draft({ kind, capped: true, dailyCap: '8:00' }));
			if (!check.ok) throw new Error(JSON.stringify(check.errors));
			const args = { spaceId: SPACE, planId: uuid(1), ...check.value };
			expect(v.is(catalogue['plan.create@1'].args, args)).toBe(true);
			expect(check.value.rules.dailyCapMinutes).toBe(480);
		}
	});

	it('ignores hours for residents and validity for monthly plans', () => {
		const resident = checkPlanDraft(draft({ kind: 'resident', hours: '', validityDays: 'x' }));
		expect(resident.ok && resident.value).toMatchObject({ hours: null, validityDays: null });
		const monthly = checkPlanDraft(draft({ kind: 'monthly', hours: '40', validityDays: '' }));
		expect(monthly.ok && monthly.value).toMatchObject({ hours: 40, validityDays: null });
	});

	it('says which field is wrong and why', () => {
		const check = checkPlanDraft(
			draft({
				name: '  ',
				hours: '0',
				validityDays: '',
				incrementMinutes: '1.5',
				graceMinutes: '-1',
				minimumMinutes: '2000',
				capped: true,
				dailyCap: 'tout'
			})
		);
		expect(check).toEqual({
			ok: false,
			errors: {
				name: { kind: 'required' },
				hours: { kind: 'range', min: 1, max: 10_000 },
				validityDays: { kind: 'required' },
				incrementMinutes: { kind: 'range', min: 1, max: 1440 },
				graceMinutes: { kind: 'range', min: 0, max: 1440 },
				minimumMinutes: { kind: 'range', min: 0, max: 1440 },
				dailyCap: { kind: 'duration' }
			}
		});
		expect(checkPlanDraft(draft({ name: 'x'.repeat(81) }))).toMatchObject({
			ok: false,
			errors: { name: { kind: 'too_long', max: 80 } }
		});
		expect(checkPlanDraft(draft({ capped: true, dailyCap: '25:00' }))).toMatchObject({
			ok: false,
			errors: { dailyCap: { kind: 'range' } }
		});
	});

	it('edits an existing plan from its values, and gives them back unchanged', () => {
		const existing = plan({
			rules: rules({ rounding: 'nearest', incrementMinutes: 30, dailyCapMinutes: 450 })
		});
		const check = checkPlanDraft(planDraftOf(existing));
		expect(check).toEqual({
			ok: true,
			value: {
				name: existing.name,
				kind: existing.kind,
				hours: existing.hours,
				validityDays: existing.validityDays,
				rules: existing.rules
			}
		});
		expect(planDraftOf(existing).dailyCap).toBe('7:30');
	});
});

const space: Space = {
	id: SPACE,
	name: 'La Cantine',
	timeZone: 'Europe/Paris',
	capacity: 30,
	openingTime: '08:00',
	closingTime: '20:00',
	lowThresholdMinutes: 60,
	overdraftLimitMinutes: 600
};

describe('the space settings form', () => {
	it('round-trips the space’s settings into arguments the catalogue accepts', () => {
		const check = checkSettingsDraft(settingsDraftOf(space));
		expect(check).toEqual({
			ok: true,
			value: {
				capacity: 30,
				openingTime: '08:00',
				closingTime: '20:00',
				lowThresholdMinutes: 60,
				overdraftLimitMinutes: 600
			}
		});
		if (check.ok) {
			expect(v.is(catalogue['space.settings@1'].args, { spaceId: SPACE, ...check.value })).toBe(
				true
			);
		}
	});

	it('no overdraft limit is null; thresholds accept h:mm or minutes', () => {
		const check = checkSettingsDraft({
			...settingsDraftOf(space),
			lowThreshold: '90',
			overdraftLimited: false,
			overdraftLimit: 'n/a'
		});
		expect(check.ok && check.value).toMatchObject({
			lowThresholdMinutes: 90,
			overdraftLimitMinutes: null
		});
	});

	it('refuses a space that closes before it opens, and other bad values', () => {
		expect(
			checkSettingsDraft({
				...settingsDraftOf(space),
				capacity: '0',
				openingTime: '20:00',
				closingTime: '08:00',
				lowThreshold: 'beaucoup'
			})
		).toEqual({
			ok: false,
			errors: {
				capacity: { kind: 'range', min: 1, max: 10_000 },
				closingTime: { kind: 'order' },
				lowThreshold: { kind: 'duration' }
			}
		});
	});
});

describe('a credit or debit as typed', () => {
	it('is signed by its direction', () => {
		expect(
			checkAdjustment({ direction: 'credit', amount: '1:30', reason: ' Café offert ' })
		).toEqual({ ok: true, minutes: 90, reason: 'Café offert' });
		expect(checkAdjustment({ direction: 'debit', amount: '45', reason: 'Salle' })).toEqual({
			ok: true,
			minutes: -45,
			reason: 'Salle'
		});
	});

	it('needs a duration and a reason', () => {
		expect(checkAdjustment({ direction: 'credit', amount: '', reason: '' })).toEqual({
			ok: false,
			errors: { amount: { kind: 'required' }, reason: { kind: 'required' } }
		});
		expect(checkAdjustment({ direction: 'credit', amount: 'deux', reason: 'x' })).toEqual({
			ok: false,
			errors: { amount: { kind: 'duration' } }
		});
		expect(checkAdjustment({ direction: 'credit', amount: '0', reason: 'x' })).toMatchObject({
			ok: false,
			errors: { amount: { kind: 'range' } }
		});
		expect(
			checkAdjustment({ direction: 'credit', amount: '10', reason: 'x'.repeat(201) })
		).toMatchObject({ ok: false, errors: { reason: { kind: 'too_long', max: 200 } } });
	});
});

describe('times typed in the space’s local time', () => {
	it.each([
		['2026-11-26T18:00', '2026-11-26T17:00:00.000Z'],
		['2026-07-14T09:30', '2026-07-14T07:30:00.000Z'],
		// Autumn: 02:30 happens twice; the first one counts. Spring: 02:30 does not exist.
		['2026-10-25T02:30', '2026-10-25T00:30:00.000Z'],
		['2026-03-29T02:30', '2026-03-29T01:30:00.000Z']
	])('%s in Paris is %s', (text, instant) => {
		expect(fromLocalInput(text, 'Europe/Paris')).toBe(instant);
	});

	it('round-trip from an instant', () => {
		expect(toLocalInput('2026-11-26T17:05:00.000Z', 'Europe/Paris')).toBe('2026-11-26T18:05');
		expect(toLocalInput('2026-11-26T23:30:00.000Z', 'Europe/Paris')).toBe('2026-11-27T00:30');
	});

	it.each(['', '2026-02-30T10:00', '2026-11-26 10:00', '2026-11-26T24:00'])(
		'%j is not a local time',
		(text) => {
			expect(fromLocalInput(text, 'Europe/Paris')).toBeNull();
		}
	);
});
