/**
 * The messages between the lab page (web/main.ts) and its build worker (web/worker.ts): plain data only, so
 * they survive structured cloning. It is only types; neither side's behaviour lives here.
 */
import type { Diagnostic } from "../core/diagnostics";
import type { DisasmLine } from "../toolchain/disasm";
import type { Recipe } from "../toolchain/recipe";

export type { DisasmLine };

export type WorkerRequest =
  | { id: number; kind: "build"; files: Record<string, string> }
  /** A project of the user's (web/project.ts) built as `kernlab build --recipe` would (toolchain/build.ts). */
  | { id: number; kind: "build-project"; files: Record<string, Uint8Array>; recipe: Recipe }
  /** `kernel` (the ELF) names addresses with its symbols; null for none. */
  | { id: number; kind: "disassemble"; bytes: Uint8Array; address: number; count: number; kernel: Uint8Array | null };

export type WorkerResponse =
  | { id: number; kind: "build"; ok: true; elf: Uint8Array; mapText: string | null; ms: number; warnings?: Diagnostic[] }
  | { id: number; kind: "build"; ok: false; diagnostics: Diagnostic[]; ms: number }
  | { id: number; kind: "disassemble"; lines: DisasmLine[] }
  | { id: number; kind: "error"; message: string };

/** Posted once by the worker when the toolchain is loaded and iced-x86 instantiated (or failed to); `ms` since the worker was created. */
export type WorkerReady = { kind: "ready"; ms: number } | { kind: "load-failed"; message: string };

/**
 * Posted by the worker as its start-up steps finish: each mark is `performance.timeOrigin + performance.now()`
 * in the worker (epoch ms), which the page turns into ms since its own navigation start.
 */
export type WorkerTiming = { kind: "timing"; marks: Record<string, number> };
