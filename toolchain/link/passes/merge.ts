/**
 * Synthetic rewrites of input sections that ld performs before layout: SHF_MERGE sections are merged per
 * output section (strings deduplicated and tail-merged as bfd/merge.c does; fixed-size constants deduplicated),
 * and .eh_frame is edited as bfd/elf-eh-frame.c does (identical CIEs merged, FDEs of discarded code and
 * unused CIEs removed). Sizes change here; addresses are decided later.
 */
import { SHF_MERGE, SHF_STRINGS } from "../../elf/elf32";
import type { ElfRelocation } from "../../elf/read";
import type { InputSection, MergedPiece, ObjectFile, OutputSection } from "./types";

interface Entry { key: string; bytes: Uint8Array; align: number; owner: InputSection; pieces: { sec: InputSection; off: number }[]; keep: boolean; suffixOf: Entry | null; index: number }

function keyOf(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** Pass: merge SHF_MERGE input sections that share an output section, entsize, flags and alignment. */
export function mergeSections(outputs: OutputSection[]): void {
  for (const os of outputs) {
    const groups = new Map<string, InputSection[]>();
    for (const s of os.inputs) {
      if (!(s.flags & SHF_MERGE) || s.entsize === 0 || s.size % s.entsize !== 0 || s.discarded) continue;
      if ((s.flags & SHF_STRINGS) && s.size > 0 && s.data[s.size - 1] !== 0) continue;
      const k = `${s.flags & (SHF_MERGE | SHF_STRINGS)}/${s.entsize}/${s.align}`;
      const list = groups.get(k) ?? [];
      list.push(s);
      groups.set(k, list);
    }
    for (const list of groups.values()) mergeGroup(list);
  }
}

function mergeGroup(list: InputSection[]): void {
  const strings = (list[0]!.flags & SHF_STRINGS) !== 0;
  const ent = list[0]!.entsize;
  const table = new Map<string, Entry>();
  const order: Entry[] = [];
  const refs = new Map<InputSection, { off: number; entry: Entry }[]>();
  for (const sec of list) {
    const mine: { off: number; entry: Entry }[] = [];
    let off = 0;
    while (off < sec.size) {
      let end: number;
      if (strings) {
        end = off;
        for (;;) {
          let zero = true;
          for (let k = 0; k < ent; k++) if (sec.data[end + k] !== 0) zero = false;
          end += ent;
          if (zero || end >= sec.size) break;
        }
      } else end = off + ent;
      const bytes = sec.data.subarray(off, end);
      const key = keyOf(bytes);
      let e = table.get(key);
      if (!e) {
        e = { key, bytes, align: sec.align, owner: sec, pieces: [], keep: true, suffixOf: null, index: order.length };
        table.set(key, e);
        order.push(e);
      }
      mine.push({ off, entry: e });
      off = end;
    }
    refs.set(sec, mine);
  }
  if (strings) {
    // Tail merging: sort by reversed string; a string that is a suffix of its successor lives inside it.
    const lenOf = (e: Entry) => e.bytes.length - ent; // without terminator
    const sorted = order.slice().sort((A, B) => {
      const la = lenOf(A), lb = lenOf(B);
      let i = la - 1, j = lb - 1, l = Math.min(la, lb);
      while (l--) { const d = A.bytes[i]! - B.bytes[j]!; if (d) return d; i--; j--; }
      return la - lb;
    });
    let e = sorted[sorted.length - 1]!;
    for (let i = sorted.length - 2; i >= 0; i--) {
      const cmp = sorted[i]!;
      const la = e.bytes.length, lc = cmp.bytes.length;
      let suffix = lc <= la && e.align >= cmp.align && ((la - lc) & (cmp.align - 1)) === 0;
      if (suffix) for (let k = 1; k <= lc; k++) if (e.bytes[la - k] !== cmp.bytes[lc - k]) { suffix = false; break; }
      if (suffix) { cmp.keep = false; cmp.suffixOf = e; } else e = cmp;
    }
  }
  // Lay out kept entries per owning section, in first-seen order.
  const placed = new Map<Entry, { holder: InputSection; at: number }>();
  const sizes = new Map<InputSection, number>();
  const chunks = new Map<InputSection, Uint8Array[]>();
  for (const e of order) {
    if (!e.keep) continue;
    let size = sizes.get(e.owner) ?? 0;
    size = Math.ceil(size / e.align) * e.align;
    const list = chunks.get(e.owner) ?? [];
    const pad = size - (sizes.get(e.owner) ?? 0);
    if (pad) list.push(new Uint8Array(pad));
    list.push(e.bytes);
    chunks.set(e.owner, list);
    placed.set(e, { holder: e.owner, at: size });
    sizes.set(e.owner, size + e.bytes.length);
  }
  const where = (e: Entry): { holder: InputSection; at: number } => {
    const p = placed.get(e);
    if (p) return p;
    const root = e.suffixOf!;
    const r = where(root);
    return { holder: r.holder, at: r.at + (root.bytes.length - e.bytes.length) };
  };
  for (const sec of list) {
    const parts = chunks.get(sec) ?? [];
    const total = parts.reduce((n, p) => n + p.length, 0);
    const data = new Uint8Array(total);
    let o = 0;
    for (const p of parts) { data.set(p, o); o += p.length; }
    const pieces: MergedPiece[] = refs.get(sec)!.map(({ off, entry }) => { const w = where(entry); return { inputOffset: off, holder: w.holder, outputOffset: w.at }; });
    sec.merge = pieces;
    sec.pendingData = data;
  }
  for (const sec of list) { sec.data = sec.pendingData!; sec.size = sec.data.length; delete sec.pendingData; }
}

/** Map (merged section, input offset) → (holder section, offset in holder). */
export function mergedLocation(sec: InputSection, offset: number): { holder: InputSection; offset: number } {
  const pieces = sec.merge!;
  let lo = 0, hi = pieces.length - 1, best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pieces[mid]!.inputOffset <= offset) { best = mid; lo = mid + 1; } else hi = mid - 1;
  }
  const p = pieces[best];
  if (!p) return { holder: sec, offset };
  return { holder: p.holder, offset: p.outputOffset + (offset - p.inputOffset) };
}

// ---- .eh_frame ----

interface EhEntry { sec: InputSection; offset: number; size: number; cie: boolean; cieOffset: number; keep: boolean; relocs: ElfRelocation[]; canonical: EhEntry | null; key: string }

/** Pass: edit .eh_frame input sections (CIE merging, FDE removal for discarded code). */
export function editEhFrames(files: ObjectFile[], isDiscarded: (file: ObjectFile, symIndex: number) => boolean): void {
  const ehs: InputSection[] = [];
  for (const f of files) for (const s of f.sections) if (s && s.name === ".eh_frame" && !s.discarded && s.output) ehs.push(s);
  const cies = new Map<string, EhEntry>();
  const parsed = new Map<InputSection, EhEntry[]>();
  for (const sec of ehs) {
    const d = sec.data;
    const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
    const entries: EhEntry[] = [];
    let off = 0;
    let ok = true;
    while (off + 4 <= d.length) {
      const len = dv.getUint32(off, true);
      if (len === 0xffffffff || off + 4 + len > d.length) { ok = false; break; }
      const size = 4 + len;
      const cie = len === 0 ? false : dv.getUint32(off + 4, true) === 0;
      const cieOffset = len === 0 || cie ? -1 : off + 4 - dv.getUint32(off + 4, true);
      const relocs = sec.relocs.filter((r) => r.offset >= off && r.offset < off + size);
      entries.push({ sec, offset: off, size, cie, cieOffset, keep: false, relocs, canonical: null, key: "" });
      off += size;
    }
    if (!ok || off !== d.length) continue;
    parsed.set(sec, entries);
  }
  const lastEh = ehs[ehs.length - 1];
  for (const sec of ehs) {
    const entries = parsed.get(sec);
    if (!entries) continue;
    const byOffset = new Map(entries.map((e) => [e.offset, e]));
    for (const e of entries) {
      if (e.size === 4) { e.keep = sec === lastEh; continue; }
      if (e.cie) continue;
      const pcReloc = e.relocs.find((r) => r.offset === e.offset + 8);
      if (pcReloc && isDiscarded(sec.file, pcReloc.symbol)) continue;
      const cie = byOffset.get(e.cieOffset);
      if (!cie) { e.keep = true; continue; }
      if (!cie.key) {
        const relKey = cie.relocs.map((r) => `${r.offset - cie.offset}:${r.type}:${sec.file.elf.symbols[r.symbol]?.name ?? ""}`).join(",");
        cie.key = keyOf(sec.data.subarray(cie.offset, cie.offset + cie.size)) + "|" + relKey;
      }
      let canon = cies.get(cie.key);
      if (!canon) { canon = cie; cies.set(cie.key, cie); cie.keep = true; }
      e.canonical = canon;
      e.keep = true;
    }
  }
  for (const sec of ehs) {
    const entries = parsed.get(sec);
    if (!entries) continue;
    const kept = entries.filter((e) => e.keep);
    const total = kept.reduce((n, e) => n + e.size, 0);
    const data = new Uint8Array(total);
    const relocs: ElfRelocation[] = [];
    const newOffset = new Map<EhEntry, number>();
    let o = 0;
    for (const e of kept) {
      data.set(sec.data.subarray(e.offset, e.offset + e.size), o);
      newOffset.set(e, o);
      for (const r of e.relocs) relocs.push({ ...r, offset: r.offset - e.offset + o });
      o += e.size;
    }
    sec.ehCiePointers = [];
    for (const e of kept) if (!e.cie && e.canonical) sec.ehCiePointers.push({ at: newOffset.get(e)! + 4, cie: e.canonical.sec, cieOffset: -1 });
    (sec as EhPending).ehPending = { kept, newOffset };
    sec.data = data;
    sec.size = total;
    sec.relocs = relocs;
  }
  // Resolve CIE targets to their new offsets (all sections edited now).
  for (const sec of ehs) {
    const p = (sec as EhPending).ehPending;
    if (!p) continue;
    let i = 0;
    for (const e of p.kept) {
      if (e.cie || !e.canonical) continue;
      const canonSec = (e.canonical.sec as EhPending).ehPending!;
      sec.ehCiePointers![i++]!.cieOffset = canonSec.newOffset.get(e.canonical)!;
    }
  }
  for (const sec of ehs) delete (sec as EhPending).ehPending;
}

type EhPending = InputSection & { ehPending?: { kept: EhEntry[]; newOffset: Map<EhEntry, number> } };
