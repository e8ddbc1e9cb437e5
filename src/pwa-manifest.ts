import type { ManifestOptions } from 'vite-plugin-pwa';

/** The web app manifest; colours match the light theme in `app.css`. */
export const pwaManifest: Partial<ManifestOptions> = {
	name: 'Collectif',
	short_name: 'Collectif',
	description: 'Heures, passages, rituels et vie du collectif de votre espace de coworking.',
	lang: 'fr',
	start_url: '/',
	scope: '/',
	id: '/',
	display: 'standalone',
	orientation: 'portrait',
	theme_color: '#b4532a',
	background_color: '#faf6f1',
	icons: [
		{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
		{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
		{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
	]
};
