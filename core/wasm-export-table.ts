/**
 * The exports of a WebAssembly module whose function exports were moved into a table at build time
 * (scripts/build/wasm-export-table.ts). v86.wasm and iced-x86's wasm each export about 800 functions, and V8
 * (Node 20) builds an instance's exports object one property at a time, a new hidden class per property, then
 * freezes it: 5-7 ms of every start-up per module. A module rewritten so that its functions sit in one exported
 * table instantiates in under 1 ms; this file gives the code that used `instance.exports` an object with the
 * same names and functions. A module that was not rewritten (no names section) keeps its own exports.
 *
 * Not the rewrite itself, nor which modules get it (scripts/build-cli.mjs).
 */

/** The custom section listing the moved functions' export names, one per line, in table order. */
export const EXPORT_TABLE_SECTION = "kernlab.export-table";
/** The name under which the rewritten module exports the table. */
export const EXPORT_TABLE_NAME = "kernlab.export-table";

type Exports = Record<string, unknown>;

/** The moved functions' names, or null for a module that was not rewritten. */
export function exportTableNames(module: WebAssembly.Module): string[] | null {
  const sections = WebAssembly.Module.customSections(module, EXPORT_TABLE_SECTION);
  if (sections.length !== 1) return null;
  const text = new TextDecoder().decode(sections[0]);
  return text === "" ? [] : text.split("\n");
}

/**
 * Every export as a plain object (each function fetched from the table now): for code that lists the exports
 * (v86 copies all of them into its JIT's imports).
 */
export function allExports(module: WebAssembly.Module, instance: WebAssembly.Instance): Exports {
  const names = exportTableNames(module);
  if (!names) return instance.exports;
  const table = instance.exports[EXPORT_TABLE_NAME] as WebAssembly.Table;
  const out: Exports = Object.create(null);
  for (const [name, value] of Object.entries(instance.exports)) if (name !== EXPORT_TABLE_NAME) out[name] = value;
  for (let i = 0; i < names.length; i++) out[names[i]!] = table.get(i);
  return out;
}

/**
 * The exports as an object that fetches each function from the table on first use: for code that calls
 * exports by name (wasm-bindgen's glue), which then pays only for the functions it calls.
 */
export function lazyExports(module: WebAssembly.Module, instance: WebAssembly.Instance): Exports {
  const names = exportTableNames(module);
  if (!names) return instance.exports;
  const table = instance.exports[EXPORT_TABLE_NAME] as WebAssembly.Table;
  const slot = new Map<string, number>();
  for (let i = 0; i < names.length; i++) slot.set(names[i]!, i);
  const fetched: Exports = Object.create(null);
  for (const [name, value] of Object.entries(instance.exports)) if (name !== EXPORT_TABLE_NAME) fetched[name] = value;
  const fetch = (name: string): unknown => {
    const i = slot.get(name);
    return i === undefined ? undefined : (fetched[name] = table.get(i));
  };
  return new Proxy(fetched, {
    get: (target, name) => (typeof name !== "string" ? undefined : name in target ? target[name] : fetch(name)),
    has: (target, name) => typeof name === "string" && (name in target || slot.has(name)),
    ownKeys: () => [...Object.keys(fetched).filter((n) => !slot.has(n)), ...names],
    getOwnPropertyDescriptor: (target, name) => {
      if (typeof name !== "string" || !(name in target || slot.has(name))) return undefined;
      const value = name in target ? target[name] : fetch(name);
      return { value, writable: true, enumerable: true, configurable: true };
    },
  });
}
