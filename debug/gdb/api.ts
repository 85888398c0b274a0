/**
 * The engine's debug API as the stub sees it (DEBUG-CONTRACT.md). Until branch `engine` lands, a copy of the
 * contract's types; afterwards a re-export from emulator/index.ts. Nothing in debug/ imports v86-adapter.ts.
 */
import type { Registers, Verdict } from "../../emulator/index";

export type StopReason =
  | { kind: "step" }
  | { kind: "breakpoint"; id: number; address: number }
  | { kind: "watchpoint"; id: number; access: "write" | "read" | "access"; address: number; length: number;
      oldValue: Uint8Array | null; newValue: Uint8Array | null; eip: number }
  | { kind: "vector"; vector: number; errorCode: number | null; cr2: number | null }
  | { kind: "control-register"; register: 0 | 2 | 3 | 4; value: number }
  | { kind: "interrupted" }
  | { kind: "ended"; verdict: Verdict };

export interface FullRegisters extends Registers {
  gdtr: { base: number; limit: number };
  idtr: { base: number; limit: number };
  tr: number;
  ldtr?: number;
}

export interface Debugger {
  pause(): void;
  step(n?: number): Promise<StopReason>;
  cont(): Promise<StopReason>;
  readonly stopped: boolean;
  addBreakpoint(at: number | string): number;
  removeBreakpoint(id: number): void;
  addWatchpoint(w: { start: number; length: number; access: "write" | "read" | "access"; physical?: boolean }): number;
  removeWatchpoint(id: number): void;
  catchVector(vector: number, on?: boolean): void;
  catchControlRegisterWrites(on?: boolean): void;
  registers(): FullRegisters;
  setRegister(name: string, value: number): void;
  readVirtual(addr: number, length: number): Uint8Array | null;
  writeVirtual(addr: number, bytes: Uint8Array): boolean;
  readPhysical(addr: number, length: number): Uint8Array | null;
  instructions(): number;
  lastInstructions(n?: number): { eip: number; bytes: Uint8Array }[];
  on(event: "stop", fn: (r: StopReason) => void): void;
}
