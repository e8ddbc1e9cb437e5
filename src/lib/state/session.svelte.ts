import { DEMO_SPACE_ID, personaIds, type PersonaKey } from '$lib/domain/demo/people';

const PERSONA_KEY = 'collectif.persona';
const personas: readonly PersonaKey[] = ['nomad', 'resident', 'host'];

/** Who is using the app and in which space. In demo mode, the chosen persona (kept across reloads). */
export class DemoSession {
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

export const personaKeys = personas;

function readPersona(): PersonaKey {
	try {
		const stored = localStorage.getItem(PERSONA_KEY);
		return personas.find((p) => p === stored) ?? 'nomad';
	} catch {
		return 'nomad';
	}
}
