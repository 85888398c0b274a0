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

/**
 * Renders lines one at a time (`nasm -E` streams its output): push() returns the text for each line as it
 * comes, finish() what remains. A line marked `continues` (a later piece of a streamed long data line)
 * extends the previous line's text, so the newline that ends a line is written only when the next line starts.
 */
export class TextRenderer {
  private fileName: string | null = null;
  private quoted = "";
  private linnum = 0;
  private lineinc = 0;
  private pendingNewline = false;

  push(l: OutLine): string {
    const text = l.text;
    if (l.continues) return text;
    let out = "";
    if (this.pendingNewline) { out = "\n"; this.pendingNewline = false; }
    if (this.fileName !== l.file) {
      this.fileName = l.file;
      this.linnum = -1;
      this.lineinc = 1;
      this.quoted = quoteFileName(this.fileName);
    } else if (this.lineinc) {
      if (this.linnum + this.lineinc === l.line) {
        out += "\n";
        this.linnum += this.lineinc;
      } else if (this.linnum - this.lineinc === l.line) {
        this.lineinc = 0;
      }
    } else if (this.linnum + 1 === l.line) {
      this.lineinc = 1;
    }
    if (this.linnum === -1 && text === "") return out;
    if (this.linnum !== l.line) out += `%line ${l.line}${this.lineinc >= 0 ? "+" : ""}${this.lineinc} ${this.quoted}\n`;
    this.linnum = l.line + this.lineinc;
    this.pendingNewline = true;
    return out + text;
  }

  finish(): string {
    const out = this.pendingNewline ? "\n" : "";
    this.pendingNewline = false;
    return out;
  }
}

export function renderText(lines: readonly OutLine[]): string {
  const r = new TextRenderer();
  let out = "";
  for (const l of lines) out += r.push(l);
  return out + r.finish();
}
