/**
 * The messages between the lab page (web/timeline-view.ts) and its timeline worker (web/timeline-worker.ts),
 * which replays a recorded run (.klrec) in a v86 of its own. Plain data only (structured cloning). Types only.
 */
import type { TimelineFrame, TimelineMark } from "./timeline-frame";
import type { WriteRecord } from "../replay/reverse";

export type TimelineRequest =
  /** v86's WebAssembly, compiled once by the page; sent before anything else. */
  | { id: number; kind: "init"; wasm: WebAssembly.Module }
  /** A .klrec file's bytes (recorded in the page or dropped on it). */
  | { id: number; kind: "open"; bytes: Uint8Array; name: string }
  | { id: number; kind: "seek"; count: number }
  /** Guest physical bytes where the timeline stands (the inspector's hexdump). */
  | { id: number; kind: "read"; addr: number; length: number }
  /**
   * "Who wrote this?" (replay/reverse.ts's whoWrote): the last write to physical [addr, addr+length) before
   * instruction `at`. A newer who-wrote (or an open) cancels one still running (its answer: "cancelled").
   */
  | { id: number; kind: "who-wrote"; addr: number; length: number; at: number };

/** A who-wrote question and its answer (write null: nothing wrote those bytes since the start of the recording). */
export interface WhoWroteAnswer {
  addr: number;
  length: number;
  at: number;
  write: WriteRecord | null;
}

/** What the page learns when a recording is open. */
export interface OpenedTimeline {
  name: string;
  /** Last instruction count of the recording. */
  end: number;
  events: TimelineMark[];
  snapshots: number[];
  /** The kernel ELF stored in the recording (the page reads its sections and symbols). */
  kernel: Uint8Array;
  ramBytes: number;
}

export type TimelineResponse =
  | { id: number; kind: "init" }
  | { id: number; kind: "opened"; timeline: OpenedTimeline }
  | { id: number; kind: "frame"; frame: TimelineFrame }
  /** `at`: the instruction count the bytes were read at; null bytes: outside RAM. */
  | { id: number; kind: "bytes"; at: number; bytes: Uint8Array | null }
  | { id: number; kind: "who-wrote"; answer: WhoWroteAnswer }
  /** A who-wrote replaced by a newer one (or by an open) before it finished. */
  | { id: number; kind: "cancelled" }
  /** `code`: the format's error code for a damaged or truncated file (e.g. "bad-klrec"), else absent. */
  | { id: number; kind: "error"; message: string; code?: string };
