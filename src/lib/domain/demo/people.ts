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
	/**
	 * Days before the script's date of their first contract (members arrive over the year; the
	 * newest are the newcomers of the community view). 0 for staff.
	 */
	joined: number;
	persona?: PersonaKey;
}

export const demoPeople: readonly DemoPerson[] = [
	{
		id: personaIds.host,
		name: 'Sophie Martin',
		plan: null,
		attendance: 0.9,
		joined: 0,
		persona: 'host'
	},
	{
		id: personaIds.nomad,
		name: 'Camille Dubois',
		plan: 'pack10',
		attendance: 0.15,
		joined: 45,
		persona: 'nomad'
	},
	{
		id: personaIds.resident,
		name: 'Malik Benali',
		plan: 'resident',
		attendance: 0.8,
		joined: 350,
		persona: 'resident'
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e04',
		name: 'Karim Haddad',
		plan: null,
		attendance: 0.6,
		joined: 0
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e05',
		name: 'Léa Fontaine',
		plan: 'pack50',
		attendance: 0.45,
		joined: 340
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e06',
		name: 'Hugo Lefèvre',
		plan: 'monthly',
		attendance: 0.5,
		joined: 320
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e07',
		name: 'Inès Moreau',
		plan: 'pack10',
		attendance: 0.2,
		joined: 80
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e08',
		name: 'Thomas Girard',
		plan: 'resident',
		attendance: 0.75,
		joined: 365
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e09',
		name: 'Aïcha Diallo',
		plan: 'pack50',
		attendance: 0.35,
		joined: 260
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e0a',
		name: 'Julien Roux',
		plan: 'monthly',
		attendance: 0.4,
		joined: 230
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e0b',
		name: 'Nora Petit',
		plan: 'pack10',
		attendance: 0.1,
		joined: 12
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e0c',
		name: 'Paul Mercier',
		plan: 'pack50',
		attendance: 0.3,
		joined: 200
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e0d',
		name: 'Yasmine Chérif',
		plan: 'monthly',
		attendance: 0.5,
		joined: 300
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e0e',
		name: 'Élodie Blanc',
		plan: 'pack10',
		attendance: 0.25,
		joined: 70
	},
	// Occasional members, who come above all for the Thursday lunch.
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e0f',
		name: 'Bastien Morel',
		plan: 'pack10',
		attendance: 0.12,
		joined: 30
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e10',
		name: 'Chloé Garnier',
		plan: 'monthly',
		attendance: 0.3,
		joined: 170
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e11',
		name: 'Samuel Laurent',
		plan: 'pack50',
		attendance: 0.2,
		joined: 110
	},
	// Members who came during the year, regulars of the lunches and afterworks.
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e12',
		name: 'Marion Caron',
		plan: 'monthly',
		attendance: 0.35,
		joined: 290
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e13',
		name: 'Lucas Bernard',
		plan: 'monthly',
		attendance: 0.3,
		joined: 250
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e14',
		name: 'Sarah Koné',
		plan: 'resident',
		attendance: 0.45,
		joined: 190
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e15',
		name: 'Antoine Vidal',
		plan: 'monthly',
		attendance: 0.25,
		joined: 150
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e16',
		name: 'Zoé Perrin',
		plan: 'monthly',
		attendance: 0.3,
		joined: 100
	},
	{
		id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e17',
		name: 'Mehdi Amrani',
		plan: 'monthly',
		attendance: 0.2,
		joined: 60
	}
];
