/**
 * The i386 target description GDB reads with qXfer:features:read, as data: the register list decides the
 * XML, the `g` packet layout and the `p`/`P` register numbers, so the three cannot disagree. Not the
 * protocol (framing.ts) and not what a packet does (commands.ts).
 *
 * GDB's i386 architecture requires the feature "org.gnu.gdb.i386.core" with the 16 general and segment
 * registers AND the 16 x87 registers, in GDB's own order (i386-tdep.c numbers them 0-31). kernlab's engine
 * does not expose the FPU, so the x87 registers are reported unavailable ("xx…"). The control registers
 * are an extra feature, "org.kernlab.i386.sys", numbered after the core (GDB shows them in `info registers`;
 * they are writable with `set $cr3 = …`, as in QEMU's "org.qemu.gdb.i386.sys"). No SSE feature: GDB runs
 * an i386 target without one (xcr0 = x87 only).
 */
import type { WritableRegister } from "./api";

export interface RegisterDef {
  name: string;
  /** Size in bits. */
  bits: 32 | 80;
  type: "int32" | "uint32" | "code_ptr" | "data_ptr" | "i386_eflags" | "i387_ext";
  /** GDB register group, when not the default for the type. */
  group?: "general" | "float" | "system";
  /** The FullRegisters field it reads and writes; null = not available from the engine (x87). */
  field: WritableRegister | null;
  feature: "core" | "sys";
}

const gp = (name: WritableRegister, type: RegisterDef["type"] = "int32"): RegisterDef => ({ name, bits: 32, type, field: name, feature: "core" });
const x87 = (name: string, bits: 32 | 80): RegisterDef => ({ name, bits, type: bits === 80 ? "i387_ext" : "int32", group: "float", field: null, feature: "core" });
const sys = (name: WritableRegister): RegisterDef => ({ name, bits: 32, type: "uint32", group: "system", field: name, feature: "sys" });

/** In GDB's order; the index is the register number of `p`/`P`. */
export const REGISTERS: readonly RegisterDef[] = [
  gp("eax"), gp("ecx"), gp("edx"), gp("ebx"), gp("esp", "data_ptr"), gp("ebp", "data_ptr"), gp("esi"), gp("edi"),
  gp("eip", "code_ptr"), gp("eflags", "i386_eflags"),
  gp("cs"), gp("ss"), gp("ds"), gp("es"), gp("fs"), gp("gs"),
  ...["st0", "st1", "st2", "st3", "st4", "st5", "st6", "st7"].map((n) => x87(n, 80)),
  ...["fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"].map((n) => x87(n, 32)),
  sys("cr0"), sys("cr2"), sys("cr3"), sys("cr4"),
];

/** How many registers the `g` packet carries: the general and segment registers (the rest go by `p`). */
export const G_PACKET_REGISTERS = 16;

export const registerNumber = (name: string): number => REGISTERS.findIndex((r) => r.name === name);

const EFLAGS_TYPE = `  <flags id="i386_eflags" size="4">
    <field name="CF" start="0" end="0"/>
    <field name="" start="1" end="1"/>
    <field name="PF" start="2" end="2"/>
    <field name="AF" start="4" end="4"/>
    <field name="ZF" start="6" end="6"/>
    <field name="SF" start="7" end="7"/>
    <field name="TF" start="8" end="8"/>
    <field name="IF" start="9" end="9"/>
    <field name="DF" start="10" end="10"/>
    <field name="OF" start="11" end="11"/>
    <field name="NT" start="14" end="14"/>
    <field name="RF" start="16" end="16"/>
    <field name="VM" start="17" end="17"/>
    <field name="AC" start="18" end="18"/>
    <field name="VIF" start="19" end="19"/>
    <field name="VIP" start="20" end="20"/>
    <field name="ID" start="21" end="21"/>
  </flags>
`;

function regXml(r: RegisterDef, n: number): string {
  return `  <reg name="${r.name}" bitsize="${r.bits}" type="${r.type}" regnum="${n}"${r.group ? ` group="${r.group}"` : ""}/>\n`;
}

function featureXml(name: string, feature: RegisterDef["feature"], extra = ""): string {
  const regs = REGISTERS.map((r, n) => (r.feature === feature ? regXml(r, n) : "")).join("");
  return `<feature name="${name}">\n${extra}${regs}</feature>\n`;
}

/** The documents GDB may ask for by annex name. */
export const TARGET_DOCUMENTS: Readonly<Record<string, string>> = {
  "target.xml": `<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
<architecture>i386</architecture>
${featureXml("org.gnu.gdb.i386.core", "core", EFLAGS_TYPE)}${featureXml("org.kernlab.i386.sys", "sys")}</target>
`,
};
