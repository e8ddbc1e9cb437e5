/** The demo's cast. The first three are the personas a visitor can switch between. */
import { DEMO_SPACE_ID, personaIds, type PersonaKey } from './personas';

export { DEMO_SPACE_ID, personaIds, type PersonaKey };

export interface DemoPerson {
	id: string;
	name: string;
	/** Plan key, or null for staff. */
	plan: 'pack10' | 'pack50' | 'monthly' | 'resident' | null;
	/** Chance of coming on a weekday. */
	attendance: number;
	persona?: PersonaKey;
}

export const demoPeople: readonly DemoPerson[] = [
	{
		id: personaIds.host,
		name: 'Sophie Martin',
		plan: null,
		attendance: 0.9,
		persona: 'host'
	},
	{
		id: personaIds.nomad,
		name: 'Camille Dubois',
		plan: 'pack10',
		attendance: 0.15,
		persona: 'nomad'
	},
	{
		id: personaIds.resident,
		name: 'Malik Benali',
		plan: 'resident',
		attendance: 0.8,
		persona: 'resident'
	},
	{ id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e04', name: 'Karim Haddad', plan: null, attendance: 0.6 },
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e05',
		name: 'Léa Fontaine',
		plan: 'pack50',
		attendance: 0.45
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e06',
		name: 'Hugo Lefèvre',
		plan: 'monthly',
		attendance: 0.5
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e07',
		name: 'Inès Moreau',
		plan: 'pack10',
		attendance: 0.2
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e08',
		name: 'Thomas Girard',
		plan: 'resident',
		attendance: 0.75
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e09',
		name: 'Aïcha Diallo',
		plan: 'pack50',
		attendance: 0.35
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e0a',
		name: 'Julien Roux',
		plan: 'monthly',
		attendance: 0.4
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e0b',
		name: 'Nora Petit',
		plan: 'pack10',
		attendance: 0.1
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e0c',
		name: 'Paul Mercier',
		plan: 'pack50',
		attendance: 0.3
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e0d',
		name: 'Yasmine Chérif',
		plan: 'monthly',
		attendance: 0.5
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e0e',
		name: 'Élodie Blanc',
		plan: 'pack10',
		attendance: 0.25
	},
	// Occasional members, who come above all for the Thursday lunch.
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e0f',
		name: 'Bastien Morel',
		plan: 'pack10',
		attendance: 0.12
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e10',
		name: 'Chloé Garnier',
		plan: 'monthly',
		attendance: 0.3
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e11',
		name: 'Samuel Laurent',
		plan: 'pack50',
		attendance: 0.2
	}
];
