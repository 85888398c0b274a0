/**
 * `nasm -E` text: the preprocessed lines with `%line N+M file` markers exactly where NASM 2.16 puts
 * them (a marker when the file changes or the line number jumps by more than one; one blank line
 * fills a gap of one; an increment of 0 while macro lines stand still). Not the preprocessing itself.
 */
import type { OutLine } from "./engine";

/** Quote a file name for a %line marker only when NASM would (spaces at the ends, quotes, control chars). */
function quoteFileName(name: string): string {
  const needs = name === "" || /^[\s'"`]|[\s'"`]$|[\x00-\x1f]| {2}/.test(name);
  if (!needs) return name;
  if (!name.includes("'")) return `'${name}'`;
  if (!name.includes('"')) return `"${name}"`;
  return "`" + name.replace(/[`\\]/g, (c) => "\\" + c) + "`";
}

export function renderText(lines: readonly OutLine[]): string {
  let out = "";
  let fileName: string | null = null;
  let quoted = "";
  let linnum = 0;
  let lineinc = 0;
  for (const l of lines) {
    const text = l.text;
    if (fileName !== l.file) {
      fileName = l.file;
      linnum = -1;
      lineinc = 1;
      quoted = quoteFileName(fileName);
    } else if (lineinc) {
      if (linnum + lineinc === l.line) {
        out += "\n";
        linnum += lineinc;
      } else if (linnum - lineinc === l.line) {
        lineinc = 0;
      }
    } else if (linnum + 1 === l.line) {
      lineinc = 1;
    }
    if (linnum === -1 && text === "") continue;
    if (linnum !== l.line) out += `%line ${l.line}${lineinc >= 0 ? "+" : ""}${lineinc} ${quoted}\n`;
    linnum = l.line + lineinc;
    out += text + "\n";
  }
  return out;
}
