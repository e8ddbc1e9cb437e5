import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '$lib/ui/error-message';
import { MutationError, type MutationErrorCode } from '$lib/domain/mutations/errors';
import { overwriteGetLocale } from '$lib/paraglide/runtime';

// Messages are split by feature (`project.inlang/settings.json`): every folder has fr and en.
const root = join(import.meta.dirname, '../../messages');
const folders = [
	'',
	...readdirSync(root, { withFileTypes: true })
		.filter((e) => e.isDirectory())
		.map((e) => e.name)
];
const load = (locale: string): Record<string, string> => {
	const merged: Record<string, string> = {};
	for (const folder of folders) {
		const file = JSON.parse(readFileSync(join(root, folder, `${locale}.json`), 'utf8')) as Record<
			string,
			string
		>;
		for (const [key, value] of Object.entries(file)) {
			if (key !== '$schema' && key in merged) throw new Error(`${key} is defined twice`);
			merged[key] = value;
		}
	}
	return merged;
};
const fr = load('fr');
const en = load('en');

const keys = (messages: Record<string, string>) =>
	Object.keys(messages).filter((k) => k !== '$schema');
const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('messages', () => {
	it('exist in French and English with the same keys', () => {
		expect(keys(en).sort()).toEqual(keys(fr).sort());
	});

	it.each(keys(fr))('%s is non-empty and has the same parameters in both languages', (key) => {
		const french = (fr as Record<string, string>)[key]!;
		const english = (en as Record<string, string>)[key]!;
		expect(french.trim()).not.toBe('');
		expect(english.trim()).not.toBe('');
		expect(params(english)).toEqual(params(french));
	});

	it('never call anyone a consumer', () => {
		expect(JSON.stringify([fr, en])).not.toMatch(/consomm|consumer/i);
	});
});

describe('refusals have a sentence in each language', () => {
	const codes: MutationErrorCode[] = [
		'unknown_mutation',
		'invalid_args',
		'forbidden',
		'not_found',
		'conflict',
		'storage_full',
		'storage_failed'
	];

	it.each(['fr', 'en'] as const)('in %s, one distinct sentence per code', (locale) => {
		overwriteGetLocale(() => locale);
		const sentences = codes.map((code) =>
			errorMessage(new MutationError(code, '', [{ path: 'capacity', message: 'x' }]))
		);
		expect(new Set(sentences).size).toBe(codes.length);
		expect(sentences[1]).toContain('capacity');
		expect(sentences.join(' ')).toMatch(
			locale === 'fr' ? /Vous n'avez pas le droit/ : /You are not allowed/
		);
	});
});
