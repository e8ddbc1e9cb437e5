/**
 * The demo space and the three personas a visitor can switch between: what the first screen needs
 * (the rest of the cast, `people.ts`, comes with the seed, after it).
 */
export type PersonaKey = 'nomad' | 'resident' | 'host';

export const DEMO_SPACE_ID = '6f1c1e0a-5d1b-4c52-9a57-2f6f0d9b1a01';

export const personaIds: Record<PersonaKey, string> = {
	host: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e01',
	nomad: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e02',
	resident: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e03'
};
