import { DEMO_SPACE_ID, personaIds, type PersonaKey } from '$lib/domain/demo/personas';
import type { SignedInUser } from './account';

const PERSONA_KEY = 'collectif.persona';
const personas: readonly PersonaKey[] = ['nomad', 'resident', 'host'];

/** Who is using the app and in which space: what every screen reads. */
export interface Session {
	readonly userId: string;
	readonly spaceId: string;
}

/** Demo mode: the chosen persona (kept across reloads) in the demo space. */
export class DemoSession implements Session {
	readonly kind = 'demo';
	persona = $state<PersonaKey>(readPersona());
	readonly spaceId = DEMO_SPACE_ID;
	readonly userId = $derived(personaIds[this.persona]);

	switchTo(persona: PersonaKey): void {
		this.persona = persona;
		try {
			localStorage.setItem(PERSONA_KEY, persona);
		} catch {
			// Private browsing may refuse storage: the switch still holds for this visit.
		}
	}
}

/**
 * Connected mode: the signed-in user and the space they are looking at (kept per user across
 * reloads). `spaceId` is '' until they belong to a space.
 */
export class ConnectedSession implements Session {
	readonly kind = 'connected';
	readonly userId: string;
	readonly email: string;
	#chosen = $state('');

	constructor(user: SignedInUser) {
		this.userId = user.userId;
		this.email = user.email;
		this.#chosen = readStored(this.#spaceKey) ?? '';
	}

	get spaceId(): string {
		return this.#chosen;
	}

	/** Shows another of the user's spaces. */
	choose(spaceId: string): void {
		this.#chosen = spaceId;
		try {
			localStorage.setItem(this.#spaceKey, spaceId);
		} catch {
			// Kept for this visit only.
		}
	}

	get #spaceKey(): string {
		return `collectif.space:${this.userId}`;
	}
}

export const personaKeys = personas;

function readStored(key: string): string | null {
	try {
		return localStorage.getItem(key);
	} catch {
		return null;
	}
}

function readPersona(): PersonaKey {
	const stored = readStored(PERSONA_KEY);
	return personas.find((p) => p === stored) ?? 'nomad';
}
