import type { Sensei } from './client.js';

/** The instance `init()` created; wrappers and the top-level functions use it unless given another. */
let current: Sensei | undefined;

export function getDefaultInstance(): Sensei | undefined {
  return current;
}

export function setDefaultInstance(instance: Sensei | undefined): void {
  current = instance;
}
