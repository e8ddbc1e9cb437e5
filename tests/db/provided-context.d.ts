/** Connection settings of the run's embedded Postgres, provided by global-setup.ts. */
export interface DatabaseConnection {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	/** Password of the `authenticator` login role, to connect the way PostgREST does. */
	authenticatorPassword: string;
}

declare module 'vitest' {
	export interface ProvidedContext {
		database: DatabaseConnection;
	}
}
