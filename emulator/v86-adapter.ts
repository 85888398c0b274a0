/**
 * The one door to v86: everything that touches v86 internals lives here (new V86, cpu.reg32, io.register_write,
 * the exit and checkpoint ports, the VGA device's memory, the instruction counter, main_loop slices, device
 * reset). The rest of emulator/ sees V86Adapter's small typed surface. This file decides no verdicts and
 * writes no kernel images (machine.ts and loader.ts do).
 *
 * How a run is driven: v86's own main loop is timer driven; kernlab instead calls the CPU's main_loop()
 * synchronously in slices (each ends after ~1 ms of guest time or when the CPU halts) and checks its own stop
 * flags between slices. A guest write to the exit or checkpoint port "parks" the CPU: in_hlt = 1 and IF = 0, so
 * main_loop returns right after the `out` instruction without delivering an interrupt; unpark restores IF.
 * v86's kvm-unit-test handler for 0xF4 (which throws "HALT" through wasm frames) is never installed, because
 * kernlab loads kernels itself instead of using v86's multiboot option ROM.
 *
 * Guest time: every timer in v86 (PIT, RTC, APIC, ACPI; in JS and in wasm) reads the one function
 * `v86.microtick` (the wasm gets it as an import). kernlab replaces it, once per thread, with a dispatcher to the
 * adapter that is running: host wall time ("realtime"), or a virtual clock that advances with the instruction
 * counter and jumps over `hlt` waits ("virtual", see setClock).
 */
import { monotonicMs } from "../core/clock";
import { allExports } from "../core/wasm-export-table";
import { V86 } from "v86";
import { CHECKPOINT_PORT, EXIT_PORT, type FullRegisters, type Registers } from "./index";
import type { EntryState } from "./loader";
import { DEBUG_COUNTDOWN, DEBUG_DELIVER_EXPORT, DEBUG_IMPORT_MODULE, type DebugImports } from "./v86-fixes/debug-abi";

/** call_interrupt_vector(vector, is_software_int, has_error_code, error_code) as the patched module exports it. */
type DeliverVector = (vector: number, software: number, hasErrorCode: number, errorCode: number) => void;

const FLAG_INTERRUPT = 0x200;
const FLAGS_RESERVED = 0x2;
/** v86 keeps segment registers in this order. */
const ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5, TR = 6, LDTR = 7;

/** The parts of v86's CPU object kernlab uses (typed views into the wasm memory, and exported functions). */
interface V86Cpu {
  mem8: Uint8Array;
  reg32: Int32Array;
  sreg: Uint16Array;
  cr: Int32Array;
  flags: Int32Array;
  /** Which arithmetic flags are computed lazily from the last operation (0: all in `flags`). */
  flags_changed: Int32Array;
  in_hlt: Uint8Array;
  instruction_pointer: Int32Array;
  last_virt_eip: Int32Array;
  instruction_counter: Uint32Array;
  protected_mode: Int32Array;
  is_32: Int32Array;
  stack_size_32: Int32Array;
  cpl: Uint8Array;
  segment_is_null: Uint8Array;
  segment_offsets: Int32Array;
  segment_limits: Uint32Array;
  segment_access_bytes: Uint8Array;
  gdtr_offset: Int32Array;
  gdtr_size: Int32Array;
  idtr_offset: Int32Array;
  idtr_size: Int32Array;
  memory_size: Uint32Array;
  main_loop(): number;
  set_jit_config(index: number, value: number): void;
  reset_cpu(): void;
  get_eflags(): number;
  get_real_eip(): number;
  update_state_flags(): void;
  full_clear_tlb(): void;
  jit_clear_cache(): void;
  get_state_pic(): unknown;
  handle_irqs(): void;
  store_current_tsc(): void;
  set_tsc(low: number, high: number): void;
  run_hardware_timers(acpiEnabled: number, now: number): number;
  get_pic_addr_master?(): number;
  set_state_pic(s: unknown): void;
  io: {
    ports: V86Port[];
    register_write(port: number, device: object, w8?: ((v: number) => void) | null, w16?: ((v: number) => void) | null, w32?: ((v: number) => void) | null): void;
    register_read(port: number, device: object, r8?: (() => number) | null, r16?: (() => number) | null, r32?: (() => number) | null): void;
  };
  devices: Record<string, V86Device | undefined> & { vga?: V86Vga; uart0?: V86Uart; ps2?: V86Ps2 };
}
interface V86Device { get_state?(): unknown; set_state?(s: unknown): void }
/** One entry of v86's I/O port table: handlers are called with `device` as `this`. */
interface V86Port {
  device: object | undefined;
  read8(this: unknown, port: number): number; read16(this: unknown, port: number): number; read32(this: unknown, port: number): number;
  write8(this: unknown, v: number): void; write16(this: unknown, v: number): void; write32(this: unknown, v: number): void;
}
interface V86Vga extends V86Device {
  vga_memory_read(addr: number): number; vga_memory_write(addr: number, v: number): void; latch_dword: number;
  /** Bochs VBE (ports 0x1CE/0x1CF): the linear framebuffer mode. */
  svga_enabled: boolean; svga_width: number; svga_height: number; svga_bpp: number; svga_offset: number; svga_memory: Uint8Array;
  /** VGA graphics modes (mode 13h, mode 12h): the mode, the size, the pixel buffer replot fills from the planes. */
  graphical_mode: boolean; screen_width: number; screen_height: number; virtual_width: number;
  attribute_mode: number; color_select: number; color_plane_enable: number; dac_map: Uint8Array;
  /** The DAC: 0xRRGGBB per entry, 8 bits per primary (v86 widens the guest's 6-bit values: v << 2, low bit repeated). */
  vga256_palette: Int32Array;
  pixel_buffer: Uint8Array; diff_plot_min: number; diff_plot_max: number; vga_replot(): void;
  vga_memory: Uint8Array;
}
interface V86Uart extends V86Device { input: { clear?(): void; length: number } | number[] }
interface V86Ps2 extends V86Device { reset(): void; kbd_send_code(code: number): void; enable_keyboard_stream: boolean; kbd_buffer?: V86ByteQueue; mouse_buffer?: V86ByteQueue }
/** v86's ByteQueue (lib.js): a ring whose storage is private; read by shifting everything out and back in. */
interface V86ByteQueue { length: number; push(b: number): void; shift(): number; clear(): void }
interface V86Emulator {
  v86: { cpu: V86Cpu; destroy(): void };
  add_listener(event: string, fn: (value: unknown) => void): void;
  bus: { send(event: string, value: unknown): void };
  destroy(): Promise<void>;
}

/**
 * The imports of the debug-hooks fix: they call the hooks of the adapter being driven. Without hooks the
 * countdown is re-armed to its maximum, so an unwatched run never calls out again for 2^31 instructions.
 */
function debugImports(box: { adapter?: V86Adapter; memory?: WebAssembly.Memory }): DebugImports {
  return {
    before_instruction(opcode) {
      const hooks = box.adapter?.debugHooks;
      if (hooks) return hooks.before_instruction(opcode);
      if (box.memory) new Int32Array(box.memory.buffer)[DEBUG_COUNTDOWN >> 2] = 0x7fffffff;
      return 0;
    },
    breakpoint: (opcode) => box.adapter?.debugHooks?.breakpoint(opcode) ?? 0,
    interrupt: (vector, source, hasErrorCode, errorCode) => box.adapter?.debugHooks?.interrupt(vector, source, hasErrorCode, errorCode) ?? 0,
    control_register: (register, value) => box.adapter?.debugHooks?.control_register(register, value),
  };
}

/** What one main_loop slice ended with. */
export type SliceEnd =
  | { kind: "running" }
  | { kind: "parked" }                     // exit or checkpoint port written; CPU paused right after the `out`
  | { kind: "halted" }                     // hlt with IF = 0
  | { kind: "idle"; waitMs: number }       // hlt with IF = 1: waiting for an interrupt (timer in waitMs)
  | { kind: "trap"; message: string };     // v86 aborted (a triple fault is reported this way by v86)

/** The debug console port (Bochs' port-e9 hack, QEMU's -debugcon); reads return the port number, as QEMU's. */
export const DEBUGCON_PORT = 0xe9;

export interface AdapterEvents {
  serialByte(byte: number): void;
  debugconByte(byte: number): void;
  exit(code: number): void;
  checkpoint(id: number): void;
}

export interface AdapterOptions {
  memoryBytes: number;
  wasmModule: WebAssembly.Module;
  events: AdapterEvents;
  /** v86's x86→wasm JIT (default off: see MachineOptions.jit). */
  jit?: boolean;
}
/** v86's set_jit_config index for "JIT disabled". */
const JIT_DISABLED = 0;

const UNCOPYABLE = Symbol("uncopyable");

/**
 * Deep copy of a v86 device state (arrays, typed arrays, plain values); UNCOPYABLE for anything else.
 * With `shareLarge`, typed arrays over 4 KiB are passed as they are: v86's set_state copies device memories
 * (vga_memory, svga_memory, pixel_buffer) into its own arrays with .set(), so the baseline stays intact, and a
 * warm reset does not pay for copying them twice.
 */
function copyState(v: unknown, shareLarge = false): unknown {
  if (v === null || typeof v !== "object") return typeof v === "function" ? UNCOPYABLE : v;
  if (ArrayBuffer.isView(v)) return shareLarge && v.byteLength > 4096 ? v : (v as Uint8Array).slice();
  // v86 wraps some views into wasm memory in a Proxy (e.g. the VGA's svga_memory); its slice() copies.
  const wrapped = v as { length?: unknown; slice?: () => unknown };
  if (!Array.isArray(v) && typeof wrapped.length === "number" && typeof wrapped.slice === "function") return wrapped.slice();
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) { const c = copyState(x, shareLarge); if (c === UNCOPYABLE) return UNCOPYABLE; out.push(c); }
    return out;
  }
  return UNCOPYABLE;
}

/** Same state? Typed arrays over 4 KiB count as equal unless `compareLarge` (they are device memories). */
function sameState(a: unknown, b: unknown, compareLarge: boolean): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  const la = (a as { length?: unknown }).length, lb = (b as { length?: unknown }).length;
  if (typeof la !== "number" || la !== lb) return false;
  if (!Array.isArray(a) && la > 4096 && !compareLarge) return true;
  const xa = Array.isArray(a) || ArrayBuffer.isView(a) ? (a as ArrayLike<unknown>) : ((a as { slice(): ArrayLike<unknown> }).slice());
  const xb = b as ArrayLike<unknown>;
  for (let i = 0; i < la; i++) if (!sameState(xa[i], xb[i], compareLarge)) return false;
  return true;
}

/** Device states captured right after power-on, restored by warmReset() when they changed. */
const RESET_DEVICES = ["rtc", "pit", "dma", "uart0", "ps2", "vga", "fdc", "parallel0"] as const;
/**
 * Devices whose state changes only when the guest reads or writes their I/O ports (no timers, no host input).
 * warmReset compares their state only after such an access: get_state of the floppy controller alone costs
 * as much as the rest of the device checks. The DMA controller also moves when the floppy controller
 * transfers, so an access to the floppy's ports counts for the DMA controller too.
 */
const PORT_DRIVEN: Record<string, readonly string[]> = { fdc: ["fdc", "dma"], dma: ["dma"], parallel0: ["parallel0"] };

/** Where v86 keeps the CPU in its wasm memory (src/rust/cpu/global_pointers.rs): registers and lazy flags at
 *  64..127, then from segment_access_bytes (512) to the end of fpu_st (1152 + 8 * 16). 128..511 is the
 *  debug hooks' (v86-fixes/debug-abi.ts) and is not guest state. */
const CPU_LOW = [64, 128] as const;
const CPU_HIGH = [512, 1280] as const;
const V86_FLAGS = 120;
const V86_IN_HLT = 616;
const V86_COUNTER = 664;
const V86_CURRENT_TSC = 960;
/** Stands for a device memory in a saved device state (the memory itself is a space). */
const LARGE = "<space>";

/** One saved machine state without its memories (emulator/state.ts adds those). Plain data: arrays, typed arrays, numbers. */
export interface AdapterState {
  cpu: Uint8Array;
  pic: unknown;
  devices: [string, unknown][];
  uartInput: number[];
  keyboardBuffer: number[];
  mouseBuffer: number[];
  /** Virtual clock: instructions per ms, epoch, skipped ms, instructions at setClock. */
  clock: [number, number, number, number];
  instructions: number;
  keyboardPolled: boolean;
}

function readQueue(q: V86ByteQueue | undefined): number[] {
  if (!q) return [];
  const out: number[] = [];
  for (let n = q.length; n > 0; n--) { const b = q.shift(); out.push(b); q.push(b); }
  return out;
}

function writeQueue(q: V86ByteQueue | undefined, bytes: readonly number[]): void {
  if (!q) return;
  q.clear();
  for (const b of bytes) q.push(b);
}

/** The adapter whose guest is running (its clock is the one v86 reads); null: host wall time. */
let clockOwner: V86Adapter | null = null;
/** v86's own microtick (host wall time in ms), kept when the dispatcher replaces it. */
let hostNow: () => number = monotonicMs;
/** What v86 calls for the time, from JS devices and from wasm. */
const guestNow = (): number => (clockOwner ? clockOwner.now() : hostNow());

/** Route v86's static `microtick` (on the v86 CPU wrapper's constructor) through guestNow, once per thread. */
function installClock(emulator: V86Emulator): void {
  const statics = (emulator.v86 as unknown as { constructor: { microtick?: () => number } }).constructor;
  if (typeof statics.microtick !== "function" || statics.microtick === guestNow) return;
  hostNow = statics.microtick;
  statics.microtick = guestNow;
}

export class V86Adapter {
  private parked = false;
  private parkedIF = 0;
  private trapMessage = "";
  private readonly baseline = new Map<string, unknown>();
  private baselinePic: unknown;
  private counterBase = 0;
  private counterLast = 0;
  private destroyed = false;
  /** The guest (or host) wrote the VGA window since the last reset. */
  private vgaMemoryDirty = false;
  /** Writes to the VGA window since the adapter started (input.ts reads the screen again after a change). */
  private vgaWriteCount = 0;
  /** The guest read the keyboard controller's ports (0x60, 0x64) since the last reset. */
  private keyboardPolled = false;
  private alwaysCompareVga = false;
  /**
   * Port-driven devices (PORT_DRIVEN) the guest accessed since the last reset; null: not tracking, compare all.
   * Tracking starts after the first warm reset, so a one-shot run (no reset) never pays for wrapping the ports.
   */
  private touched: Set<string> | null = null;
  private trackingInstalled = false;
  /** Virtual clock: guest instructions per ms, or 0 for host wall time. */
  private instructionsPerMs = 0;
  /** Virtual clock: its value at the last setClock (the host time at power-on, so device baselines agree). */
  private clockEpoch = 0;
  /** Virtual clock: guest time skipped over `hlt` waits since the last setClock. */
  private skippedMs = 0;
  /** Virtual clock: instructions() at the last setClock. */
  private clockInstructions = 0;

  /** The execution-control hooks the patched wasm calls (emulator/exec-control.ts); null: none. */
  debugHooks: (DebugImports & { beforeSlice(): void }) | null = null;
  /** The patched module's call_interrupt_vector (DEBUG_DELIVER_EXPORT); null without the debug-hooks fix. */
  private deliverExport: DeliverVector | null = null;
  /** The wasm carries the debug-hooks fix (v86-fixes/debug-hooks.ts). */
  debuggable = false;
  private wasmMemory: WebAssembly.Memory | null = null;
  private jit = false;

  private constructor(private readonly emulator: V86Emulator, private readonly cpu: V86Cpu, readonly memoryBytes: number) {}

  /** v86's wasm memory (the debug hooks keep their state there: v86-fixes/debug-abi.ts). */
  wasmBuffer(): ArrayBuffer {
    return this.wasmMemory ? this.wasmMemory.buffer : (this.cpu.reg32.buffer as ArrayBuffer);
  }

  /** Interpreter only (true: compiled blocks dropped, none compiled), so every instruction passes the debug hooks. */
  bypassJit(on: boolean): void {
    this.cpu.set_jit_config(JIT_DISABLED, on || !this.jit ? 1 : 0);
    if (on) this.cpu.jit_clear_cache();
  }

  /** CR0, CR2, CR3 or CR4 as v86 holds it (cheap: for per-instruction checks). */
  controlRegister(n: 0 | 2 | 3 | 4): number { return this.cpu.cr[n]! >>> 0; }

  /** Stop at the current instruction boundary for the debugger (the same park as the exit port's). */
  parkForDebugger(): void { this.park(); }

  /**
   * Deliver an exception or interrupt now, through v86's call_interrupt_vector (the guest's IDT, its stack
   * frame, CR2 as it is): a vector the debugger caught before delivery. Call only from beforeSlice (inside
   * runSlice's trap handling) with the CPU not parked.
   */
  deliverVector(vector: number, software: boolean, errorCode: number | null): void {
    if (!this.deliverExport) throw new Error("deliverVector: this v86 build has no debug hooks");
    this.deliverExport(vector, software ? 1 : 0, errorCode === null ? 0 : 1, errorCode ?? 0);
  }

  /** Registers beyond Registers: descriptor tables, TR, LDTR, CPL. */
  fullRegisters(): FullRegisters {
    const cpu = this.cpu;
    return {
      ...this.registers(),
      gdtr: { base: cpu.gdtr_offset[0]! >>> 0, limit: cpu.gdtr_size[0]! & 0xffff },
      idtr: { base: cpu.idtr_offset[0]! >>> 0, limit: cpu.idtr_size[0]! & 0xffff },
      tr: cpu.sreg[TR]!, ldtr: cpu.sreg[LDTR]!, cpl: cpu.cpl[0]!,
    };
  }

  /** Write a register at a stop (eip is relative to CS's base, as the guest sees it). */
  setRegister(name: keyof Registers, value: number): void {
    const cpu = this.cpu;
    const gp: Record<string, number> = { eax: 0, ecx: 1, edx: 2, ebx: 3, esp: 4, ebp: 5, esi: 6, edi: 7 };
    const seg: Record<string, number> = { es: ES, cs: CS, ss: SS, ds: DS, fs: FS, gs: GS };
    if (name in gp) { cpu.reg32[gp[name]!] = value | 0; return; }
    if (name === "eip") { cpu.instruction_pointer[0] = (value + cpu.segment_offsets[CS]!) | 0; cpu.last_virt_eip[0] = -1; return; }
    if (name === "eflags") {
      if (this.parked) { this.parkedIF = value & FLAG_INTERRUPT; value &= ~FLAG_INTERRUPT; }
      cpu.flags[0] = value | FLAGS_RESERVED; // v86 computes flags lazily where flags_changed says: clear it
      cpu.flags_changed[0] = 0;
      return;
    }
    if (name in seg) { cpu.sreg[seg[name]!] = value & 0xffff; return; } // the selector only: no descriptor load
    const cr = { cr0: 0, cr2: 2, cr3: 3, cr4: 4 }[name as "cr0" | "cr2" | "cr3" | "cr4"];
    cpu.cr[cr] = value | 0;
    if (cr !== 2) cpu.full_clear_tlb();
  }

  static async create(opts: AdapterOptions): Promise<V86Adapter> {
    let trapText = "";
    const box: { adapter?: V86Adapter; memory?: WebAssembly.Memory; deliver?: DeliverVector } = {};
    const emulator = new V86({
      wasm_fn: async (imports: WebAssembly.Imports) => {
        // v86 prints Rust panics with console.error; keep the text as evidence instead of console noise.
        const env = imports["env"] as Record<string, unknown>;
        env["microtick"] = guestNow;
        const original = env["console_log_from_wasm"] as (offset: number, len: number) => void;
        let instanceMemory: WebAssembly.Memory | null = null;
        env["console_log_from_wasm"] = (offset: number, len: number) => {
          if (!instanceMemory) { original(offset, len); return; }
          const bytes = new Uint8Array(instanceMemory.buffer, offset >>> 0, len >>> 0);
          // "panicked at src/rust/cpu/cpu.rs:815:13:\nUnimplemented: #GP handler" → the last line.
          const text = new TextDecoder().decode(bytes).trim().split("\n").pop()!.trim();
          trapText = trapText ? trapText + "; " + text : text;
          if (box.adapter) box.adapter.trapMessage = trapText;
        };
        imports[DEBUG_IMPORT_MODULE] = { ...debugImports(box) };
        const instance = await WebAssembly.instantiate(opts.wasmModule, imports);
        instanceMemory = instance.exports["memory"] as WebAssembly.Memory;
        box.memory = instanceMemory;
        const exports = allExports(opts.wasmModule, instance); // the CLI's v86.wasm keeps its functions in a table (core/wasm-export-table.ts)
        const deliver = exports[DEBUG_DELIVER_EXPORT];
        if (typeof deliver === "function") box.deliver = deliver as DeliverVector;
        return exports;
      },
      memory_size: opts.memoryBytes,
      vga_memory_size: 256 * 1024,
      autostart: false,
      disable_speaker: true,
      disable_mouse: true,
      // No key listeners of its own on the page: the lab forwards keys only while its screen has focus (web/vga-view.ts).
      disable_keyboard: true,
      acpi: false,
      log_level: 0,
    } as unknown as ConstructorParameters<typeof V86>[0]) as unknown as V86Emulator;
    await new Promise<void>((resolve) => emulator.add_listener("emulator-loaded", () => resolve()));
    installClock(emulator);
    const cpu = emulator.v86.cpu;
    cpu.set_jit_config(JIT_DISABLED, opts.jit ? 0 : 1);
    // v86's start-up leaves a byte in conventional memory (0x28 at 0xEFDC) that a warm reset, which zeroes RAM,
    // does not: zero it here too, so a machine's first boot sees the RAM every later boot sees.
    cpu.mem8.fill(0, 0, 0xa0000);
    const adapter = new V86Adapter(emulator, cpu, cpu.memory_size[0]!);
    adapter.wasmMemory = box.memory ?? null;
    adapter.deliverExport = box.deliver ?? null;
    adapter.jit = !!opts.jit;
    adapter.debuggable = WebAssembly.Module.imports(opts.wasmModule).some((i) => i.module === DEBUG_IMPORT_MODULE);
    adapter.clockEpoch = hostNow();
    box.adapter = adapter;
    adapter.install(opts.events);
    const timers = cpu.run_hardware_timers.bind(cpu);
    let lastWait = 100;
    cpu.run_hardware_timers = (acpi: number, now: number) => (adapter.holdTimers?.() ? lastWait : (lastWait = timers(acpi, now)));
    const ps2 = cpu.devices.ps2;
    if (ps2) ps2.enable_keyboard_stream = true;
    adapter.captureBaseline();
    return adapter;
  }

  private install(events: AdapterEvents): void {
    const io = this.cpu.io;
    const adapter = this;
    const vga = this.cpu.devices.vga;
    if (vga) {
      // v86's VGA window handler calls this.vga_memory_write by name: note writes to know when a reset must
      // restore the VGA memory. If the device object cannot take the wrapper, always compare its memory.
      const write = vga.vga_memory_write.bind(vga);
      try {
        vga.vga_memory_write = (addr: number, value: number) => { this.vgaMemoryDirty = true; this.vgaWriteCount++; write(addr, value); };
      } catch {
        this.alwaysCompareVga = true;
      }
    }
    const exit = (v: number) => { this.park(); events.exit(v & 0xff); };
    io.register_write(EXIT_PORT, this.cpu, exit, exit, exit);
    const checkpoint = (v: number) => { this.park(); events.checkpoint(v >>> 0); };
    io.register_write(CHECKPOINT_PORT, this.cpu, checkpoint, checkpoint, checkpoint);
    io.register_write(DEBUGCON_PORT, this.cpu, (v) => events.debugconByte(v & 0xff));
    io.register_read(DEBUGCON_PORT, this.cpu, () => DEBUGCON_PORT);
    this.emulator.add_listener("serial0-output-byte", (b) => events.serialByte(b as number));
    // A guest reading the keyboard controller is listening for keys (keyboardReady).
    for (const port of [0x60, 0x64]) {
      const entry = io.ports?.[port];
      if (!entry) continue;
      const read8 = entry.read8;
      entry.read8 = function (this: unknown, p: number) { adapter.keyboardPolled = true; return read8.call(this, p); };
    }
  }

  /** Wrap the port handlers of PORT_DRIVEN devices so an access marks them for the next warm reset. */
  private trackPortDrivenDevices(): void {
    const ports = this.cpu.io.ports;
    if (!Array.isArray(ports) || ports.length !== 65536) return; // unknown v86 layout: compare every device
    const byDevice = new Map<object, readonly string[]>();
    for (const name of Object.keys(PORT_DRIVEN)) {
      const dev = this.cpu.devices[name];
      if (dev) byDevice.set(dev, PORT_DRIVEN[name]!);
    }
    const touched = new Set<string>();
    const HANDLERS = ["read8", "read16", "read32", "write8", "write16", "write32"] as const;
    for (const port of ports) {
      const marks = port.device ? byDevice.get(port.device) : undefined;
      if (!marks) continue;
      for (const h of HANDLERS) {
        const original = port[h] as (this: unknown, v: number) => number | void;
        (port as unknown as Record<string, unknown>)[h] = function (this: unknown, v: number) {
          for (const m of marks) touched.add(m);
          return original.call(this, v);
        };
      }
    }
    this.touched = touched;
  }

  private captureBaseline(): void {
    for (const name of RESET_DEVICES) {
      const dev = this.cpu.devices[name];
      if (!dev?.get_state || !dev.set_state) continue;
      const copy = copyState(dev.get_state());
      if (copy !== UNCOPYABLE) this.baseline.set(name, copy);
    }
    this.baselinePic = copyState(this.cpu.get_state_pic());
  }

  /** Stop the current slice after the instruction that is executing now (used by the port handlers and the debugger). */
  private park(): void {
    if (this.parked) return;
    this.parked = true;
    this.parkedIF = this.cpu.flags[0]! & FLAG_INTERRUPT;
    this.cpu.flags[0] = this.cpu.flags[0]! & ~FLAG_INTERRUPT;
    this.cpu.in_hlt[0] = 1;
  }

  /** Continue after a checkpoint. */
  unpark(): void {
    if (!this.parked) return;
    this.parked = false;
    this.cpu.flags[0] = this.cpu.flags[0]! | this.parkedIF;
    this.cpu.in_hlt[0] = 0;
  }

  get isParked(): boolean { return this.parked; }

  // ---- machine state (time travel: emulator/state.ts) ----

  /**
   * While true, v86's device timers (PIT, RTC) do not run when main_loop calls them. The time-travel driver
   * holds them at stops the host adds (a seek's target, a breakpoint), so that where a host stops never
   * changes when a timer interrupt lands: the run repeats whatever the stops.
   */
  holdTimers: (() => boolean) | null = null;

  /** Deliver a pending interrupt now (v86's handle_irqs: only with IF = 1), as main_loop does after its timers. */
  handleIrqs(): void {
    clockOwner = this;
    this.cpu.handle_irqs();
  }

  /**
   * The byte regions a state is made of besides the CPU: guest RAM, and the VGA's memories (planes, the
   * Bochs VBE framebuffer, the rendered pixels). Fresh views each call (v86's wasm memory can grow).
   */
  spaces(): { name: string; bytes: Uint8Array }[] {
    const out = [{ name: "ram", bytes: this.cpu.mem8 }];
    const vga = this.cpu.devices.vga;
    if (vga) {
      out.push({ name: "vga", bytes: vga.vga_memory });
      const s = vga.svga_memory;
      out.push({ name: "svga", bytes: new Uint8Array(s.buffer, s.byteOffset, s.length) });
      out.push({ name: "pixels", bytes: vga.pixel_buffer });
    }
    return out;
  }

  /** CPU, FPU, PIC, devices and the adapter's own bookkeeping (not RAM or VGA memory: spaces()). */
  saveState(): AdapterState {
    const cpu = this.cpu;
    cpu.store_current_tsc();
    const wasm = new Uint8Array(this.wasmBuffer());
    const bytes = new Uint8Array(CPU_LOW[1] - CPU_LOW[0] + CPU_HIGH[1] - CPU_HIGH[0]);
    bytes.set(wasm.subarray(CPU_LOW[0], CPU_LOW[1]), 0);
    bytes.set(wasm.subarray(CPU_HIGH[0], CPU_HIGH[1]), CPU_LOW[1] - CPU_LOW[0]);
    if (this.parked) {
      // Saved as the guest sees it: the park (IF cleared, in_hlt set) is the host's, not the guest's.
      const dv = new DataView(bytes.buffer);
      const flagsAt = V86_FLAGS - CPU_LOW[0];
      dv.setInt32(flagsAt, dv.getInt32(flagsAt, true) | this.parkedIF, true);
      bytes[V86_IN_HLT - CPU_HIGH[0] + (CPU_LOW[1] - CPU_LOW[0])] = 0;
    }
    const devices: [string, unknown][] = [];
    for (const name of RESET_DEVICES) {
      const dev = cpu.devices[name];
      if (!dev?.get_state) continue;
      let state = dev.get_state();
      if (name === "vga" && Array.isArray(state) && cpu.devices.vga) {
        const v = cpu.devices.vga;
        state = state.map((x: unknown) => (x === v.vga_memory || x === v.svga_memory || x === v.pixel_buffer ? LARGE : x));
      }
      const copy = copyState(state);
      if (copy !== UNCOPYABLE) devices.push([name, copy]);
    }
    const uart = cpu.devices.uart0, ps2 = cpu.devices.ps2;
    return {
      cpu: bytes,
      pic: copyState(cpu.get_state_pic()),
      devices,
      uartInput: uart && Array.isArray(uart.input) ? [...uart.input] : [],
      keyboardBuffer: readQueue(ps2?.kbd_buffer),
      mouseBuffer: readQueue(ps2?.mouse_buffer),
      clock: [this.instructionsPerMs, this.clockEpoch, this.skippedMs, this.clockInstructions],
      instructions: this.instructions(),
      keyboardPolled: this.keyboardPolled,
    };
  }

  /** Put a saveState() back (the spaces are restored by the caller first). A parked adapter stays parked. */
  restoreState(state: AdapterState): void {
    const cpu = this.cpu;
    clockOwner = this;
    const wasParked = this.parked;
    const wasm = new Uint8Array(this.wasmBuffer());
    wasm.set(state.cpu.subarray(0, CPU_LOW[1] - CPU_LOW[0]), CPU_LOW[0]);
    wasm.set(state.cpu.subarray(CPU_LOW[1] - CPU_LOW[0]), CPU_HIGH[0]);
    [this.instructionsPerMs, this.clockEpoch, this.skippedMs, this.clockInstructions] = state.clock;
    const counter = new Uint32Array(this.wasmBuffer(), 0, 1024)[V86_COUNTER >> 2]!;
    this.counterBase = state.instructions;
    this.counterLast = counter;
    const tsc = new DataView(state.cpu.buffer, state.cpu.byteOffset).getBigUint64(V86_CURRENT_TSC - CPU_HIGH[0] + (CPU_LOW[1] - CPU_LOW[0]), true);
    cpu.set_tsc(Number(tsc & 0xffffffffn), Number(tsc >> 32n));
    cpu.set_state_pic(copyState(state.pic));
    const vga = cpu.devices.vga;
    for (const [name, saved] of state.devices) {
      const dev = cpu.devices[name];
      if (!dev?.set_state) continue;
      let s = copyState(saved);
      if (name === "vga" && Array.isArray(s) && vga) {
        // The large memories were restored in place (spaces()); hand set_state the live arrays back.
        const live = vga.get_state!() as unknown[];
        s = s.map((x: unknown, i: number) => (x === LARGE ? live[i] : x));
        if (sameState(s, live, false)) continue; // set_state redraws: skip when nothing but memory changed
      }
      dev.set_state(s);
    }
    const uart = cpu.devices.uart0, ps2 = cpu.devices.ps2;
    if (uart) uart.input = [...state.uartInput];
    writeQueue(ps2?.kbd_buffer, state.keyboardBuffer);
    writeQueue(ps2?.mouse_buffer, state.mouseBuffer);
    this.keyboardPolled = state.keyboardPolled;
    cpu.update_state_flags();
    cpu.full_clear_tlb();
    cpu.jit_clear_cache();
    this.parked = false;
    if (wasParked) this.park();
  }

  /** Power-on state without re-creating the instance: CPU reset, RAM zeroed, devices back to their first state. */
  warmReset(): void {
    const cpu = this.cpu;
    clockOwner = this;
    this.parked = false;
    this.trapMessage = "";
    cpu.reset_cpu();
    cpu.mem8.fill(0);
    const touched = this.touched;
    for (const [name, state] of this.baseline) {
      if (touched && name in PORT_DRIVEN && !touched.has(name)) continue; // untouched since its last restore
      const dev = cpu.devices[name]!;
      // set_state is costly for the VGA (it redraws); restore only devices whose state changed.
      if (!sameState(dev.get_state!(), state, name === "vga" && (this.vgaMemoryDirty || this.alwaysCompareVga))) dev.set_state!(copyState(state, true));
    }
    this.vgaMemoryDirty = false;
    this.keyboardPolled = false;
    touched?.clear();
    if (!this.trackingInstalled) { this.trackingInstalled = true; this.trackPortDrivenDevices(); } // every device is at baseline now
    cpu.set_state_pic(copyState(this.baselinePic));
    const uart = cpu.devices.uart0;
    if (uart) uart.input = [];
    const ps2 = cpu.devices.ps2;
    if (ps2) { ps2.reset(); ps2.enable_keyboard_stream = true; } // as a BIOS leaves it: scanning enabled
    cpu.full_clear_tlb();
    cpu.jit_clear_cache();
    cpu.instruction_counter[0] = 0;
    this.counterBase = 0;
    this.counterLast = 0;
  }

  /** The multiboot machine state (Multiboot spec 3.2): flat 32-bit protected mode, paging off, IF = 0, and the loader's registers. */
  enterProtectedMode(state: EntryState): void {
    const cpu = this.cpu;
    const r = cpu.reg32;
    r[0] = state.eax; r[1] = state.ecx; r[2] = state.edx; r[3] = state.ebx;
    r[4] = state.esp; r[5] = state.ebp; r[6] = state.esi; r[7] = state.edi;
    cpu.cr[0] = 0x11; // PE | ET
    cpu.cr[2] = 0; cpu.cr[3] = 0; cpu.cr[4] = 0;
    cpu.protected_mode[0] = 1;
    cpu.flags[0] = (state.eflags | FLAGS_RESERVED) & ~FLAG_INTERRUPT;
    cpu.flags_changed[0] = 0;
    cpu.is_32[0] = 1;
    cpu.stack_size_32[0] = 1;
    cpu.cpl[0] = 0;
    cpu.gdtr_offset[0] = state.gdtBase;
    cpu.gdtr_size[0] = state.gdtLimit;
    cpu.idtr_offset[0] = state.idtBase;
    cpu.idtr_size[0] = state.idtLimit;
    for (let i = 0; i < 6; i++) {
      cpu.segment_is_null[i] = 0;
      cpu.segment_offsets[i] = 0;
      cpu.segment_limits[i] = 0xffffffff;
      cpu.segment_access_bytes[i] = i === CS ? 0x9b : 0x93;
      cpu.sreg[i] = i === CS ? state.codeSelector : state.dataSelector;
    }
    cpu.instruction_pointer[0] = state.eip | 0;
    cpu.in_hlt[0] = 0;
    cpu.update_state_flags();
    cpu.full_clear_tlb();
  }

  /**
   * The guest's clock from now on (call after warmReset, before the first slice). null: host wall time.
   * `{ mips }`: virtual time, `mips` million guest instructions per second, starting at the time of power-on
   * (the time in the devices' baseline), so every boot of the same kernel with the same input takes its timer
   * interrupts at the same instructions.
   */
  setClock(clock: { mips: number } | null): void {
    this.instructionsPerMs = clock ? clock.mips * 1000 : 0;
    this.skippedMs = 0;
    this.clockInstructions = this.instructions();
  }

  /** The guest's time in ms, as v86's timers read it. */
  now(): number {
    if (this.instructionsPerMs === 0) return hostNow();
    return this.clockEpoch + this.guestMs();
  }

  /** Virtual clock only: guest ms since setClock (instructions run, plus waits skipped). */
  guestMs(): number {
    return this.skippedMs + (this.instructions() - this.clockInstructions) / this.instructionsPerMs;
  }

  /** Virtual clock only: the guest waits in `hlt` for a timer `ms` away; let that time pass at once. */
  skipIdle(ms: number): void {
    this.skippedMs += Math.max(ms, 0.001);
  }

  /** Run one main_loop slice and say how it ended. Never throws for guest behaviour. */
  runSlice(): SliceEnd {
    const cpu = this.cpu;
    clockOwner = this;
    let waitMs = 0;
    try {
      if (!this.parked) this.debugHooks?.beforeSlice();
      waitMs = cpu.main_loop();
    } catch (e) {
      this.countInstructions();
      const msg = this.trapMessage || (e instanceof Error ? e.message : String(e));
      return { kind: "trap", message: msg };
    }
    this.countInstructions();
    if (this.parked) return { kind: "parked" };
    if (cpu.in_hlt[0]) {
      if (!(cpu.flags[0]! & FLAG_INTERRUPT)) return { kind: "halted" };
      return { kind: "idle", waitMs: Math.max(0, waitMs) };
    }
    return { kind: "running" };
  }

  private countInstructions(): void {
    const now = this.cpu.instruction_counter[0]!;
    this.counterBase += (now - this.counterLast) >>> 0;
    this.counterLast = now;
  }

  /** Guest instructions executed since warmReset (not limited to 32 bits). */
  instructions(): number {
    this.countInstructions();
    return this.counterBase;
  }

  /** Live view of guest RAM. Copy what must outlive the next instruction. */
  ram(): Uint8Array {
    return this.cpu.mem8;
  }

  /** A byte of the VGA window as the guest reads it (offset 0 = physical 0xA0000), without disturbing the latches. */
  vgaRead(offset: number): number {
    const vga = this.cpu.devices.vga;
    if (!vga) return 0xff;
    const latch = vga.latch_dword;
    const v = vga.vga_memory_read(0xa0000 + offset);
    vga.latch_dword = latch;
    return v & 0xff;
  }

  /**
   * The picture of a graphics mode, else null (text mode): the Bochs VBE linear framebuffer while the guest has it
   * enabled (a copy of its visible bytes; 8 bpp with the DAC palette), or a VGA graphics mode (mode 13h's 256
   * colours, the 16-colour planar modes) as one palette index per pixel with the DAC palette. The VGA pixels come
   * from v86's own replot of the planes (chain-4, Mode X and planar addressing as v86 displays them); the replot
   * only refreshes v86's pixel cache, and the bounds of its pending redraw are restored.
   */
  framebuffer(): { width: number; height: number; bpp: number; bytes: Uint8Array; palette?: Uint8Array; source: "vbe" | "vga" } | null {
    const vga = this.cpu.devices.vga;
    if (!vga) return null;
    const palette = () => {
      const p = new Uint8Array(768);
      for (let i = 0; i < 256; i++) { const c = vga.vga256_palette[i]!; p[i * 3] = (c >> 16) & 255; p[i * 3 + 1] = (c >> 8) & 255; p[i * 3 + 2] = c & 255; }
      return p;
    };
    if (vga.svga_enabled) {
      if (!vga.svga_width || !vga.svga_height) return null;
      const length = Math.min(vga.svga_width * vga.svga_height * Math.ceil(vga.svga_bpp / 8), vga.svga_memory.length - vga.svga_offset);
      const bytes = vga.svga_memory.slice(vga.svga_offset, vga.svga_offset + Math.max(0, length));
      return { width: vga.svga_width, height: vga.svga_height, bpp: vga.svga_bpp, bytes, source: "vbe", ...(vga.svga_bpp === 8 ? { palette: palette() } : {}) };
    }
    const w = vga.screen_width, h = vga.screen_height, stride = vga.virtual_width;
    if (!vga.graphical_mode || !w || !h || !stride || typeof vga.vga_replot !== "function") return null;
    const [min, max] = [vga.diff_plot_min, vga.diff_plot_max];
    vga.diff_plot_min = 0;
    vga.diff_plot_max = Math.min(stride * h, vga.pixel_buffer.length) - 1;
    vga.vga_replot();
    vga.diff_plot_min = min;
    vga.diff_plot_max = max;
    // the attribute controller's colour path, as v86's vga_redraw applies it
    const eight = (vga.attribute_mode & 0x40) !== 0;
    let mask = eight ? 0xff : 0x3f, colorset = 0;
    if (vga.attribute_mode & 0x80) { mask &= 0xcf; colorset |= (vga.color_select << 4) & 0x30; }
    if (!eight) colorset |= (vga.color_select << 4) & 0xc0;
    const bytes = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = vga.pixel_buffer[y * stride + x] ?? 0;
        bytes[y * w + x] = eight ? (v & mask) | colorset : (vga.dac_map[v & vga.color_plane_enable]! & mask) | colorset;
      }
    }
    return { width: w, height: h, bpp: 8, bytes, palette: palette(), source: "vga" };
  }

  vgaWrite(offset: number, value: number): void {
    this.cpu.devices.vga?.vga_memory_write(0xa0000 + offset, value & 0xff);
  }

  registers(): Registers {
    const cpu = this.cpu, r = cpu.reg32, s = cpu.sreg;
    let eflags = cpu.get_eflags() >>> 0;
    if (this.parked) eflags = (eflags & ~FLAG_INTERRUPT) | this.parkedIF;
    return {
      eax: r[0]! >>> 0, ecx: r[1]! >>> 0, edx: r[2]! >>> 0, ebx: r[3]! >>> 0,
      esp: r[4]! >>> 0, ebp: r[5]! >>> 0, esi: r[6]! >>> 0, edi: r[7]! >>> 0,
      eip: cpu.get_real_eip() >>> 0, eflags,
      es: s[ES]!, cs: s[CS]!, ss: s[SS]!, ds: s[DS]!, fs: s[FS]!, gs: s[GS]!,
      cr0: cpu.cr[0]! >>> 0, cr2: cpu.cr[2]! >>> 0, cr3: cpu.cr[3]! >>> 0, cr4: cpu.cr[4]! >>> 0,
    };
  }

  /**
   * Turn v86's x86→wasm JIT on or off from the next block on (hot blocks are compiled asynchronously, so the
   * driver must yield to the event loop for compiled code to arrive: machine.ts does every 2 ms).
   */
  setJit(on: boolean): void {
    this.cpu.set_jit_config(JIT_DISABLED, on ? 0 : 1);
  }

  /** Queue bytes into COM1's receive buffer (raises the UART's interrupt if the guest enabled it). */
  serialInput(bytes: Uint8Array): void {
    clockOwner = this;
    for (const b of bytes) this.emulator.bus.send("serial0-input", b);
  }

  /**
   * The guest can take keys now: it read port 0x60 or 0x64 since the last reset (polling), or IRQ 1 is
   * unmasked at the master PIC while IF = 1 (interrupt driven).
   */
  keyboardReady(): boolean {
    if (this.keyboardPolled) return true;
    const eflags = this.parked ? this.parkedIF : this.cpu.flags[0]!;
    if (!(eflags & FLAG_INTERRUPT)) return false;
    // v86 keeps the 8259s in wasm memory (pic.rs, #[repr(C)] Pic0: irq_mask first, a bit set = enabled,
    // the inverse of the OCW1 the guest wrote); JS's port table does not see ports 0x20/0x21.
    const at = this.cpu.get_pic_addr_master?.();
    if (typeof at !== "number") return true; // unknown v86 layout: deliver at once, as before
    return (new Uint8Array(this.cpu.mem8.buffer, at >>> 0, 1)[0]! & 0x02) !== 0;
  }

  /** Guest writes to the VGA window so far (a change counter). */
  vgaWrites(): number { return this.vgaWriteCount; }

  /** Queue PS/2 set-1 scancodes in the keyboard controller. */
  keyboardScancodes(codes: number[]): void {
    clockOwner = this;
    for (const c of codes) this.emulator.bus.send("keyboard-code", c);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (clockOwner === this) clockOwner = null;
    try {
      void this.emulator.destroy().catch(() => {});
    } catch {
      // v86 after an abort may fail to tear down; the instance is dropped either way.
    }
  }
}
