import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DispatchTransition } from '../../../../shared/dispatch.ts';

/**
 * The team phone's outbox: a step pressed in a car with no signal is written here with the moment
 * it was pressed, and leaves only when the server has answered (done, or refused for good). The
 * phone may pass between members: each step is kept with who pressed it and sent only in their session.
 */
export interface StepItem {
  id: string;
  /** The member who pressed it (`user.id`); the server records the step as theirs. */
  personId: number;
  dispatchId: string;
  transition: DispatchTransition;
  createdAt: number;
  attempts: number;
}

interface TeamDb extends DBSchema {
  steps: { key: string; value: StepItem; indexes: { byCreated: number } };
}

let dbPromise: Promise<IDBPDatabase<TeamDb>> | null = null;
function db() {
  dbPromise ??= openDB<TeamDb>('baqylau-team', 1, {
    upgrade(database) {
      const store = database.createObjectStore('steps', { keyPath: 'id' });
      store.createIndex('byCreated', 'createdAt');
    },
  });
  return dbPromise;
}

export async function enqueueStep(item: StepItem): Promise<void> {
  await (await db()).put('steps', item);
}

/**
 * One member's steps, oldest first: the steps of one dispatch must reach the server in the order
 * they were pressed. Another member's steps wait on the phone for their owner to sign in again.
 */
export async function listSteps(personId: number): Promise<StepItem[]> {
  const all = await (await db()).getAllFromIndex('steps', 'byCreated');
  return all.filter((item) => item.personId === personId);
}

export async function removeStep(id: string): Promise<void> {
  await (await db()).delete('steps', id);
}

export async function markStepAttempt(item: StepItem): Promise<void> {
  const database = await db();
  // It may have been removed meanwhile (answered by a parallel send): do not bring it back.
  if (await database.get('steps', item.id)) await database.put('steps', { ...item, attempts: item.attempts + 1 });
}
