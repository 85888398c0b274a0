/**
 * Build-time rewrite of a WebAssembly module: its function exports move into one new table (exported as
 * EXPORT_TABLE_NAME, filled by an active element segment), and a custom section lists their names in table
 * order. Memory, globals and tables stay exports. The functions and their code are unchanged; only how
 * JavaScript reaches them changes (core/wasm-export-table.ts gives back an exports object). Why: V8 (Node 20)
 * spends 5-7 ms building the exports object of a module with ~800 function exports.
 *
 * Binary format: WebAssembly Core Specification 2.0, 5.5 (import, table, export, element sections). Needs
 * reference types (a second table), which Node 20 and every current browser support.
 */
import { concat, encodeName, Reader, uleb, WasmPatchError } from "../../emulator/v86-fixes/binary";
import { EXTERN, SECTION, WasmModule } from "../../emulator/v86-fixes/wasm-module";
import { EXPORT_TABLE_NAME, EXPORT_TABLE_SECTION } from "../../core/wasm-export-table";

const FUNCREF = 0x70;

/** The rewritten module's bytes; throws WasmPatchError on a module it cannot read, or one rewritten already. */
export function moveExportsToTable(bytes: Uint8Array): Uint8Array {
  const m = WasmModule.parse(bytes);
  if (m.customSection(EXPORT_TABLE_SECTION)) throw new WasmPatchError("wasm-unsupported", "the module's exports were moved to a table already");
  // Exports: functions move, the rest stays.
  const kept: Uint8Array[] = [];
  const names: string[] = [];
  const funcs: number[] = [];
  const ex = m.section(SECTION.export);
  if (ex) {
    const r = new Reader(ex.payload);
    for (let n = r.u32(); n > 0; n--) {
      const start = r.pos;
      const name = r.name();
      const kind = r.u8();
      const index = r.u32();
      if (kind === EXTERN.func) { names.push(name); funcs.push(index); } else kept.push(ex.payload.subarray(start, r.pos));
    }
  }
  if (names.some((n) => n.includes("\n"))) throw new WasmPatchError("wasm-unsupported", "an export name holds a line break");
  // The new table's index: after the imported tables and the module's own.
  const tableIndex = importedTables(m) + count(m, SECTION.table);
  appendEntry(m, SECTION.table, [FUNCREF, 0x01, ...uleb(funcs.length), ...uleb(funcs.length)]);
  // Element segment, flags 2: active, explicit table index, offset expression, element kind 0 (funcref), indices.
  appendEntry(m, SECTION.element, [0x02, ...uleb(tableIndex), 0x41, 0x00, 0x0b, 0x00, ...uleb(funcs.length), ...funcs.flatMap((f) => uleb(f))]);
  m.setSection(SECTION.export, concat([uleb(kept.length + 1), ...kept, encodeName(EXPORT_TABLE_NAME), [EXTERN.table], uleb(tableIndex)]));
  m.setCustomSection(EXPORT_TABLE_SECTION, new TextEncoder().encode(names.join("\n")));
  return m.encode();
}

/** Entries in a vector section (0 when the section is absent). */
function count(m: WasmModule, id: number): number {
  const s = m.section(id);
  return s ? new Reader(s.payload).u32() : 0;
}

/** Add one entry (its encoded bytes) at the end of a vector section, creating the section if needed. */
function appendEntry(m: WasmModule, id: number, entry: number[]): void {
  const s = m.section(id);
  let n = 0;
  let rest: Uint8Array = new Uint8Array(0);
  if (s) { const r = new Reader(s.payload); n = r.u32(); rest = s.payload.subarray(r.pos); }
  m.setSection(id, concat([uleb(n + 1), rest, entry]));
}

/** Tables among the imports (they come first in the table index space). */
function importedTables(m: WasmModule): number {
  const s = m.section(SECTION.import);
  if (!s) return 0;
  const r = new Reader(s.payload);
  let tables = 0;
  for (let n = r.u32(); n > 0; n--) {
    r.name();
    r.name();
    const kind = r.u8();
    if (kind === EXTERN.func) r.u32();
    else if (kind === EXTERN.table) { tables++; r.u8(); limits(r); }
    else if (kind === EXTERN.memory) limits(r);
    else if (kind === EXTERN.global) { r.u8(); r.u8(); }
    else throw new WasmPatchError("wasm-unsupported", `import of unknown kind ${kind}`);
  }
  return tables;
}

function limits(r: Reader): void {
  const flags = r.u8();
  r.u32();
  if (flags & 1) r.u32();
}
