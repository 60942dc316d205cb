// Types of gen-api-types.mjs for test/schemaDrift.test.ts.
export const root: string;
export const SOURCES: string[];
export const OUTPUT: string;
export function merge(docs: object[]): object;
export function generate(): Promise<string>;
