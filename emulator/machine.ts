/**
 * Machine: one v86 instance that boots multiboot kernels again and again (first boot fresh, later boots a warm
 * reset of the same instance), drives the CPU in slices, and ends every run in exactly one Verdict. It owns
 * the run loop, timeouts, checkpoints and serial fan-out. It does not know v86 internals (v86-adapter.ts),
 * header rules (multiboot.ts) or where boot information goes (loader.ts).
 */
import { sameBytes } from "../core/bytes";
import { paintRange } from "./paint";
import type {
  BootOptions, Checkpoint, GuestMemory, Machine, MachineOptions, Registers, Run, RunResult, Verdict,
} from "./index";
import { scancodes } from "./keyboard";
import { loadKernel } from "./loader";
import { guestMemory } from "./memory";
import { planLoad } from "./multiboot";
import { SerialSink } from "./serial";
import { isEmulatorAbort } from "./verdict";
import { V86Adapter, type AdapterEvents } from "./v86-adapter";
import { isNode, nodeWasmModule } from "./wasm-node";

const DEFAULT_MEMORY_MIB = 32;
const DEFAULT_TIMEOUT_MS = 10_000;
/** With only an instruction limit, a guest idling in `hlt` forever still ends after this much wall time. */
const IDLE_GUARD_MS = 60_000;
/** Run slices synchronously for at most this long before yielding to the event loop (short: v86 installs
 * its JIT-compiled blocks from promise callbacks, so a hot guest runs in the slow interpreter until we yield). */
const BATCH_MS = 2;
/** The virtual clock's default rate: about what v86's interpreter runs on a current host core. */
const DEFAULT_GUEST_MIPS = 100;

const compiledFromBytes = new WeakMap<Uint8Array, Promise<WebAssembly.Module>>();

async function wasmModuleFor(opts: MachineOptions): Promise<WebAssembly.Module> {
  if (opts.wasmModule) return opts.wasmModule;
  if (opts.wasmBytes) {
    let p = compiledFromBytes.get(opts.wasmBytes);
    if (!p) { p = WebAssembly.compile(opts.wasmBytes as Uint8Array<ArrayBuffer>); compiledFromBytes.set(opts.wasmBytes, p); }
    return p;
  }
  if (isNode()) return nodeWasmModule();
  throw new Error("createMachine: in a browser pass { wasmModule } or { wasmBytes } (see emulator/wasm-browser.ts)");
}

const yieldToHost = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Boot kernels on a v86 machine; compiles v86's wasm once per process/worker and reuses it. */
export async function createMachine(opts: MachineOptions = {}): Promise<Machine> {
  const memoryMiB = opts.memoryMiB ?? DEFAULT_MEMORY_MIB;
  if (!Number.isInteger(memoryMiB) || memoryMiB < 2 || memoryMiB > 2048) {
    throw new RangeError(`memoryMiB must be an integer from 2 to 2048, got ${memoryMiB}`);
  }
  const wasmModule = await wasmModuleFor(opts);
  const machine = new MachineImpl(memoryMiB * 1024 * 1024, wasmModule, opts.jit ?? false);
  await machine.init();
  return machine;
}

const ZERO_REGISTERS: Registers = {
  eax: 0, ebx: 0, ecx: 0, edx: 0, esi: 0, edi: 0, ebp: 0, esp: 0, eip: 0, eflags: 0,
  cs: 0, ds: 0, es: 0, fs: 0, gs: 0, ss: 0, cr0: 0, cr2: 0, cr3: 0, cr4: 0,
};

class MachineImpl implements Machine {
  private adapter!: V86Adapter;
  /** Needs a warm reset before the next boot (something ran on it). */
  private dirty = false;
  /** v86 aborted on the last run: make a new instance before the next boot. */
  private broken = false;
  private current: RunImpl | null = null;
  private paused = false;
  private resumeWaiters: (() => void)[] = [];
  private destroyed = false;
  readonly memory: GuestMemory;

  constructor(readonly memoryBytes: number, private readonly wasmModule: WebAssembly.Module, private readonly jit: boolean) {
    this.memory = guestMemory({
      ram: () => this.adapter.ram(),
      vgaRead: (o) => this.adapter.vgaRead(o),
      vgaWrite: (o, v) => this.adapter.vgaWrite(o, v),
    });
  }

  async init(): Promise<void> {
    const events: AdapterEvents = {
      serialByte: (b) => this.current?.serial.push(b),
      exit: (code) => this.current?.noteExit(code),
      checkpoint: (id) => this.current?.noteCheckpoint(id),
    };
    if (this.adapter) this.adapter.destroy();
    this.adapter = await V86Adapter.create({ memoryBytes: this.memoryBytes, wasmModule: this.wasmModule, events, jit: this.jit });
    this.dirty = false;
    this.broken = false;
  }

  boot(kernel: Uint8Array, opts: BootOptions = {}): Run {
    if (this.destroyed) throw new Error("Machine.boot: the machine was destroyed");
    if (this.current && !this.current.done) this.current.stop();
    const run = new RunImpl(this, opts);
    this.current = run;
    void Promise.resolve().then(() => this.execute(run, kernel, opts)).catch((e: unknown) => run.fail(e));
    return run;
  }

  /** Wait while the host paused the machine. */
  async waitWhilePaused(run: RunImpl): Promise<void> {
    while (this.paused && !run.stopRequested) await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
  }

  /** Wake a run loop waiting in pause (Run.stop while the machine is paused). */
  wake(): void {
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    for (const w of waiters) w();
  }

  private async execute(run: RunImpl, kernel: Uint8Array, opts: BootOptions): Promise<void> {
    // Stale runs (replaced by a newer boot before starting) end as stopped.
    const previous = run.previous;
    if (previous) await previous.then(() => {}, () => {});
    if (run.stopRequested) { run.finish({ kind: "stopped" }, ZERO_REGISTERS); return; }
    const planned = cachedPlan(kernel, this.memoryBytes);
    if (!planned.ok) { run.finish(planned.verdict, ZERO_REGISTERS); return; }
    if (this.broken) await this.init();
    else if (this.dirty) this.adapter.warmReset();
    this.dirty = true;
    const loaded = loadKernel(this.memory, { plan: planned.plan, modules: opts.modules ?? [], cmdline: opts.cmdline });
    if (!loaded.ok) { run.finish(loaded.verdict, ZERO_REGISTERS); return; }
    for (const p of opts.paint ?? []) paintRange(this.memory, p);
    this.adapter.enterProtectedMode(loaded.entry);
    this.adapter.setClock(opts.clock === "virtual" ? { mips: opts.guestMips ?? DEFAULT_GUEST_MIPS } : null);
    if (opts.serialInput !== undefined) this.serialWrite(opts.serialInput);
    await this.drive(run, opts);
  }

  private async drive(run: RunImpl, opts: BootOptions): Promise<void> {
    const a = this.adapter;
    const limitInstructions = opts.timeout?.instructions;
    const limitMs = opts.timeout?.ms ?? (limitInstructions === undefined ? DEFAULT_TIMEOUT_MS : undefined);
    const wallLimit = limitMs ?? IDLE_GUARD_MS;
    // Under the virtual clock the ms limit is guest time: jumps over hlt count, host pauses do not.
    const virtual = opts.clock === "virtual";
    const limitText = (which: "ms" | "instructions") =>
      which === "ms" ? `${wallLimit} ms` + (virtual ? " of guest time" : "") + (limitMs === undefined ? " (idle guard)" : "") : `${limitInstructions} instructions`;
    let activeMs = 0; // wall time the guest could run: excludes pauses and checkpoint handlers
    const timeout = (which: "ms" | "instructions"): Verdict => ({ kind: "timeout", eip: a.registers().eip, serialTail: run.serial.text(), limit: limitText(which) });

    for (;;) {
      const batchStart = performanceNow();
      for (;;) {
        if (run.stopRequested) return run.finish({ kind: "stopped" }, a.registers(), a.instructions());
        const end = a.runSlice();
        run.serial.flush();
        const instructions = a.instructions();
        if (end.kind === "parked") {
          if (run.exitCode !== null) {
            if (limitInstructions !== undefined && instructions > limitInstructions) return run.finish(timeout("instructions"), a.registers(), instructions);
            return run.finish({ kind: "exited", code: run.exitCode }, a.registers(), instructions);
          }
          const id = run.takeCheckpoint();
          if (id !== null) {
            activeMs += performanceNow() - batchStart;
            await run.deliverCheckpoint(id, a.registers(), this.memory, instructions);
            a.unpark();
            break; // start a fresh batch (the handler's time is not guest time)
          }
          a.unpark();
        } else if (end.kind === "halted") {
          return run.finish({ kind: "halted", eip: a.registers().eip }, a.registers(), instructions);
        } else if (end.kind === "trap") {
          this.broken = true;
          const eip = a.registers().eip;
          return run.finish(isEmulatorAbort(end.message) ? { kind: "emulator-error", eip, message: end.message } : { kind: "triple-fault", eip, detail: end.message }, a.registers(), instructions);
        }
        if (limitInstructions !== undefined && instructions >= limitInstructions) return run.finish(timeout("instructions"), a.registers(), instructions);
        const now = performanceNow();
        if ((virtual ? a.guestMs() : activeMs + (now - batchStart)) >= wallLimit) return run.finish(timeout("ms"), a.registers(), instructions);
        if (end.kind === "idle" && virtual) {
          a.skipIdle(end.waitMs);
          if (now - batchStart >= BATCH_MS) { activeMs += now - batchStart; break; }
          continue;
        }
        if (end.kind === "idle") {
          activeMs += now - batchStart;
          // Sleeping counts as guest time: the guest is waiting for its timer.
          const t0 = performanceNow();
          await sleep(Math.min(Math.max(end.waitMs, 0), Math.max(0, wallLimit - activeMs)));
          activeMs += performanceNow() - t0;
          break;
        }
        if (now - batchStart >= BATCH_MS) { activeMs += now - batchStart; break; }
      }
      await yieldToHost();
      await this.waitWhilePaused(run);
    }
  }

  registers(): Registers { return this.adapter.registers(); }

  vgaText(): string[] {
    const lines: string[] = [];
    for (let row = 0; row < 25; row++) {
      let s = "";
      for (let col = 0; col < 80; col++) {
        const c = this.adapter.vgaRead(0x18000 + 2 * (row * 80 + col));
        s += c === 0 ? " " : CP437[c] ?? String.fromCharCode(c);
      }
      lines.push(s.replace(/\s+$/, ""));
    }
    return lines;
  }

  serialWrite(data: string | Uint8Array): void {
    this.adapter.serialInput(typeof data === "string" ? new TextEncoder().encode(data) : data);
  }

  sendKeys(keys: string): void { this.adapter.keyboardScancodes(scancodes(keys)); }

  pause(): void { this.paused = true; }

  resume(): void {
    this.paused = false;
    this.wake();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.current?.stop();
    this.resume();
    this.destroyed = true;
    this.adapter.destroy();
  }

  /** The run being executed, for a new boot to wait on. */
  currentDone(): Promise<unknown> | null { return this.current ? this.current.result : null; }
}

function performanceNow(): number { return performance.now(); }

/**
 * planLoad, remembered per kernel array: warm reboots of the same image skip parsing the ELF again. The
 * remembered copy is compared byte for byte first, so a caller that edits the array in place gets a new plan.
 */
const plans = new WeakMap<Uint8Array, { copy: Uint8Array; memoryBytes: number; result: ReturnType<typeof planLoad> }>();
function cachedPlan(kernel: Uint8Array, memoryBytes: number): ReturnType<typeof planLoad> {
  const hit = plans.get(kernel);
  if (hit && hit.memoryBytes === memoryBytes && sameBytes(hit.copy, kernel)) return hit.result;
  const copy = kernel.slice();
  const result = planLoad(copy, memoryBytes);
  plans.set(kernel, { copy, memoryBytes, result });
  return result;
}

/** Code page 437 for the text screen's printable range above ASCII (box drawing etc.). */
const CP437: Record<number, string> = (() => {
  const high = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";
  const map: Record<number, string> = {};
  for (let i = 0; i < 128; i++) map[128 + i] = high[i]!;
  for (let i = 1; i < 32; i++) map[i] = "☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼"[i - 1]!;
  return map;
})();

type Listener<T> = (value: T) => void;

class RunImpl implements Run {
  readonly result: Promise<RunResult>;
  readonly serial: SerialSink;
  readonly previous: Promise<unknown> | null;
  private resolveResult!: (r: RunResult) => void;
  private rejectResult!: (e: unknown) => void;
  private readonly byteListeners: Listener<Uint8Array>[] = [];
  private readonly lineListeners: Listener<string>[] = [];
  private readonly checkpointListeners: Listener<Checkpoint>[] = [];
  private readonly lineQueues: { queue: string[]; wake: (() => void) | null }[] = [];
  private readonly checkpoints: RunResult["checkpoints"] = [];
  private pendingCheckpoint: number | null = null;
  private readonly startedAt = performanceNow();
  exitCode: number | null = null;
  stopRequested = false;
  done = false;

  constructor(private readonly machine: MachineImpl, private readonly opts: BootOptions) {
    this.previous = machine.currentDone();
    this.result = new Promise((resolve, reject) => { this.resolveResult = resolve; this.rejectResult = reject; });
    this.serial = new SerialSink(opts.serialTailBytes ?? 64 * 1024, (b) => {
      for (const fn of this.byteListeners) fn(b);
    }, (line) => {
      for (const fn of this.lineListeners) fn(line);
      for (const q of this.lineQueues) { q.queue.push(line); q.wake?.(); }
    });
  }

  on(event: "serial", fn: (bytes: Uint8Array) => void): void;
  on(event: "serial-line", fn: (line: string) => void): void;
  on(event: "checkpoint", fn: (cp: Checkpoint) => void): void;
  on(event: "serial" | "serial-line" | "checkpoint", fn: Listener<never>): void {
    if (event === "serial") this.byteListeners.push(fn as Listener<Uint8Array>);
    else if (event === "serial-line") this.lineListeners.push(fn as Listener<string>);
    else if (event === "checkpoint") this.checkpointListeners.push(fn as Listener<Checkpoint>);
    else throw new Error(`Run.on: unknown event ${String(event)}`);
  }

  lines(): AsyncIterable<string> {
    const q = { queue: [] as string[], wake: null as (() => void) | null };
    this.lineQueues.push(q);
    const self = this;
    return {
      [Symbol.asyncIterator](): AsyncIterator<string> {
        return {
          async next(): Promise<IteratorResult<string>> {
            for (;;) {
              if (q.queue.length > 0) return { value: q.queue.shift()!, done: false };
              if (self.done) return { value: undefined, done: true };
              await new Promise<void>((resolve) => { q.wake = resolve; });
              q.wake = null;
            }
          },
          async return(): Promise<IteratorResult<string>> {
            const i = self.lineQueues.indexOf(q);
            if (i >= 0) self.lineQueues.splice(i, 1);
            return { value: undefined, done: true };
          },
        };
      },
    };
  }

  stop(): void { this.stopRequested = true; this.machine.wake(); }

  noteExit(code: number): void { if (this.exitCode === null) this.exitCode = code; }
  noteCheckpoint(id: number): void { this.pendingCheckpoint = id; }
  takeCheckpoint(): number | null { const id = this.pendingCheckpoint; this.pendingCheckpoint = null; return id; }

  async deliverCheckpoint(id: number, registers: Registers, memory: GuestMemory, at: number): Promise<void> {
    const name = this.opts.checkpointNames?.[id] ?? null;
    this.checkpoints.push({ id, name, registers });
    const cp: Checkpoint = { id, name, registers, memory, at };
    for (const fn of this.checkpointListeners) fn(cp);
    if (this.opts.onCheckpoint) await this.opts.onCheckpoint(cp);
  }

  /** A host-side failure (a throwing onCheckpoint, a v86 that cannot start): the result rejects. */
  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    for (const q of this.lineQueues) q.wake?.();
    this.rejectResult(error);
  }

  finish(verdict: Verdict, registers: Registers, instructions = 0): void {
    if (this.done) return;
    this.serial.finish();
    this.done = true;
    for (const q of this.lineQueues) q.wake?.();
    this.resolveResult({
      verdict, serial: this.serial.text(), serialTotalBytes: this.serial.total, registers,
      checkpoints: this.checkpoints, wallMs: performanceNow() - this.startedAt, instructions,
    });
  }
}
