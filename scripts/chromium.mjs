// Debian's Chromium, as every tool here launches it (see the shared toolchain notes): test tools
// cannot download browsers, and without the background-networking flags Chromium floods the
// closed network with retries. Used by playwright.config.ts and scripts/bench.

export const chromiumPath =
	process.env.CHROMIUM_PATH || process.env.CHROME_PATH || '/usr/bin/chromium';

export const chromiumFlags = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];
