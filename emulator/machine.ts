/**
 * Machine: boots multiboot kernels on one v86 instance (placeholder while the adapter lands).
 */
import type { Machine, MachineOptions } from "./index";

export async function createMachine(_opts: MachineOptions = {}): Promise<Machine> {
  throw new Error("createMachine: not implemented yet");
}
