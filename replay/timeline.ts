/**
 * Timeline: a recorded run that can be stood on at any instruction count (the contract between the recording
 * core, reverse debugging in replay/reverse.ts, and the lab's timeline slider). This file is the interface
 * only; replayer.ts implements it over a Machine (restore the nearest snapshot, replay forward exactly).
 */
import type { Debugger } from "../emulator/index";

export interface Timeline {
  /** The debugger of the machine standing at position(): breakpoints/watchpoints/catches set through it stay installed across seeks. */
  readonly debug: Debugger;
  /** Exact count of instructions executed now. */
  position(): number;
  /** Last instruction count available (a live recording grows; a replay = the recorded end). */
  end(): number;
  /** Stand exactly at `count` (0 <= count <= end()): restore the nearest snapshot <= count, replay forward with the
   *  recorded inputs. Breakpoints/watchpoints do NOT stop a seek. Resolves when the machine is stopped there. */
  seek(count: number): Promise<void>;
  /** Counts of the snapshots held (sorted ascending; 0 is always one): reverse scans walk these backwards. */
  snapshots(): readonly number[];
  /** Recorded events (inputs, checkpoints, exceptions/interrupts if recorded, exit) with their counts, for the lab timeline. */
  events(): readonly TimelineEvent[];
}

export interface TimelineEvent { at: number; kind: "key" | "serial-in" | "checkpoint" | "exception" | "exit" | "snapshot"; detail: string }
