import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Layers, top to bottom; a layer imports only the layers below it (see docs/architecture.md).
 * `sync` sits above `db`: it orchestrates local writes through the db layer's functions.
 */
const layers = ['routes', 'features', 'ui', 'state', 'sync', 'remote', 'db', 'domain'];
const frameworkFree = ['svelte', 'svelte/*', '$app/*', 'dexie', '@supabase/*'];

function layerRules(layer) {
	const above = layers.slice(0, layers.indexOf(layer)).filter((name) => name !== 'routes');
	const patterns = above.map((name) => ({
		group: [`$lib/${name}`, `$lib/${name}/*`, `**/lib/${name}/*`],
		message: `lib/${layer} may not import lib/${name}: imports point down the layers.`
	}));
	if (layer === 'domain') {
		patterns.push({
			group: [...frameworkFree, '$lib/paraglide/*'],
			message: 'lib/domain is pure TypeScript: no framework, storage or network.'
		});
	}
	if (layer === 'sync' || layer === 'remote' || layer === 'db') {
		patterns.push({
			group: ['svelte', 'svelte/*', '$app/*'],
			message: `lib/${layer} has no Svelte.`
		});
	}
	return {
		files: [`src/lib/${layer}/**/*.{ts,svelte}`],
		rules: { 'no-restricted-imports': ['error', { patterns }] }
	};
}

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'dev-dist/',
			'src/lib/paraglide/',
			'test-results/',
			'playwright-report/',
			'bench-results/',
			'.tmp/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: { allowDefaultProject: ['playwright.config.ts'] },
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
		}
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		...ts.configs.disableTypeChecked
	},
	...layers.filter((layer) => layer !== 'routes').map(layerRules)
);
