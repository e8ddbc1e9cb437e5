/** Steps the connected tests share, written against the screens' visible labels (French). */
import { expect, type Page } from '@playwright/test';
import type { FakeSupabase } from './supabase-fake';

/** Signs in on this page with a code read from the fake's inbox. */
export async function signIn(page: Page, supabase: FakeSupabase, email: string): Promise<void> {
	await page.goto('/');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByRole('button', { name: 'Recevoir un code' }).click();
	await expect(page.getByLabel('Code reçu par e-mail')).toBeVisible();
	await page.getByLabel('Code reçu par e-mail').fill(supabase.codeFor(email));
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByLabel('Code reçu par e-mail')).toHaveCount(0, { timeout: 15_000 });
}

/** Creates a space from the onboarding screen; returns once its home screen shows. */
export async function createSpace(page: Page, spaceName: string, hostName: string): Promise<void> {
	await page.getByRole('button', { name: 'Créer un espace' }).click();
	await page.getByLabel("Nom de l'espace").fill(spaceName);
	await page.getByLabel('Votre nom, tel que les membres le verront').fill(hostName);
	await page.getByRole('button', { name: "Créer l'espace" }).click();
	await expect(page.getByRole('button', { name: 'Créer un espace' })).toHaveCount(0);
}

/** Waits until nothing of this device waits for the server (its outbox is empty). */
export async function waitUntilSynced(page: Page): Promise<void> {
	await expect(page.getByText('en attente de synchronisation')).toHaveCount(0, { timeout: 20_000 });
}
