/**
 * The engine's debug API as the stub sees it: the public types of emulator/index.ts (DEBUG-CONTRACT.md),
 * and reverse execution over a recording (replay/reverse.ts). Nothing in debug/ imports v86-adapter.ts or
 * any other emulator internal, nor the replay machinery.
 */
export type { Debugger, FullRegisters, StopReason, WatchAccess, WritableRegister } from "../../emulator/index";
export type { ReverseDebugging, ReverseStop, WriteRecord } from "../../replay/reverse";
