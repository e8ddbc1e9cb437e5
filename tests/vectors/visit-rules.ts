/**
 * The cases of `visit-rules.json`, typed, for both sides that check them:
 * `tests/unit/domain/visit-rules-vectors.spec.ts` (the app) and
 * `tests/db/visit-rules-vectors.spec.ts` (the database).
 */
import vectors from './visit-rules.json';

export interface ClampCase {
	why: string;
	at: string;
	receivedAt: string;
	expected: { at: string; flagged: boolean };
}
export interface ClosingCase {
	why: string;
	startedAt: string;
	timeZone: string;
	closingTime: string;
	expected: string;
}
export interface CorrectionCase {
	why: string;
	visit: {
		startedAt: string;
		endedAt: string | null;
		autoClosed: boolean;
		reviewed: boolean;
		mine: boolean;
	};
	to: { startedAt: string; endedAt: string };
	host: boolean;
	now: string;
	expected: string | null;
}

export const clamp = vectors.clamp as ClampCase[];
export const closing = vectors.closingAfter as ClosingCase[];
export const corrections = vectors.corrections as CorrectionCase[];
