/**
 * Errors as data (esbuild/zod shape): every user mistake in kernlab becomes a Diagnostic with a code,
 * a location and notes. The API throws KernlabError (summary + .diagnostics); the CLI prints
 * formatDiagnostics() and exits without a stack trace. A guest's behaviour is never a Diagnostic:
 * it is a Verdict (emulator/verdict.ts).
 */

export interface Location {
  file: string;
  /** 1-based; 0 when the diagnostic concerns a whole file or a byte offset. */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
  /** The source line, for the caret display. */
  lineText?: string;
  /** Length of the span to underline (default 1). */
  length?: number;
}

export interface Note {
  text: string;
  location?: Location | null;
}

export type Severity = "error" | "warning";

export interface Diagnostic {
  /** Kebab-case kind, e.g. "undefined-symbol", "syntax", "macro-recursion", "malformed-object". */
  code: string;
  severity: Severity;
  text: string;
  location: Location | null;
  notes: Note[];
}

export function diagnostic(
  code: string,
  text: string,
  location: Location | null = null,
  notes: Note[] = [],
  severity: Severity = "error",
): Diagnostic {
  return { code, severity, text, location, notes };
}

/** Thrown by kernlab's API for user mistakes; never for bugs in kernlab itself. */
export class KernlabError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[] | Diagnostic, summary?: string) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    const errors = list.filter((d) => d.severity === "error");
    super(summary ?? (errors[0] ?? list[0])?.text ?? "kernlab error");
    this.name = "KernlabError";
    this.diagnostics = list;
  }
}

export function isKernlabError(e: unknown): e is KernlabError {
  return e instanceof KernlabError;
}

function formatLocation(loc: Location): string {
  if (loc.line > 0) return `${loc.file}:${loc.line}:${loc.column > 0 ? loc.column : 1}`;
  return loc.file;
}

/**
 * Render diagnostics as compilers do:
 *   kernel/heap.asm:14:9: error: undefined symbol 'kmalloc_lock'
 *       mov eax, [kmalloc_lock]
 *                 ^~~~~~~~~~~~
 *   >>> referenced by heap.o:(.text+0x1c)
 */
export function formatDiagnostics(list: readonly Diagnostic[], opts: { color?: boolean } = {}): string {
  const c = (code: string, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out: string[] = [];
  for (const d of list) {
    const where = d.location ? formatLocation(d.location) + ": " : "";
    const sev = d.severity === "error" ? c("1;31", "error") : c("1;35", "warning");
    out.push(`${c("1", where)}${sev}: ${d.text}`);
    const loc = d.location;
    if (loc && loc.lineText !== undefined && loc.line > 0) {
      out.push("    " + loc.lineText.replace(/\t/g, " "));
      if (loc.column > 0) {
        const len = Math.max(1, loc.length ?? 1);
        out.push("    " + " ".repeat(loc.column - 1) + c("32", "^" + "~".repeat(len - 1)));
      }
    }
    for (const n of d.notes) {
      out.push(n.location ? `>>> ${formatLocation(n.location)}: ${n.text}` : `>>> ${n.text}`);
    }
  }
  return out.join("\n") + (out.length ? "\n" : "");
}
