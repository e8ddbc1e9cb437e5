import { SyncEngine, type SyncStatus } from '$lib/sync/engine';
import { startTriggers } from '$lib/sync/triggers';
import { whileLeader } from '$lib/sync/leader';
import type { Remote } from '$lib/remote/types';
import type { App } from './app.svelte';
import { forgetUser, type SignedInUser } from './account';
import { loadRemote } from './remote';

/**
 * Connected mode's moving parts for one signed-in user: the Supabase client (loaded after the
 * first paint), the sync engine, and what the screens show about them. The user's screens work
 * before any of this is ready: everything reads the local database.
 */
export class Connection {
	/** The engine's last report; null until it has started (or in a tab that is not syncing). */
	status = $state<SyncStatus | null>(null);
	/** The server no longer accepts the session: sign in again; nothing local is lost. */
	sessionExpired = $state(false);
	/** This tab is the one syncing (Web Locks); other tabs only write to the shared outbox. */
	leading = $state(false);

	#remote: Remote | null = null;
	#engine: SyncEngine | null = null;
	#stops: (() => void)[] = [];

	constructor(
		readonly app: App,
		readonly user: SignedInUser
	) {}

	/** Loads the Supabase client, checks the session and starts syncing in the leading tab. */
	async start(): Promise<void> {
		const remote = await loadRemote();
		this.#remote = remote;
		const session = await remote.auth.session();
		if (session && session.userId !== this.user.userId) {
			// Another account signed in from another tab: reopen on that user's own database.
			forgetUser();
			location.reload();
			return;
		}
		this.sessionExpired = session === null;
		this.#stops.push(
			remote.auth.onChange((next) => {
				this.sessionExpired = next === null;
				if (next && this.leading) this.#engine?.requestSync();
			})
		);
		const engine = new SyncEngine(this.app.db, remote.transport, {
			userId: this.user.userId,
			refreshSession: () => remote.auth.refresh(),
			onStatus: (status) => {
				this.status = status;
				if (status.phase === 'signed_out') this.sessionExpired = true;
			}
		});
		this.#engine = engine;
		// Only the leading tab syncs (reliability item 13): another tab's writes reach it through
		// the shared outbox, which its triggers observe.
		this.app.link = {
			changed: () => {
				if (this.leading) engine.requestSync();
			}
		};
		this.#stops.push(
			whileLeader(this.user.userId, () => {
				this.leading = true;
				const stop = startTriggers(engine, { window, document, db: this.app.db });
				return () => {
					this.leading = false;
					stop();
				};
			})
		);
	}

	/** "Retry now" after sync got stuck, or while waiting for the next attempt. */
	retry(): void {
		if (this.leading) this.#engine?.retry();
	}

	/**
	 * Signs out on this device. The local database is kept unless `erase` (a shared device), so
	 * waiting changes go out at the next sign-in; erasing them needs the caller's confirmation.
	 */
	async signOut(erase: boolean): Promise<void> {
		for (const stop of this.#stops.splice(0)) stop();
		try {
			await (this.#remote ?? (await loadRemote())).auth.signOut();
		} finally {
			forgetUser();
			if (erase) await this.app.db.delete();
		}
	}
}
