import { afterEach, beforeEach } from 'vitest';
import { flushSync, mount, unmount, type Component } from 'svelte';
import type { CollectifDB } from '$lib/db/database';
import { App } from '$lib/state/app.svelte';
import type { DemoSession } from '$lib/state/session.svelte';
import { MEMBER, SPACE } from '../builders';
import { freshDb, spaceWithMember } from '../db/harness';
import WithApp from './participation-app-context.svelte';

/**
 * A component rendered for the member of a real (fake-indexeddb) device database with a space:
 * a fresh database per test, and the component unmounted and the database deleted after it.
 */
export function memberScreen() {
	let db: CollectifDB;
	let component: ReturnType<typeof mount> | null = null;
	const session = { kind: 'demo', userId: MEMBER, spaceId: SPACE } as unknown as DemoSession;
	beforeEach(async () => {
		db = freshDb();
		await spaceWithMember(db);
		localStorage.clear();
	});
	afterEach(async () => {
		if (component) await unmount(component);
		component = null;
		document.body.innerHTML = '';
		await db.delete();
	});
	return {
		get db() {
			return db;
		},
		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component, its props
		render(shown: Component<any>, props: Record<string, unknown> = {}): HTMLElement {
			const target = document.createElement('div');
			document.body.append(target);
			component = mount(WithApp, {
				target,
				props: { app: new App(db, session), component: shown, props }
			});
			flushSync();
			return target;
		}
	};
}
