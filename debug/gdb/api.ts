/**
 * The engine's debug API as the stub sees it: the public types of emulator/index.ts (DEBUG-CONTRACT.md).
 * Nothing in debug/ imports v86-adapter.ts or any other emulator internal.
 */
export type { Debugger, FullRegisters, StopReason, WatchAccess, WritableRegister } from "../../emulator/index";
