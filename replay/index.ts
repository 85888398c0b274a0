/**
 * Time travel (issue #18): record a run (BootOptions.record → Run.recording), save it as a .klrec file
 * (format.ts, docs/klrec.md), and replay it as a Timeline that can stand on any instruction count
 * (replayer.ts). Reverse debugging (reverse.ts) builds on the Timeline.
 */
export { openReplay, type Replay, type ReplayOptions } from "./replayer";
export { readKlrec, encodeKlrec, decodeSnapshot, KLREC_VERSION, type KlrecFile, type KlrecHeader, type KlrecSnapshot } from "./format";
export { DEFAULT_SNAPSHOT_EVERY } from "./record";
export { createMachine } from "./machine";
export type { Timeline, TimelineEvent } from "./timeline";
