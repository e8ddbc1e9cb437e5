/** Numbers, shares and plurals in the reader's language (`Intl`, cached per locale). */
import { getLocale } from '$lib/paraglide/runtime';

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	const id = `${getLocale()}|${key}`;
	let format = formats.get(id);
	if (!format) formats.set(id, (format = new Intl.NumberFormat(getLocale(), options)));
	return format;
}

/** "2,4" / "2.4": at most one decimal (reservoirs, thresholds, weights). */
export const formatNumber = (value: number, maxDecimals = 1): string =>
	numberFormat(`n${maxDecimals}`, { maximumFractionDigits: maxDecimals }).format(value);

/** "40 %" / "40%" for a share between 0 and 1. */
export const formatPercent = (share: number): string =>
	numberFormat('percent', { style: 'percent', maximumFractionDigits: 0 }).format(share);

const rules = new Map<string, Intl.PluralRules>();

/** The singular or plural message for `count` by the reader's rules (0 is singular in French). */
export function plural<I extends { count: number }>(
	count: number,
	one: (inputs: I) => string,
	other: (inputs: I) => string,
	inputs: Omit<I, 'count'>
): string {
	const locale = getLocale();
	let found = rules.get(locale);
	if (!found) rules.set(locale, (found = new Intl.PluralRules(locale)));
	const form = found.select(count) === 'one' ? one : other;
	return form({ ...inputs, count } as I);
}

/** The decimal separator of the reader's language, for number fields typed by hand. */
export const decimalSeparator = (): string =>
	numberFormat('sep', { minimumFractionDigits: 1 })
		.formatToParts(1.5)
		.find((part) => part.type === 'decimal')?.value ?? '.';
