/**
 * Machine: one v86 instance that boots multiboot kernels again and again (first boot fresh, later boots a warm
 * reset of the same instance), drives the CPU in slices, and ends every run in exactly one Verdict. It owns
 * the run loop, timeouts, checkpoints and serial fan-out. It does not know v86 internals (v86-adapter.ts),
 * header rules (multiboot.ts) or where boot information goes (loader.ts).
 */
import { monotonicMs } from "../core/clock";
import { sameBytes } from "../core/bytes";
import { paintRange } from "./paint";
import type {
  BootOptions, Checkpoint, CrashReport, Debugger, GuestMemory, LiveRecording, LoaderName, Machine, MachineOptions, MachinePlugins, Registers, Run,
  RunResult, Verdict,
} from "./index";
import { cp437Char } from "./cp437";
import { DebugSession, readLinear, stopReason } from "./debug";
import { ExecControl, type ExecCpu } from "./exec-control";
import { crashReport, deliveryDoubleFaults } from "./fault-report";
import { GuestInput, type InputDevice } from "./input";
import { scancodes } from "./keyboard";
import { loadKernel } from "./loader";
import { guestMemory } from "./memory";
import { planLoad } from "./multiboot";
import { SerialSink } from "./serial";
import { symbolTable } from "./symbols";
import { installTrace } from "./trace";
import { describeVerdict, isEmulatorAbort } from "./verdict";
import { hex } from "../core/hex";
import { V86Adapter, type AdapterEvents } from "./v86-adapter";
import { applyV86Fixes } from "./v86-fixes/index";
import { isNode, nodeWasmModule } from "./wasm-node";
import { PageShadow } from "./state";
import type { AdapterState } from "./v86-adapter";
import type { InputRecord, MachineState, StopReason, TimeTravelControl, TimeTravelOptions } from "./index";

/** QEMU's default RAM (qemu-system-i386 without -m). */
export const DEFAULT_MEMORY_MIB = 128;
const DEFAULT_TIMEOUT_MS = 10_000;
/** With only an instruction limit, a guest idling in `hlt` forever still ends after this much wall time. */
const IDLE_GUARD_MS = 60_000;
/** Run slices synchronously for at most this long before yielding to the event loop (short: v86 installs
 * its JIT-compiled blocks from promise callbacks, so a hot guest runs in the slow interpreter until we yield). */
const BATCH_MS = 2;
/**
 * `jit: "auto"` (the default): a boot starts in v86's interpreter, which runs from the first instruction with
 * no warm-up, and turns the JIT on once the guest has executed this many instructions (a few ms in the
 * interpreter), when it is computing long enough for compiled blocks to pay off. A one-shot boot of a test
 * kernel ends long before; a compute-bound guest runs at JIT speed within milliseconds. Under the virtual
 * clock "auto" stays in the interpreter, which keeps those runs repeatable to the instruction.
 */
const JIT_AFTER_INSTRUCTIONS = 1_000_000;
/** The virtual clock's default rate: about what v86's interpreter runs on a current host core. */
const DEFAULT_GUEST_MIPS = 100;

/**
 * Time-travel runs (BootOptions.record / timeTravel): the driver stops itself every TICK instructions (fewer
 * than v86's own main_loop batch of 100,003, so v86's batch never ends first) and looks at the device timers
 * and interrupts only there, at idle `hlt` returns and at guest parks; at any other stop (a breakpoint, a
 * seek's target) the timers are held. So where the host stops never changes where an interrupt lands.
 */
const TICK = 100_000;

const compiledFromBytes = new WeakMap<Uint8Array, Promise<WebAssembly.Module>>();

async function wasmModuleFor(opts: MachineOptions): Promise<WebAssembly.Module> {
  if (opts.wasmModule) return opts.wasmModule;
  if (opts.wasmBytes) {
    let p = compiledFromBytes.get(opts.wasmBytes);
    // v86.wasm's bytes get kernlab's v86 fixes (a no-op for a module that has them: emulator/v86-fixes/).
    if (!p) { p = WebAssembly.compile(applyV86Fixes(opts.wasmBytes) as Uint8Array<ArrayBuffer>); compiledFromBytes.set(opts.wasmBytes, p); }
    return p;
  }
  if (isNode()) return nodeWasmModule();
  throw new Error("createMachine: in a browser pass { wasmModule } or { wasmBytes } (see emulator/wasm-browser.ts)");
}

const yieldToHost = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Boot kernels on a v86 machine; compiles v86's wasm once per process/worker and reuses it. `plugins`: what
 * the layer above serves (BootOptions.record needs a recorder; the package's createMachine, replay/machine.ts,
 * passes replay's).
 */
export async function createMachine(opts: MachineOptions = {}, plugins: MachinePlugins = {}): Promise<Machine> {
  const memoryMiB = opts.memoryMiB ?? DEFAULT_MEMORY_MIB;
  if (!Number.isInteger(memoryMiB) || memoryMiB < 2 || memoryMiB > 2048) {
    throw new RangeError(`memoryMiB must be an integer from 2 to 2048, got ${memoryMiB}`);
  }
  const wasmModule = await wasmModuleFor(opts);
  const machine = new MachineImpl(memoryMiB * 1024 * 1024, wasmModule, opts.jit ?? "auto", plugins);
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
  /** Exact execution control (the debug-hooks v86 fix), re-armed at every boot. */
  private exec!: ExecControl;

  constructor(
    readonly memoryBytes: number, private readonly wasmModule: WebAssembly.Module, private readonly jit: boolean | "auto",
    private readonly plugins: MachinePlugins,
  ) {
    this.memory = guestMemory({
      ram: () => this.adapter.ram(),
      vgaRead: (o) => this.adapter.vgaRead(o),
      vgaWrite: (o, v) => this.adapter.vgaWrite(o, v),
    });
  }

  async init(): Promise<void> {
    const events: AdapterEvents = {
      serialByte: (b) => { const run = this.current; if (run) { run.serial.push(b); run.input.serialOutput(b); } },
      debugconByte: (b) => this.current?.debugcon.push(b),
      exit: (code) => this.current?.noteExit(code),
      checkpoint: (id) => this.current?.noteCheckpoint(id),
    };
    if (this.adapter) this.adapter.destroy();
    this.adapter = await V86Adapter.create({ memoryBytes: this.memoryBytes, wasmModule: this.wasmModule, events, jit: this.jit === true });
    this.exec ??= new ExecControl(this.execCpu()); // one per machine: a Debugger keeps it across a re-created v86
    this.exec.rebind();
    this.adapter.debugHooks = this.exec;
    this.dirty = false;
    this.broken = false;
  }

  boot(kernel: Uint8Array, opts: BootOptions = {}): Run {
    if (this.destroyed) throw new Error("Machine.boot: the machine was destroyed");
    const recorder = opts.record ? this.plugins.recorder : undefined;
    if (opts.record && !recorder) {
      throw new Error("Machine.boot: BootOptions.record needs a machine with a recorder (kernlab's createMachine; the emulator's alone has none)");
    }
    if (this.current && !this.current.done) this.current.stop();
    const run = new RunImpl(this, opts);
    this.current = run;
    this.exec.resetConfig();
    if (recorder) {
      const recording = recorder(kernel, opts, this.memoryBytes);
      opts = { ...opts, clock: "virtual", timeTravel: recording.hooks(() => run.timeTravel!) };
      run.recording = recording;
      void run.result.then((r) => recording.finish(r.verdict, r.instructions), () => {});
    }
    if (opts.timeTravel) {
      run.tt = new TimeTravelRun(opts.timeTravel);
      opts = { ...opts, clock: "virtual" };
      run.timeTravel = this.timeTravelControl(run);
    }
    if (opts.debug) {
      let symbols: ReturnType<typeof symbolTable> | null = null;
      run.debug = new DebugSession(this.exec, {
        registers: () => this.adapter.registers(),
        fullRegisters: () => this.adapter.fullRegisters(),
        setRegister: (name, value) => this.adapter.setRegister(name, value),
        memory: this.memory,
        symbols: () => (symbols ??= symbolTable(kernel)),
      }, !!opts.debug.startPaused);
    }
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

  private execCpu(): ExecCpu {
    return {
      wasm: () => this.adapter.wasmBuffer(),
      park: () => this.adapter.parkForDebugger(),
      ramOffset: () => this.adapter.ram().byteOffset,
      ramSize: () => this.adapter.ram().length,
      readLinear: (addr, length) => readLinear(this.memory, this.adapter.registers(), addr, length),
      readPhysical: (addr, length) => (addr >= 0 && addr + length <= this.memory.size ? this.memory.bytes(addr, length) : null),
      deliver: (vector, software, errorCode) => this.adapter.deliverVector(vector, software, errorCode),
      doubleFaults: (vector) => deliveryDoubleFaults(this.memory, this.adapter.fullRegisters(), vector),
    };
  }

  /** Guest instructions executed: exact (exec-control) when the run is exactly controlled, else v86's counter. */
  private instructionCount(): number {
    return this.exec.active ? this.exec.count() : this.adapter.instructions();
  }

  /**
   * Arm exec-control for a boot: exact control (the interpreter, every instruction counted, limits and
   * stops exact) unless the JIT was asked for and nothing needs it; the debugger and the trace when asked.
   */
  private armExec(kernel: Uint8Array, opts: BootOptions): void {
    const exec = this.exec;
    const needsExact = !!opts.timeTravel || this.jit === false || opts.timeout?.instructions !== undefined || !!opts.debug || !!opts.trace;
    exec.active = this.adapter.debuggable && needsExact;
    this.adapter.bypassJit(exec.active);
    if (exec.active && opts.timeout?.instructions !== undefined) exec.limitAt = opts.timeout.instructions;
    let symbols: ReturnType<typeof symbolTable> | null = null;
    const lazySymbols = () => (symbols ??= symbolTable(kernel));
    if (opts.trace) installTrace(exec, opts.trace, { registers: () => this.adapter.fullRegisters(), memory: this.memory, symbols: opts.trace.symbols ?? lazySymbols() });
    exec.resetCpuState();
  }

  private async execute(run: RunImpl, kernel: Uint8Array, opts: BootOptions): Promise<void> {
    // Stale runs (replaced by a newer boot before starting) end as stopped.
    const previous = run.previous;
    if (previous) await previous.then(() => {}, () => {});
    if (run.stopRequested) { run.finish({ kind: "stopped" }, ZERO_REGISTERS); return; }
    const planned = cachedPlan(kernel, this.memoryBytes, opts.loader ?? "qemu");
    if (!planned.ok) { run.finish(planned.verdict, ZERO_REGISTERS); return; }
    if (this.broken) await this.init();
    else if (this.dirty) this.adapter.warmReset();
    this.dirty = true;
    const loaded = loadKernel(this.memory, {
      plan: planned.plan, modules: opts.modules ?? [], cmdline: opts.cmdline, kernelName: opts.kernelName, loader: opts.loader,
    });
    if (!loaded.ok) { run.finish(loaded.verdict, ZERO_REGISTERS); return; }
    run.loader = loaded.loader;
    for (const p of opts.paint ?? []) paintRange(this.memory, p);
    if (this.jit === "auto") this.adapter.setJit(false); // every boot starts in the interpreter
    this.adapter.enterProtectedMode(loaded.entry);
    this.adapter.setClock(opts.clock === "virtual" ? { mips: opts.guestMips ?? DEFAULT_GUEST_MIPS } : null);
    if (opts.serialInput !== undefined && !run.tt) this.serialWrite(opts.serialInput);
    this.armExec(kernel, opts);
    if (opts.debug && !this.exec.active) throw new Error("BootOptions.debug: this v86 build has no debug hooks (the debug-hooks v86 fix is not applied)");
    if (run.tt) {
      const tt = run.tt;
      const exec = this.exec;
      this.adapter.holdTimers = () => { const s = exec.parkedStop; return s !== null && s.kind !== "tick"; };
      if (tt.opts.end) exec.limitAt = tt.opts.end.at;
      if (tt.opts.onEvent) {
        const onEvent = tt.opts.onEvent, traced = exec.onVector;
        exec.onVector = (v) => {
          traced?.(v);
          if (v.vector < 32 && !v.software) onEvent({ at: v.at, kind: "exception", detail: `${vectorName(v.vector)} at ${hex(v.eip)}${v.errorCode !== null ? ` error ${hex(v.errorCode, 4)}` : ""}${v.vector === 14 ? ` cr2 ${hex(v.cr2)}` : ""}` });
        };
      }
      if (opts.serialInput !== undefined && !tt.opts.inputsAt) tt.queue.push({ kind: "serial", bytes: [...(typeof opts.serialInput === "string" ? new TextEncoder().encode(opts.serialInput) : opts.serialInput)] });
      exec.tickAt = TICK;
      exec.rearm();
      const overdue = this.inputPoint(run, tt);
      if (overdue) { run.finish(overdue, this.adapter.registers(), 0); return; }
      tt.opts.onTick?.(0);
      if (run.debug instanceof DebugSession) await run.debug.startGate();
      await this.driveExact(run, opts, tt);
      return;
    }
    this.adapter.holdTimers = null;
    if (run.debug instanceof DebugSession) await run.debug.startGate();
    await this.drive(run, opts);
  }

  /**
   * An input point of a time-travel run (TimeTravelOptions, InputRecord): a replay injects the inputs recorded
   * for it; a recording delivers held keys, the script's next steps and the host's input here, and logs them.
   */
  private inputPoint(run: RunImpl, tt: TimeTravelRun): Verdict | null {
    const at = this.exec.count();
    if (at === tt.pointAt) tt.pointN++;
    else { tt.pointAt = at; tt.pointN = 0; }
    const n = tt.pointN;
    const a = this.adapter;
    if (tt.opts.inputsAt) {
      for (const input of tt.opts.inputsAt(at, n)) {
        if (input.kind === "keys") a.keyboardScancodes([...input.codes]);
        else a.serialInput(Uint8Array.from(input.bytes));
      }
      return null;
    }
    const log = (input: InputRecord) => tt.opts.onInput?.(input);
    const device: InputDevice = {
      ...this.inputDevice,
      keyboardScancodes: (codes) => { log({ at, n, kind: "keys", codes: [...codes] }); a.keyboardScancodes(codes); },
      serialInput: (bytes) => { log({ at, n, kind: "serial", bytes: [...bytes] }); a.serialInput(bytes); },
    };
    for (const q of tt.queue.splice(0)) {
      if (q.kind === "keys") device.keyboardScancodes(q.codes);
      else device.serialInput(Uint8Array.from(q.bytes));
    }
    return run.input.busy ? run.input.pump(device, a.guestMs(), () => run.serial.text()) : null;
  }

  /** The run loop of a time-travel run (see TICK): always exactly controlled, always the virtual clock. */
  private async driveExact(run: RunImpl, opts: BootOptions, tt: TimeTravelRun): Promise<void> {
    const a = this.adapter;
    const exec = this.exec;
    const session = run.debug instanceof DebugSession ? run.debug : null;
    const limitInstructions = opts.timeout?.instructions;
    const limitMs = opts.timeout?.ms ?? (limitInstructions === undefined ? DEFAULT_TIMEOUT_MS : undefined);
    const wallLimit = limitMs ?? IDLE_GUARD_MS;
    if (limitInstructions !== undefined && !tt.opts.end) exec.limitAt = limitInstructions;
    exec.rearm();
    const limitText = (which: "ms" | "instructions") =>
      which === "ms" ? `${wallLimit} ms of guest time` + (limitMs === undefined ? " (idle guard)" : "") : `${limitInstructions} instructions`;
    const timeout = (which: "ms" | "instructions"): Verdict => ({ kind: "timeout", eip: a.registers().eip, serialTail: run.serial.text(), limit: limitText(which) });
    const finish = (verdict: Verdict) => {
      const instructions = exec.count();
      verdict = this.endRun(run, session, verdict, instructions, false);
      tt.opts.onEvent?.({ at: instructions, kind: "exit", detail: describeVerdict(verdict) });
    };
    /** The end of the run: a recording finishes; a replay holds there (true: finished). */
    const terminal = async (verdict: Verdict): Promise<boolean> => {
      const end = tt.opts.end;
      if (!end || !session) { finish(verdict); return true; }
      tt.opts.onEvent?.({ at: exec.count(), kind: "exit", detail: describeVerdict(verdict) });
      tt.ended = verdict;
      await session.enterStop({ kind: "ended", verdict });
      tt.ended = null;
      return run.stopRequested ? (finish({ kind: "stopped" }), true) : false;
    };
    for (;;) {
      const batchStart = monotonicMs();
      for (;;) {
        if (run.stopRequested) return finish({ kind: "stopped" });
        const end = a.runSlice();
        run.serial.flush();
        run.debugcon.flush();
        if (end.kind === "parked") {
          const stop = exec.takeStop();
          if (run.exitCode !== null) {
            if (await terminal({ kind: "exited", code: run.exitCode })) return;
            a.unpark();
            break;
          }
          const id = run.takeCheckpoint();
          if (id !== null) {
            tt.opts.onEvent?.({ at: exec.count(), kind: "checkpoint", detail: this.checkpointLabel(opts, id) });
            await run.deliverCheckpoint(id, a.registers(), this.memory, exec.count());
            const overdue = this.inputPoint(run, tt);
            if (overdue) return finish(overdue);
            a.unpark();
            break;
          }
          if (stop?.kind === "tick") {
            exec.tickAt = exec.count() + TICK;
            exec.rearm();
            const overdue = this.inputPoint(run, tt);
            if (overdue) return finish(overdue);
            a.unpark();
            a.handleIrqs();
            tt.opts.onTick?.(exec.count());
          } else if (stop?.kind === "limit") {
            if (await terminal(tt.opts.end?.verdict ?? timeout("instructions"))) return;
            a.unpark();
            break;
          } else if (stop && session) {
            const reason = stopReason(stop);
            if (reason) { await session.enterStop(reason); a.unpark(); break; }
            a.unpark();
          } else {
            a.unpark();
          }
        } else if (end.kind === "halted") {
          if (await terminal({ kind: "halted", eip: a.registers().eip })) return;
          break;
        } else if (end.kind === "trap") {
          return finish(this.trapVerdict(end.message));
        } else if (end.kind === "idle") {
          const overdue = this.inputPoint(run, tt);
          if (overdue) return finish(overdue);
          a.skipIdle(end.waitMs);
        }
        if (!tt.opts.end && a.guestMs() >= wallLimit) return finish(timeout("ms"));
        if (monotonicMs() - batchStart >= BATCH_MS) break;
      }
      await yieldToHost();
      await this.waitWhilePaused(run);
    }
  }

  private checkpointLabel(opts: BootOptions, id: number): string {
    const name = opts.checkpointNames?.[id];
    return name ? `${id} ${name}` : String(id);
  }

  /** Run.timeTravel of a time-travel run. */
  private timeTravelControl(run: RunImpl): TimeTravelControl {
    const shadow = new PageShadow();
    const exec = this.exec;
    return {
      position: () => exec.count(),
      saveState: (): MachineState => {
        const tt = run.tt!;
        const core: StateCore = { adapter: this.adapter.saveState(), tickAt: exec.tickAt, pointAt: tt.pointAt, pointN: tt.pointN };
        return { at: exec.count(), pages: shadow.save(this.adapter.spaces()), core };
      },
      restoreState: (state, pages) => {
        const tt = run.tt!;
        const core = state.core as StateCore;
        shadow.restore(this.adapter.spaces(), pages);
        this.adapter.restoreState(core.adapter);
        exec.tickAt = core.tickAt;
        exec.restoreCount(state.at);
        tt.pointAt = core.pointAt;
        tt.pointN = core.pointN;
        run.exitCode = null;
        run.takeCheckpoint();
      },
      runTo: (count): Promise<StopReason> => {
        if (!(run.debug instanceof DebugSession)) return Promise.reject(new Error("Run.timeTravel.runTo: boot with BootOptions.debug"));
        return run.debug.runTo(count);
      },
    };
  }

  /**
   * Ends `run` in `verdict`: a triple fault or timeout gets the crash report (the last instructions, the
   * exception chain; `jitRan`: compiled blocks ran, so the ring is partial) and a triple fault its first
   * exception's EIP. The debugger hears of the end. Returns the verdict as reported.
   */
  private endRun(run: RunImpl, session: DebugSession | null, verdict: Verdict, instructions: number, jitRan: boolean): Verdict {
    const a = this.adapter;
    const crash = verdict.kind === "triple-fault" || verdict.kind === "timeout" ? crashReport(this.exec, a.fullRegisters(), this.memory, verdict, jitRan) : undefined;
    if (crash && verdict.kind === "triple-fault") verdict = { ...verdict, chain: crash.exceptions, eip: crash.exceptions[0]?.eip ?? verdict.eip };
    run.finish(verdict, a.registers(), instructions, crash);
    session?.ended(verdict);
    return verdict;
  }

  /** The verdict of a slice v86 ended with a trap (the instance is broken: a new one before the next boot). */
  private trapVerdict(message: string): Verdict {
    this.broken = true;
    const eip = this.adapter.registers().eip;
    // v86 delivering exceptions into exceptions until the JS stack runs out is the guest's triple fault
    // (QEMU resets there); any other trap of v86's own is not a guest verdict.
    const cascade = /call stack/i.test(message) && this.exec.raised.some((r) => r.vector < 32 && !r.software && !r.irq);
    return isEmulatorAbort(message) && !cascade ? { kind: "emulator-error", eip, message } : { kind: "triple-fault", eip, detail: message };
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
    // Not under the virtual clock: compiled blocks arrive asynchronously (host timing), and where a block
    // ends decides where a timer interrupt lands, so the run would no longer repeat exactly.
    // Exact control (limits, the debugger, --trace exec/cpu) stays in the interpreter: compiled blocks skip the countdown.
    let jitPending = this.jit === "auto" && !virtual && !this.exec.active;
    const timeout = (which: "ms" | "instructions"): Verdict => ({ kind: "timeout", eip: a.registers().eip, serialTail: run.serial.text(), limit: limitText(which) });
    const exec = this.exec;
    const session = run.debug instanceof DebugSession ? run.debug : null;
    const finish = (verdict: Verdict, instructions: number) => {
      this.endRun(run, session, verdict, instructions, !exec.active && (this.jit === true || (this.jit === "auto" && !jitPending && !virtual)));
    };

    for (;;) {
      const batchStart = monotonicMs();
      for (;;) {
        if (run.stopRequested) return finish({ kind: "stopped" }, this.instructionCount());
        const end = a.runSlice();
        run.serial.flush();
        run.debugcon.flush();
        if (run.input.busy) {
          const overdue = run.input.pump(this.inputDevice, virtual ? a.guestMs() : activeMs + (monotonicMs() - batchStart), () => run.serial.text());
          if (overdue) return finish(overdue, this.instructionCount());
        }
        const instructions = this.instructionCount();
        if (jitPending && instructions >= JIT_AFTER_INSTRUCTIONS) { a.setJit(true); jitPending = false; }
        if (end.kind === "parked") {
          if (run.exitCode !== null) {
            if (limitInstructions !== undefined && instructions > limitInstructions) return finish(timeout("instructions"), instructions);
            return finish({ kind: "exited", code: run.exitCode }, instructions);
          }
          const id = run.takeCheckpoint();
          if (id !== null) {
            activeMs += monotonicMs() - batchStart;
            await run.deliverCheckpoint(id, a.registers(), this.memory, instructions);
            a.unpark();
            break; // start a fresh batch (the handler's time is not guest time)
          }
          const stop = exec.takeStop();
          if (stop?.kind === "limit") return finish(timeout("instructions"), instructions);
          const reason = stop ? stopReason(stop) : null;
          if (stop && reason && session) {
            activeMs += monotonicMs() - batchStart;
            await session.enterStop(reason); // wall time does not tick while the debugger holds the machine
            a.unpark();
            break;
          }
          a.unpark();
        } else if (end.kind === "halted") {
          return finish({ kind: "halted", eip: a.registers().eip }, instructions);
        } else if (end.kind === "trap") {
          return finish(this.trapVerdict(end.message), instructions);
        }
        if (limitInstructions !== undefined && instructions >= limitInstructions) return finish(timeout("instructions"), instructions);
        const now = monotonicMs();
        if ((virtual ? a.guestMs() : activeMs + (now - batchStart)) >= wallLimit) return finish(timeout("ms"), instructions);
        if (end.kind === "idle" && session && exec.pendingStop) {
          // Paused while the guest waits in hlt: no instruction will start, stop here.
          const idleStop = exec.stopIdle();
          const reason = idleStop ? stopReason(idleStop) : null;
          if (idleStop && reason) {
            activeMs += now - batchStart;
            await session.enterStop(reason);
            break;
          }
        }
        if (end.kind === "idle" && virtual) {
          a.skipIdle(end.waitMs);
          if (now - batchStart >= BATCH_MS) { activeMs += now - batchStart; break; }
          continue;
        }
        if (end.kind === "idle") {
          activeMs += now - batchStart;
          // Sleeping counts as guest time: the guest is waiting for its timer.
          const t0 = monotonicMs();
          await sleep(Math.min(Math.max(end.waitMs, 0), Math.max(0, wallLimit - activeMs)));
          activeMs += monotonicMs() - t0;
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
        s += cp437Char(c);
      }
      lines.push(s.replace(/\s+$/, ""));
    }
    return lines;
  }

  vgaFramebuffer(): ReturnType<Machine["vgaFramebuffer"]> { return this.adapter.framebuffer(); }

  serialWrite(data: string | Uint8Array): void {
    const tt = this.current && !this.current.done ? this.current.tt : null;
    if (tt) { if (!tt.opts.inputsAt) tt.queue.push({ kind: "serial", bytes: [...(typeof data === "string" ? new TextEncoder().encode(data) : data)] }); return; }
    this.adapter.serialInput(typeof data === "string" ? new TextEncoder().encode(data) : data);
  }

  /** During a run keys wait in the run's GuestInput until the guest can take them (emulator/input.ts). */
  sendKeys(keys: string): void {
    const run = this.current;
    if (run && !run.done) run.input.type(keys);
    else this.adapter.keyboardScancodes(scancodes(keys));
  }

  /** What GuestInput needs of this machine. */
  private readonly inputDevice: InputDevice = {
    keyboardReady: () => this.adapter.keyboardReady(),
    keyboardScancodes: (codes) => this.adapter.keyboardScancodes(codes),
    serialInput: (bytes) => this.adapter.serialInput(bytes),
    vgaWrites: () => this.adapter.vgaWrites(),
    screen: () => this.vgaText(),
    eip: () => this.adapter.registers().eip,
  };

  sendScancodes(codes: readonly number[]): void {
    const tt = this.current && !this.current.done ? this.current.tt : null;
    if (tt) { if (!tt.opts.inputsAt) tt.queue.push({ kind: "keys", codes: [...codes] }); return; }
    this.adapter.keyboardScancodes([...codes]);
  }

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

/**
 * planLoad, remembered per kernel array: warm reboots of the same image skip parsing the ELF again. The
 * remembered copy is compared byte for byte first, so a caller that edits the array in place gets a new plan.
 */
const plans = new WeakMap<Uint8Array, { copy: Uint8Array; memoryBytes: number; loader: LoaderName; result: ReturnType<typeof planLoad> }>();
function cachedPlan(kernel: Uint8Array, memoryBytes: number, loader: LoaderName): ReturnType<typeof planLoad> {
  const hit = plans.get(kernel);
  if (hit && hit.memoryBytes === memoryBytes && hit.loader === loader && sameBytes(hit.copy, kernel)) return hit.result;
  const copy = kernel.slice();
  const result = planLoad(copy, memoryBytes, loader);
  plans.set(kernel, { copy, memoryBytes, loader, result });
  return result;
}

type Listener<T> = (value: T) => void;

class RunImpl implements Run {
  readonly result: Promise<RunResult>;
  readonly serial: SerialSink;
  /** Keys held until the guest can take them, and the expect script (BootOptions.keys, .script). */
  readonly input: GuestInput;
  readonly previous: Promise<unknown> | null;
  private resolveResult!: (r: RunResult) => void;
  private rejectResult!: (e: unknown) => void;
  private readonly byteListeners: Listener<Uint8Array>[] = [];
  private readonly debugconListeners: Listener<Uint8Array>[] = [];
  /** Port 0xE9 output: the same bookkeeping as COM1 (lines are not used). */
  readonly debugcon: SerialSink;
  loader: LoaderName | null = null;
  private readonly lineListeners: Listener<string>[] = [];
  private readonly checkpointListeners: Listener<Checkpoint>[] = [];
  private readonly lineQueues: { queue: string[]; wake: (() => void) | null }[] = [];
  private readonly checkpoints: RunResult["checkpoints"] = [];
  private pendingCheckpoint: number | null = null;
  private readonly startedAt = monotonicMs();
  exitCode: number | null = null;
  debug: Debugger | undefined = undefined;
  timeTravel: TimeTravelControl | undefined = undefined;
  recording: LiveRecording | undefined = undefined;
  /** Time-travel bookkeeping (BootOptions.record / timeTravel); null for other runs. */
  tt: TimeTravelRun | null = null;
  stopRequested = false;
  done = false;

  constructor(private readonly machine: MachineImpl, private readonly opts: BootOptions) {
    this.previous = machine.currentDone();
    this.input = new GuestInput(opts.script ?? [], opts.keys);
    this.result = new Promise((resolve, reject) => { this.resolveResult = resolve; this.rejectResult = reject; });
    this.serial = new SerialSink(opts.serialTailBytes ?? 64 * 1024, (b) => {
      for (const fn of this.byteListeners) fn(b);
    }, (line) => {
      for (const fn of this.lineListeners) fn(line);
      for (const q of this.lineQueues) { q.queue.push(line); q.wake?.(); }
    });
    this.debugcon = new SerialSink(opts.serialTailBytes ?? 64 * 1024, (b) => {
      for (const fn of this.debugconListeners) fn(b);
    }, () => {});
  }

  on(event: "serial", fn: (bytes: Uint8Array) => void): void;
  on(event: "serial-line", fn: (line: string) => void): void;
  on(event: "checkpoint", fn: (cp: Checkpoint) => void): void;
  on(event: "debugcon", fn: (bytes: Uint8Array) => void): void;
  on(event: "serial" | "serial-line" | "checkpoint" | "debugcon", fn: Listener<never>): void {
    if (event === "serial") this.byteListeners.push(fn as Listener<Uint8Array>);
    else if (event === "debugcon") this.debugconListeners.push(fn as Listener<Uint8Array>);
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

  stop(): void {
    this.stopRequested = true;
    if (this.debug instanceof DebugSession) this.debug.release();
    this.machine.wake();
  }

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

  finish(verdict: Verdict, registers: Registers, instructions = 0, crash?: CrashReport): void {
    if (this.done) return;
    this.serial.finish();
    this.debugcon.finish();
    this.done = true;
    for (const q of this.lineQueues) q.wake?.();
    this.resolveResult({
      verdict, serial: this.serial.text(), serialTotalBytes: this.serial.total,
      debugcon: this.debugcon.text(), debugconTotalBytes: this.debugcon.total, loader: this.loader, registers,
      checkpoints: this.checkpoints, wallMs: monotonicMs() - this.startedAt, instructions,
      ...(crash ? { crash } : {}),
    });
  }
}

/** What a MachineState's `core` holds. */
interface StateCore { adapter: AdapterState; tickAt: number; pointAt: number; pointN: number }

/** The time-travel state of one run: its hooks, the input point it last passed, host input waiting for the next point. */
class TimeTravelRun {
  pointAt = -1;
  pointN = 0;
  readonly queue: ({ kind: "keys"; codes: number[] } | { kind: "serial"; bytes: number[] })[] = [];
  /** A replay holding at its end with this verdict. */
  ended: Verdict | null = null;
  constructor(readonly opts: TimeTravelOptions) {}
}

const VECTOR_NAMES = ["#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "15", "#MF", "#AC", "#MC", "#XM", "#VE"];
function vectorName(v: number): string { return VECTOR_NAMES[v] ?? `vector ${v}`; }
