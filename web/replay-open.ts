/**
 * A .klrec recording opened as a Timeline in the timeline worker: the one place the lab calls the replay core
 * (replay/, issue 18): the file is read (a damaged or truncated one is a KernlabError with its code), a v86 of
 * the recording's RAM size is made from the page's compiled module (kept for the next recording of that size),
 * and replay/replayer.ts's openReplay stands it at instruction 0.
 */
import { createMachine, type Machine } from "../emulator/index";
import { readKlrec } from "../replay/format";
import { openReplay } from "../replay/replayer";
import type { Timeline } from "../replay/timeline";

export interface OpenedRecording {
  /** The whole Timeline (the frames read it as web/timeline-frame.ts's TimelineLike; who-wrote scans it). */
  timeline: Timeline;
  /** The kernel ELF the recording holds. */
  kernel: Uint8Array;
  ramBytes: number;
  close(): void;
}

let machine: { memoryMiB: number; m: Machine } | null = null;

/** `replacing` is called once the file has been read whole (a damaged file leaves what was open alone). */
export async function openRecording(bytes: Uint8Array, wasm: WebAssembly.Module, name = "<klrec>", replacing: () => void = () => {}): Promise<OpenedRecording> {
  const file = readKlrec(bytes, name);
  replacing();
  const memoryMiB = file.header.memoryMiB;
  if (!machine || machine.memoryMiB !== memoryMiB) {
    machine?.m.destroy();
    machine = null;
    machine = { memoryMiB, m: await createMachine({ memoryMiB, wasmModule: wasm }) };
  }
  const replay = await openReplay(machine.m, bytes, { file: name });
  return { timeline: replay, kernel: file.kernel, ramBytes: memoryMiB * 1024 * 1024, close: () => { void replay.close(); } };
}
