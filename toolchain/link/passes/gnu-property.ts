/**
 * .note.gnu.property in ELF output, as ld's x86 backend merges it: the note survives only when every input
 * object has one; GNU_PROPERTY_X86_FEATURE_1_AND (IBT, SHSTK) is ANDed across them and dropped when no bit is
 * left. kernlab merges notes that hold that one property (what gcc -fcf-protection writes); any other
 * property set drops the note (README: known differences). The surviving note is the first input's section,
 * rewritten; the others are discarded. A flat binary keeps every input note as it is (not this pass).
 */
import type { ObjectFile } from "./types";

const NT_GNU_PROPERTY_TYPE_0 = 5;
const GNU_PROPERTY_X86_FEATURE_1_AND = 0xc0000002;

/** The FEATURE_1_AND value of a note holding only that property, or null. */
function featureAnd(data: Uint8Array): number | null {
  if (data.length !== 28) return null;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const ok = dv.getUint32(0, true) === 4 && dv.getUint32(4, true) === 12 && dv.getUint32(8, true) === NT_GNU_PROPERTY_TYPE_0 &&
    dv.getUint32(12, true) === 0x00554e47 && dv.getUint32(16, true) === GNU_PROPERTY_X86_FEATURE_1_AND && dv.getUint32(20, true) === 4;
  return ok ? dv.getUint32(24, true) : null;
}

/** Pass: keep one merged .note.gnu.property (first input's section) or none. */
export function mergeGnuProperties(files: ObjectFile[]): void {
  const notes = files.map((f) => f.sections.find((s) => s !== null && s.name === ".note.gnu.property") ?? null);
  const values = notes.map((s) => (s ? featureAnd(s.data.subarray(0, s.size)) : null));
  const all = files.length > 0 && values.every((v) => v !== null);
  const merged = all ? values.reduce((a, v) => a! & v!, 0xffffffff)! : 0;
  notes.forEach((s, i) => {
    if (!s) return;
    if (i === 0 && merged !== 0) {
      const data = s.data.slice(0, s.size);
      new DataView(data.buffer).setUint32(24, merged, true);
      s.data = data;
    } else s.discarded = true;
  });
}
