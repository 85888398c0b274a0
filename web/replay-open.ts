/**
 * A .klrec recording opened as a Timeline in the timeline worker: the one place the lab calls replay/'s API
 * (the recording/replay core, issue 18). The timeline's machine is a v86 of its own, created from the page's
 * compiled module.
 */
import type { TimelineLike } from "./timeline-frame";

export interface OpenedRecording {
  timeline: TimelineLike;
  /** The kernel ELF the recording holds. */
  kernel: Uint8Array;
  ramBytes: number;
  close(): void;
}

export async function openRecording(_bytes: Uint8Array, _wasm: WebAssembly.Module): Promise<OpenedRecording> {
  throw new Error("this build of the lab has no replay core (replay/) yet");
}
