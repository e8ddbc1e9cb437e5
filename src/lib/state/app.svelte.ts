import { createContext } from 'svelte';
import type { CollectifDB } from '$lib/db/database';
import { MutationError } from '$lib/domain/mutations/errors';
import type { MutationArgs, MutationName } from '$lib/domain/mutations/catalogue';
import { acceptOutboxLocally } from '$lib/db/outbox';
import { DemoSession, type ConnectedSession } from './session.svelte';
import { requestPersistentStorage } from './storage';
import { LiveQuery } from './live-query.svelte';
import { membershipOf, spaceById, spacesOfUser } from '$lib/db/spaces';
import type { Connection } from './connection.svelte';

export type Outcome = { ok: true; mutationId: number } | { ok: false; error: MutationError };

/** What connected mode plugs into the app: the sync engine's side (see `connection.svelte.ts`). */
export interface SyncLink {
	/** A local write happened: sync soon. */
	changed(): void;
}

/** The composition root's product: what every screen needs, created once in the root layout. */
export class App {
	readonly mode: 'demo' | 'connected';
	/** Unsynced changes waiting in the outbox. */
	readonly waiting: LiveQuery<number>;
	/** The spaces of the current user, with their membership (for the switcher and onboarding). */
	readonly spaces: LiveQuery<Awaited<ReturnType<typeof spacesOfUser>>>;
	/** The current space (name, time zone, capacity), read once for every screen. */
	readonly space = $derived.by(() => {
		const { spaceId } = this.session;
		return new LiveQuery(() => spaceById(this.db, spaceId));
	});
	/** The current user's membership of the current space (role, name, presence choice). */
	readonly me = $derived.by(() => {
		const { spaceId, userId } = this.session;
		return new LiveQuery(() => membershipOf(this.db, spaceId, userId));
	});
	/** Set by connected mode once the sync engine runs. */
	link: SyncLink | null = null;
	/**
	 * Connected mode: the Supabase side and the sync engine, loaded after the first paint (null
	 * until then, and always in demo mode).
	 */
	connection = $state<Connection | null>(null);
	/** The outbox id of a "join this space" request waiting for the server's answer. */
	joining = $state<number | null>(null);

	constructor(
		readonly db: CollectifDB,
		readonly session: DemoSession | ConnectedSession = new DemoSession()
	) {
		this.mode = session.kind;
		this.waiting = new LiveQuery(() => db.outbox.count());
		this.spaces = new LiveQuery(() => spacesOfUser(db, session.userId));
	}

	/**
	 * False while the demo's history is still being written (first visit only): screens that
	 * would change shape when it lands (the hours statement) wait for it rather than shift. The
	 * user's changes do not wait: they go in between two steps of it (`state/demo.ts`).
	 */
	settled = $state(true);

	/** Marks the app unsettled until `work` (the demo's history) settles. */
	settleAfter(work: Promise<unknown>): void {
		this.settled = false;
		void work
			.catch(() => undefined)
			.finally(() => {
				this.settled = true;
			});
	}

	/** Makes a change as the current user: applied locally at once, then handed to sync. */
	async mutate<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<Outcome> {
		try {
			const { applyMutation } = await writes();
			const mutationId = await applyMutation(this.db, { name, args, actorId: this.session.userId });
			// On disk (rows and outbox committed together): `npm run bench` reads this mark.
			performance.mark(PERSISTED_MARK, { detail: name });
			void requestPersistentStorage();
			this.#sync();
			return { ok: true, mutationId };
		} catch (error) {
			if (error instanceof MutationError) return { ok: false, error };
			throw error;
		}
	}

	/** Loads the code of local changes ahead of the first one (once the first screen is up). */
	async preloadWrites(): Promise<void> {
		await (await writes()).preloadValidation();
	}

	#sync(): void {
		if (this.mode === 'connected') {
			this.link?.changed();
			return;
		}
		// Demo mode: this device is the authority and accepts the outbox right away.
		acceptOutboxLocally(this.db).catch((error: unknown) => console.error('demo sync', error));
	}
}

/**
 * Validation, rules and local writes: loaded after the first paint (`preloadWrites`), so the first
 * screen paints without them; by the first tap they are there.
 */
const writes = () => import('$lib/db/apply');

/** User Timing mark set when a change is committed locally (budget #8 in `npm run bench`). */
export const PERSISTED_MARK = 'collectif:persisted';

export const [getApp, setApp] = createContext<App>();
