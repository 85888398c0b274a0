/**
 * Program headers from a script's PHDRS command, as GNU ld 2.40 makes them: ld's lang_record_phdrs decides
 * which output sections go into which header (`:name` lists, inheritance from the previous section), then
 * bfd's assign_file_positions_for_load_sections / _for_non_load_sections lay the file out from exactly those
 * headers (no PT_LOAD of ld's own, no PT_GNU_STACK, no PT_NOTE unless asked for). Decides no addresses.
 */
import { diagnostic, type Diagnostic } from "../../../core/diagnostics";
import { hex } from "../../../core/hex";
import { EHDR_SIZE, PF_R, PF_W, PF_X, PHDR_SIZE, PT_LOAD, PT_NOTE, SHF_ALLOC, SHF_EXECINSTR, SHF_TLS, SHF_WRITE, SHT_NOBITS, SHT_NOTE } from "../../elf/elf32";
import type { Expr, LinkerScript, OutputSectionCommand, PhdrCommand } from "../script/ast";
import type { OutputSection, Statement } from "./types";

const PT_DYNAMIC = 2, PT_PHDR = 6, PT_TLS = 7, PT_GNU_STACK = 0x6474e551, PT_GNU_RELRO = 0x6474e552, PT_NULL = 0;

/** One user program header: its PHDRS entry, its sections, and (after layout) the header's fields. */
export interface UserSegment {
  cmd: PhdrCommand;
  idx: number;
  flagsValid: boolean;
  flagsValue: number;
  paddrValid: boolean;
  at: number;
  sections: OutputSection[];
}

/** A constant PHDRS expression (FLAGS, AT): numbers and operators only. */
function constant(e: Expr, what: string, errors: Diagnostic[], loc: PhdrCommand["loc"]): number {
  const fail = (): number => { errors.push(diagnostic("script-phdrs", `${what}: kernlab evaluates only constant expressions (numbers and operators) here`, loc)); return 0; };
  const ev = (x: Expr): number => {
    switch (x.kind) {
      case "num": return x.value;
      case "unary": { const v = ev(x.arg); return x.op === "-" ? -v : x.op === "~" ? ~v >>> 0 : x.op === "!" ? (v ? 0 : 1) : v; }
      case "cond": return ev(x.test) ? ev(x.then) : ev(x.else);
      case "binary": {
        const a = ev(x.left), b = ev(x.right);
        switch (x.op) {
          case "+": return a + b; case "-": return a - b; case "*": return a * b;
          case "/": return b ? Math.trunc(a / b) : fail(); case "%": return b ? a % b : fail();
          case "|": return (a | b) >>> 0; case "&": return (a & b) >>> 0; case "^": return (a ^ b) >>> 0;
          case "<<": return (a << b) >>> 0; case ">>": return a >>> b;
          case "==": return +(a === b); case "!=": return +(a !== b); case "<": return +(a < b); case ">": return +(a > b);
          case "<=": return +(a <= b); case ">=": return +(a >= b); case "&&": return +(!!a && !!b); case "||": return +(!!a || !!b);
          default: return fail();
        }
      }
      default: return fail();
    }
  };
  return ev(e) >>> 0;
}

/**
 * ld's lang_record_phdrs: for each PHDRS entry, walk the output sections in statement order; a section with
 * `:names` sets the list that later sections without one inherit (allocated, not NOLOAD ones only; never
 * into a PT_INTERP). Before the first section with a list, the first list further on is used. The inherited
 * list is not reset between entries (as in ld). Removed (empty) output sections take part, then leave.
 */
export function recordPhdrs(script: LinkerScript, statements: Statement[], errors: Diagnostic[], warnings: Diagnostic[]): UserSegment[] {
  const all = statements.flatMap((st) => (st.kind === "output" ? [st.os] : []));
  // An allocated orphan takes the `:names` of the output section it is placed after (as ld's do).
  type List = NonNullable<OutputSectionCommand["phdrs"]>;
  const lists: (List | null)[] = [];
  for (const [i, os] of all.entries()) {
    if (!os.orphan) lists.push(os.command?.phdrs ?? null);
    else lists.push(os.flags & SHF_ALLOC && i > 0 ? lists[i - 1]! : null);
  }
  const used = new Set<string>();
  const segs: UserSegment[] = [];
  let last: List | null = null;
  for (const [idx, cmd] of script.phdrs.entries()) {
    const secs: OutputSection[] = [];
    for (let i = 0; i < all.length; i++) {
      const os = all[i]!;
      let pl = lists[i]!;
      if (pl) last = pl;
      else {
        if (os.command?.noload || !(os.flags & SHF_ALLOC)) continue;
        if (cmd.type === 3) continue;
        if (!last) {
          for (let k = i; k < all.length; k++) if (lists[k]) { last = lists[k]!; break; }
          if (!last) {
            errors.push(diagnostic("script-phdrs", "no sections assigned to phdrs", cmd.loc));
            return [];
          }
        }
        pl = last;
      }
      for (const p of pl) if (p.name === cmd.name) { secs.push(os); used.add(`${i}\0${p.name}`); }
    }
    const flagsValue = cmd.flags ? constant(cmd.flags, `FLAGS of program header '${cmd.name}'`, errors, cmd.loc) : 0;
    const at = cmd.at ? constant(cmd.at, `AT of program header '${cmd.name}'`, errors, cmd.loc) : 0;
    // Removed output sections leave the header (bfd's elf_modify_segment_map).
    segs.push({ cmd, idx, flagsValid: cmd.flags !== null, flagsValue, paddrValid: cmd.at !== null, at, sections: secs.filter((s) => !s.dropped) });
  }
  for (const [i, os] of all.entries()) {
    for (const p of lists[i] ?? []) {
      if (p.name !== "NONE" && !used.has(`${i}\0${p.name}`)) errors.push(diagnostic("script-phdrs", `section \`${os.name}' assigned to non-existent phdr \`${p.name}'`, p.loc));
    }
  }
  // What kernlab does not lay out as ld would: refused rather than different.
  for (const s of segs) {
    const refuse = (text: string) => errors.push(diagnostic("script-phdrs", `program header '${s.cmd.name}': ${text}`, s.cmd.loc));
    if (s.sections.length && (s.cmd.type === PT_TLS || s.cmd.type === PT_DYNAMIC || s.cmd.type === PT_GNU_RELRO || s.cmd.type === PT_PHDR)) refuse("kernlab does not place sections in PT_TLS, PT_DYNAMIC, PT_GNU_RELRO or PT_PHDR headers");
    if (s.cmd.type === PT_NOTE && s.sections.some((x) => x.type !== SHT_NOTE)) refuse("kernlab places only note sections in a PT_NOTE header (ld would retype the others)");
    if (s.sections.some((x) => !(x.flags & SHF_ALLOC))) refuse("kernlab does not place non-allocated sections in a program header");
    if (s.sections.some((x) => x.flags & SHF_TLS)) refuse("kernlab does not place TLS sections in a program header");
    if (s.sections.length && (s.cmd.filehdr || s.cmd.phdrs) && s.cmd.type !== PT_LOAD) refuse("FILEHDR/PHDRS on a header with sections that is not PT_LOAD (ld fails: non-load segment includes file header and/or program header)");
  }
  for (const c of script.commands) {
    if (c.kind === "output" && c.name === "/DISCARD/" && c.phdrs?.length) {
      errors.push(diagnostic("script-phdrs", "`:phdr` after /DISCARD/: kernlab refuses it (ld would let it steer the sections after it)", c.phdrs[0]!.loc));
    }
  }
  const loads = segs.filter((s) => s.cmd.type === PT_LOAD);
  if (loads.filter((s) => s.cmd.filehdr).length > 1 || loads.filter((s) => s.cmd.phdrs).length > 1) {
    errors.push(diagnostic("script-phdrs", "more than one PT_LOAD with FILEHDR or with PHDRS: kernlab refuses it", script.phdrs[0]!.loc));
  }
  // PT_PHDR needs the program headers loaded (ld: "PHDR segment not covered by LOAD segment").
  const ph = segs.find((s) => s.cmd.type === PT_PHDR);
  if (ph && !loads.some((s) => s.cmd.phdrs)) errors.push(diagnostic("phdr-not-covered", "PHDR segment not covered by LOAD segment (no PT_LOAD has PHDRS)", ph.cmd.loc));
  void warnings;
  return segs;
}

export interface UserHeader {
  type: number; offset: number; vaddr: number; paddr: number; filesz: number; memsz: number; flags: number; align: number;
  sections: OutputSection[];
}

const bias = (vma: number, off: number, align: number) => ((((vma - off) % align) + align) % align);

/**
 * bfd's file layout for user program headers: PT_LOADs in order of type, FILEHDR first, then load address,
 * then PHDRS order; each at a file offset congruent to its address, sections in it in its list's order, a
 * section's LMA moved to the end of the header when it would fall inside it (ld warns). Allocated sections
 * in no PT_LOAD follow, each page-congruent; then the other headers take their sections' positions.
 * Returns the headers (in PHDRS order) and the end offset of allocated contents.
 */
export function layoutUserSegments(
  sections: OutputSection[], segs: UserSegment[], maxPageSize: number, errors: Diagnostic[] | null, warnings: Diagnostic[] | null,
): { headers: UserHeader[]; end: number } {
  const n = segs.length;
  let off = EHDR_SIZE + PHDR_SIZE * n;
  const lma = new Map<OutputSection, number>();
  for (const s of sections) lma.set(s, s.paddr);
  const filepos = new Map<OutputSection, number>();
  const headers: UserHeader[] = segs.map((m) => ({ type: m.cmd.type, offset: 0, vaddr: 0, paddr: 0, filesz: 0, memsz: 0, flags: 0, align: 0, sections: m.sections }));
  const sortLma = (m: UserSegment) => (m.paddrValid ? m.at : m.sections.length ? m.sections[0]!.paddr : 0);
  const order = [...segs].sort((a, b) => {
    if (a.cmd.type !== b.cmd.type) {
      if (a.cmd.type === PT_NULL) return 1;
      if (b.cmd.type === PT_NULL) return -1;
      return a.cmd.type < b.cmd.type ? -1 : 1;
    }
    if (a.cmd.filehdr !== b.cmd.filehdr) return a.cmd.filehdr ? -1 : 1;
    if (a.cmd.type === PT_LOAD) { const la = sortLma(a), lb = sortLma(b); if (la !== lb) return la < lb ? -1 : 1; }
    return a.idx - b.idx;
  });
  // ld moves the program header table into a PT_LOAD with PHDRS (no FILEHDR) laid out after another one: not modelled.
  const firstLoad = order.find((m) => m.cmd.type === PT_LOAD);
  const movedTable = order.find((m) => m.cmd.type === PT_LOAD && m.cmd.phdrs && !m.cmd.filehdr && m !== firstLoad);
  if (movedTable) {
    errors?.push(diagnostic("script-phdrs", `program header '${movedTable.cmd.name}': PHDRS without FILEHDR on a PT_LOAD that is not laid out first (ld moves the program header table there; kernlab refuses it)`, movedTable.cmd.loc));
    if (errors) return { headers, end: off };
  }
  for (const m of order) {
    const p = headers[m.idx]!;
    const secs = m.sections;
    const count = secs.length;
    const load = m.cmd.type === PT_LOAD;
    p.flags = m.flagsValid ? m.flagsValue : 0;
    p.vaddr = count ? secs[0]!.vaddr : 0;
    p.paddr = m.paddrValid ? m.at : count ? lma.get(secs[0]!)! : 0;
    p.align = load ? maxPageSize : count === 0 ? 4 : 0;
    let noContents = false;
    let offAdjust = 0;
    if (load && count > 0) {
      let align = Math.max(1, ...secs.map((s) => s.align));
      if (align < maxPageSize) align = maxPageSize; else p.align = align;
      noContents = secs.every((s) => s.type === SHT_NOBITS);
      offAdjust = bias(p.vaddr, off, align);
      off += offAdjust;
      if (!noContents) offAdjust = 0;
    }
    if (m.cmd.filehdr) {
      if (!m.flagsValid) p.flags |= PF_R;
      p.offset = 0; p.filesz = EHDR_SIZE; p.memsz = EHDR_SIZE;
      if (count > 0) {
        if (p.vaddr < off || (!m.paddrValid && p.paddr < off)) {
          errors?.push(diagnostic("not-enough-room-for-headers", `not enough room for program headers (program header '${m.cmd.name}' with FILEHDR: its first section ${secs[0]!.name} at ${hex(p.vaddr)} leaves less than ${hex(off)} bytes below it)`, m.cmd.loc));
          if (errors) return { headers, end: off };
        }
        p.vaddr = (p.vaddr - off) >>> 0;
        if (!m.paddrValid) p.paddr = (p.paddr - off) >>> 0;
      }
    }
    if (m.cmd.phdrs) {
      if (!m.flagsValid) p.flags |= PF_R;
      if (!m.cmd.filehdr) {
        p.offset = EHDR_SIZE;
        if (count > 0) {
          p.vaddr = (p.vaddr - (off - p.offset)) >>> 0;
          if (!m.paddrValid) p.paddr = (p.paddr - (off - p.offset)) >>> 0;
        }
      }
      p.filesz += n * PHDR_SIZE; p.memsz += n * PHDR_SIZE;
    }
    if (load) {
      if (!m.cmd.filehdr && !m.cmd.phdrs) {
        p.offset = off;
        if (noContents) p.offset = off % Math.max(maxPageSize, p.align, 1);
      } else {
        const adjust = off - (p.offset + p.filesz);
        if (!noContents) p.filesz += adjust;
        p.memsz += adjust;
      }
    }
    for (const [i, s] of secs.entries()) {
      if (load) {
        const pStart = p.paddr, pEnd = (pStart + p.memsz) >>> 0, sStart = lma.get(s)!;
        let adjust = (sStart - pEnd) >>> 0;
        if (adjust !== 0 && (sStart < pEnd || pEnd < pStart)) {
          warnings?.push(diagnostic("phdr-lma-adjusted", `section ${s.name} lma ${hex(sStart)} adjusted to ${hex(pEnd)}`, m.cmd.loc, [], "warning"));
          adjust = 0;
          lma.set(s, pEnd);
        }
        p.memsz += adjust;
        if (s.type !== SHT_NOBITS) {
          offAdjust = 0;
          // Loaded contents after NOBITS: the NOBITS part takes file space (zeros).
          if (p.filesz + adjust < p.memsz) adjust = p.memsz - p.filesz;
        }
        if (s.type !== SHT_NOBITS || i === 0) {
          off += adjust;
          if (s.type === SHT_NOBITS) offAdjust += adjust;
        }
        if (s.type !== SHT_NOBITS) p.filesz += adjust;
        filepos.set(s, off);
        if (s.type !== SHT_NOBITS) off += s.size;
      }
      if (s.type !== SHT_NOBITS) { p.filesz += s.size; p.memsz += s.size; } else p.memsz += s.size;
      if (s.align > p.align && !load) p.align = s.align;
      if (!m.flagsValid) {
        p.flags |= PF_R;
        if (s.flags & SHF_EXECINSTR) p.flags |= PF_X;
        if (s.flags & SHF_WRITE) p.flags |= PF_W;
      }
    }
    off -= offAdjust;
  }
  // Allocated sections in no PT_LOAD (ld warns): after the loaded contents, each congruent to its address.
  for (const s of sections) {
    if (!(s.flags & SHF_ALLOC)) continue;
    const f = filepos.get(s);
    if (f !== undefined) { s.fileOffset = f; continue; }
    if (s.type === SHT_NOBITS) { s.fileOffset = 0; continue; }
    if (s.size !== 0) warnings?.push(diagnostic("section-not-in-segment", `allocated section \`${s.name}' not in segment`, s.command?.loc ?? null, [], "warning"));
    off += bias(s.vaddr, off, s.size !== 0 ? maxPageSize : Math.max(1, s.align));
    s.fileOffset = off;
    off += s.size;
  }
  // The other headers: from their sections' file positions, or the PT_LOAD holding the headers.
  let filehdrV = 0, filehdrP = 0, phdrsV = 0, phdrsP = 0;
  for (const m of segs) {
    const p = headers[m.idx]!;
    if (p.type !== PT_LOAD) continue;
    if (m.cmd.filehdr) { filehdrV = p.vaddr; filehdrP = p.paddr; }
    if (m.cmd.phdrs) { phdrsV = p.vaddr; phdrsP = p.paddr; if (m.cmd.filehdr) { phdrsV += EHDR_SIZE; phdrsP += EHDR_SIZE; } }
  }
  for (const m of segs) {
    const p = headers[m.idx]!;
    if (p.type === PT_GNU_RELRO) {
      warnings?.push(diagnostic("phdr-relro-empty", "unable to allocate any sections to PT_GNU_RELRO segment", m.cmd.loc, [], "warning"));
      Object.assign(p, { type: 0, offset: 0, vaddr: 0, paddr: 0, filesz: 0, memsz: 0, flags: 0, align: 0 });
    } else if (m.sections.length) {
      // PT_GNU_STACK keeps offset 0 and the sizes summed above (ld does not place it at its sections).
      if (p.type !== PT_LOAD && p.type !== PT_GNU_STACK) {
        p.filesz = 0;
        p.offset = m.sections[0]!.fileOffset;
        for (let i = m.sections.length - 1; i >= 0; i--) {
          const s = m.sections[i]!;
          if (s.type !== SHT_NOBITS) {
            p.filesz = s.fileOffset - p.offset + s.size;
            if (p.type === PT_NOTE) p.memsz = p.filesz;
            break;
          }
        }
      }
    } else if (m.cmd.filehdr) {
      p.vaddr = filehdrV;
      if (!m.paddrValid) p.paddr = filehdrP;
    } else if (m.cmd.phdrs) {
      p.vaddr = phdrsV >>> 0;
      if (!m.paddrValid) p.paddr = phdrsP >>> 0;
    }
  }
  return { headers, end: off };
}

/**
 * Without PHDRS entries (no PHDRS command, or an empty one) ld still checks `:name` lists: every name but
 * NONE is an error ("assigned to non-existent phdr"), and the headers are ld's own.
 */
export function checkPhdrNamesWithoutPhdrs(statements: Statement[], errors: Diagnostic[]): void {
  for (const st of statements) {
    if (st.kind !== "output" || st.os.orphan) continue;
    for (const p of st.os.command?.phdrs ?? []) {
      if (p.name !== "NONE") errors.push(diagnostic("script-phdrs", `section \`${st.os.name}' assigned to non-existent phdr \`${p.name}'`, p.loc));
    }
  }
}
