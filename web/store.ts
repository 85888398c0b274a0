/**
 * The lab's memory across reloads: the open project (its files, name) and its frozen layout snapshot and
 * rules, in IndexedDB (database "kernlab-lab", one record under "current"). A browser without IndexedDB, or
 * one that refuses it (private mode), simply does not remember: every call resolves, never throws.
 */
import type { Project } from "./project";

export interface StoredLab {
  project: Project;
  /** verify/snapshot.ts's JSON text of the frozen snapshot, if any. */
  snapshot: string | null;
  /** The rules box's text. */
  rules: string | null;
}

const DB = "kernlab-lab", STORE = "lab", KEY = "current";

function open(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
}

async function withStore<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  const db = await open();
  if (!db) return null;
  return new Promise((resolve) => {
    try {
      const req = fn(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => { resolve(req.result); db.close(); };
      req.onerror = () => { resolve(null); db.close(); };
    } catch {
      resolve(null);
      db.close();
    }
  });
}

export async function loadStored(): Promise<StoredLab | null> {
  const v = await withStore("readonly", (s) => s.get(KEY) as IDBRequest<StoredLab | undefined>);
  return v && typeof v === "object" && v.project && typeof v.project.name === "string" ? v : null;
}

export async function saveStored(lab: StoredLab): Promise<void> {
  await withStore("readwrite", (s) => s.put(lab, KEY));
}

/** Back to the sample kernel: forget the project. */
export async function clearStored(): Promise<void> {
  await withStore("readwrite", (s) => s.delete(KEY));
}
