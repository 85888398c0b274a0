/**
 * The machine kernlab's users and tools boot on: the emulator's engine (emulator/machine.ts) with replay's
 * recorder plugged in, so that `boot(kernel, { record: true })` fills Run.recording (record.ts). The emulator
 * drives time-travel runs and knows recording only as its Recorder type; this is where the two meet, one
 * layer above the engine (data flows one way: emulator/ never imports replay/).
 */
import { createMachine as createEngine, type Machine, type MachineOptions } from "../emulator/index";
import { startRecording } from "./record";

/** Boot kernels on a v86 machine that can record (BootOptions.record); otherwise the emulator's createMachine. */
export function createMachine(opts: MachineOptions = {}): Promise<Machine> {
  return createEngine(opts, { recorder: startRecording });
}
