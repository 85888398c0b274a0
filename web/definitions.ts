/**
 * Go to definition in the lab's editor: where a NASM label, `equ`/`%define`/`%assign` constant or `%macro`
 * is defined in the project. Local labels (`.loop`) are looked up in the file asked from, in the scope of
 * the non-local label above the position asked from (as NASM ties them); everything else in that file first,
 * then in the project's other files in path order. C functions and globals are found as `name(` / `name =`
 * at the start of a line of a .c file. Pure: text in, location out.
 */
export interface Definition {
  file: string;
  /** 1-based. */
  line: number;
  column: number;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function patterns(word: string, file: string): RegExp[] {
  const w = esc(word);
  if (/\.(c|h)$/i.test(file)) {
    // definitions, not `extern` declarations (those send the search on to the other files)
    return [new RegExp(`^(?!extern\\b)[A-Za-z_][\\w \\t*]*\\b(${w})\\s*\\(`, "m"), new RegExp(`^#define\\s+(${w})\\b`, "m"),
      new RegExp(`^(?!extern\\b)[A-Za-z_][\\w \\t*]*\\b(${w})\\s*(=|;|\\[)`, "m")];
  }
  return [
    new RegExp(`^[ \\t]*(${w}):`, "m"),
    new RegExp(`^[ \\t]*(${w})[ \\t]+(equ|db|dw|dd|dq|dt|resb|resw|resd|resq|times|istruc)\\b`, "im"),
    new RegExp(`^[ \\t]*%i?(?:x?define|assign|macro|imacro|xdefine)[ \\t]+(${w})\\b`, "im"),
    new RegExp(`^[ \\t]*struc[ \\t]+(${w})\\b`, "im"),
  ];
}

function findIn(text: string, word: string, file: string, from = 0, to = text.length): Definition | null {
  for (const re of patterns(word, file)) {
    const g = new RegExp(re.source, re.flags + "g");
    g.lastIndex = from;
    for (let m = g.exec(text); m && m.index < to; m = g.exec(text)) {
      const at = m.index + m[0].indexOf(m[1]!);
      return { file, line: text.slice(0, at).split("\n").length, column: at - text.lastIndexOf("\n", at - 1) };
    }
  }
  return null;
}

/** [start, end) of the non-local label's scope around `offset`: from the label before it to the next one. */
function localScope(text: string, offset: number): [number, number] {
  const label = /^[ \t]*[A-Za-z_?@$][\w?@$#~]*:/gm;
  let start = 0, end = text.length;
  for (let m = label.exec(text); m; m = label.exec(text)) {
    if (m.index <= offset) start = m.index;
    else { end = m.index; break; }
  }
  return [start, end];
}

/** Where `word` is defined, asked from `file` at character offset `offset`; null when nowhere. */
export function findDefinition(files: Record<string, string>, word: string, file: string, offset = 0): Definition | null {
  if (!/^[A-Za-z_.?@$][\w.?@$#~]*$/.test(word)) return null;
  const here = files[file];
  if (word.startsWith(".") && !word.startsWith("..")) {
    if (here === undefined) return null;
    // NASM scopes `.x` to the previous non-local label: look in that label's scope, then anywhere in the file
    const [from, to] = localScope(here, offset);
    return findIn(here, word, file, from, to) ?? findIn(here, word, file);
  }
  if (here !== undefined) {
    const d = findIn(here, word, file);
    if (d) return d;
  }
  for (const name of Object.keys(files).sort()) {
    if (name === file) continue;
    const d = findIn(files[name]!, word, name);
    if (d) return d;
  }
  return null;
}
