/**
 * Test helpers for the preprocessor: a file-system resolver rooted at a directory (so names match what
 * `nasm` sees when run there), NASM command-line flags mapped to PreprocessOptions, and the corpus list.
 * Not a test file itself.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Define, IncludeResolver } from "../../toolchain/asm/source";

export const corpusDir = join(import.meta.dirname, "corpus");

export function dirResolver(dir: string): IncludeResolver {
  const full = (p: string) => (p.startsWith("/") ? p : join(dir, p));
  return {
    readText: (p) => (existsSync(full(p)) ? readFileSync(full(p), "utf8") : null),
    readBinary: (p) => (existsSync(full(p)) ? new Uint8Array(readFileSync(full(p))) : null),
  };
}

export interface FlagOptions {
  defines: Define[];
  undefines: string[];
  includePaths: string[];
  preIncludes: string[];
  outputFormat: string;
}

/** `-DNAME[=v] -UNAME -Ipath -Pfile -fformat` → options (the subset the corpus uses). */
export function parseFlags(args: readonly string[]): FlagOptions {
  const o: FlagOptions = { defines: [], undefines: [], includePaths: [], preIncludes: [], outputFormat: "bin" };
  for (const a of args) {
    if (a.startsWith("-D")) {
      const eq = a.indexOf("=");
      o.defines.push(eq < 0 ? { name: a.slice(2) } : { name: a.slice(2, eq), value: a.slice(eq + 1) });
    } else if (a.startsWith("-U")) o.undefines.push(a.slice(2));
    else if (a.startsWith("-I")) o.includePaths.push(a.slice(2));
    else if (a.startsWith("-P")) o.preIncludes.push(a.slice(2));
    else if (a.startsWith("-f")) o.outputFormat = a.slice(2) === "elf" ? "elf32" : a.slice(2);
    else throw new Error(`flag not supported by the test harness: ${a}`);
  }
  return o;
}

export interface CorpusCase {
  file: string;
  args: string[];
  /** Edge cases compared on `-E` output only (they are not meant to assemble). */
  eOnly: boolean;
}

/** Every corpus file with its `; args:` line, plus one case per `; variants:` alternative. */
export function corpusCases(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const file of readdirSync(corpusDir).filter((f) => f.endsWith(".asm")).sort()) {
    const text = readFileSync(join(corpusDir, file), "utf8");
    const args = (/^; args: (.*)$/m.exec(text)?.[1] ?? "").split(/\s+/).filter(Boolean);
    const eOnly = /^; e-only/m.test(text);
    cases.push({ file, args, eOnly });
    const variants = /^; variants: (.*)$/m.exec(text)?.[1];
    for (const v of variants?.split("|") ?? []) {
      const extra = v.trim().split(/\s+/).filter(Boolean);
      const base = args.filter((a) => !extra.some((e) => e.slice(0, 2) === a.slice(0, 2) && e.split("=")[0] === a.split("=")[0]));
      cases.push({ file, eOnly, args: [...base.filter((a) => !extra.includes("-U" + a.slice(2).split("=")[0])), ...extra] });
    }
  }
  return cases;
}
