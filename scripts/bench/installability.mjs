// Budget #19: can the app be installed? Lighthouse 12 dropped its PWA category, so ask Chromium
// directly (DevTools Protocol `Page.getInstallabilityErrors`) once the service worker is active
// and controls the page. Needs a real profile: in an incognito-like context Chromium always
// answers "in-incognito".
import { figure } from './budgets.mjs';
import { launchPersistentContext, openControlledPage } from './chromium.mjs';

/** @type {import('./measurements.mjs').Measurement} */
export const installability = {
	id: 'installability',
	title: 'installability (Page.getInstallabilityErrors)',
	needsServer: true,
	async run(ctx) {
		const { context, close } = await launchPersistentContext();
		try {
			const page = context.pages()[0] ?? (await context.newPage());
			await openControlledPage(page, `${ctx.baseUrl}/`);
			const cdp = await context.newCDPSession(page);
			const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
			// The manifest's own parse errors explain most installability errors.
			const manifest = await cdp.send('Page.getAppManifest');
			const errors = installabilityErrors.map((e) =>
				[e.errorId, ...e.errorArguments.map((a) => `${a.name}=${a.value}`)].join(' ')
			);
			return {
				figures: [
					figure('installability-errors', errors.length, {
						note: errors.length ? errors.join('; ') : undefined
					})
				],
				details: {
					errors: installabilityErrors,
					manifestUrl: manifest.url,
					manifestErrors: manifest.errors
				},
				warnings: manifest.errors.map(
					(e) => `manifest ${e.critical ? 'critical ' : ''}error: ${e.message} (line ${e.line})`
				)
			};
		} finally {
			await close();
		}
	}
};
