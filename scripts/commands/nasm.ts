/**
 * `kernlab nasm`: a drop-in for the `nasm` command line that kernel Makefiles use. Parses nasm's flags
 * (table-driven: nasm accepts `-felf32` and `-f elf32`, `-Dname=v` and `-D name=v`), reads files through
 * a Node include resolver, assembles with toolchain/asm, and writes outputs atomically (an error leaves
 * no output file and never touches an existing one). Not the assembler itself.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname } from "node:path";
import { formatDiagnostics, KernlabError, type Diagnostic, type Location } from "../../core/diagnostics";
import { writeFileAtomic } from "../../core/fs-atomic";
import { assemble, DEBUG_FORMATS, LIMIT_TABLE, WARNINGS, type AsmLimits, type AssembleOptions, type DebugFormat } from "../../toolchain/asm/index";
import { UNLIMITED } from "../../toolchain/asm/limits";
import { preprocessToText } from "../../toolchain/asm/preprocess";
import { decodeSourceFile, type IncludeResolver } from "../../toolchain/asm/source";
import { colorEnabled } from "../util/color";
import { fsResolver, READ_LIMITS, readBounded, sameFile } from "../util/files";
import { UsageError, type Command } from "./types";

/** Reads include/incbin files from the file system (paths as nasm forms them: -I prefix + name). */
export function nodeResolver(): IncludeResolver {
  return fsResolver; // bounded reads; devices and FIFOs refused (scripts/util/files.ts)
}

interface NasmArgs {
  input: string | null;
  output: string | null;
  format: "elf32" | "elf" | "bin";
  listing: string | null;
  defines: { name: string; value?: string }[];
  undefines: string[];
  includePaths: string[];
  preIncludes: string[];
  warnings: Record<string, boolean>;
  /** --limit-NAME VALUE (NASM's names; toolchain/asm/limits.ts). */
  limits: Partial<AsmLimits>;
  /** Command-line warnings to print (an unknown limit, a bad limit value), as nasm does. */
  notes: string[];
  optimize: 0 | 1 | "x";
  depsOnly: boolean;
  depsFile: string | null;
  depsWithAssembly: boolean;
  depsTarget: string | null;
  depsPhony: boolean;
  preprocessOnly: boolean;
  /** -g, -g<format>, -F format (which implies -g): null when no debug information is wanted. */
  debug: { format: string | null } | null;
  version: boolean;
  help: boolean;
}

/** Options that take a value, joined (`-felf32`) or as the next argument (`-f elf32`). */
const VALUE_FLAGS = ["-f", "-F", "-o", "-l", "-D", "-d", "-U", "-u", "-I", "-i", "-P", "-p", "-O", "-MF", "-MT", "-MQ", "-w", "-W"];

export function parseNasmArgs(argv: string[]): NasmArgs {
  const a: NasmArgs = {
    input: null, output: null, format: "bin", listing: null, defines: [], undefines: [], includePaths: [], preIncludes: [],
    warnings: {}, limits: {}, notes: [], optimize: "x", depsOnly: false, depsFile: null, depsWithAssembly: false, depsTarget: null, depsPhony: false,
    preprocessOnly: false, debug: null, version: false, help: false,
  };
  let formatGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help" || arg === "-hf") { a.help = true; continue; }
    if (arg === "-v" || arg === "--version") { a.version = true; continue; }
    if (arg === "-E" || arg === "-e") { a.preprocessOnly = true; continue; }
    if (arg === "-M") { a.depsOnly = true; continue; }
    if (arg.startsWith("-g")) { a.debug = { format: arg.slice(2).trim() || (a.debug?.format ?? null) }; continue; }
    if (arg === "-MG") continue;
    if (arg === "-MP") { a.depsPhony = true; continue; }
    if (arg === "-MD") {
      a.depsWithAssembly = true;
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("-") && !/\.(asm|s|nasm|inc)$/i.test(next)) { a.depsFile = next; i++; }
      continue;
    }
    if (arg.startsWith("--limit-")) {
      // nasm: --limit-NAME VALUE or --limit-NAME=VALUE; an unknown name or a bad value is a warning
      const eq = arg.indexOf("=");
      const name = arg.slice("--limit-".length, eq < 0 ? undefined : eq);
      let value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`option '${arg}' needs a value`);
      value = value.trim();
      const row = LIMIT_TABLE.find((l) => l.name === name.toLowerCase());
      if (!row) { a.notes.push(`unknown limit: \`${name}'`); continue; }
      const n = value.toLowerCase() === "unlimited" ? UNLIMITED : /^(0x[0-9a-f]+|\d+)$/i.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(n) || n < 0) { a.notes.push(`invalid limit value: \`${value}'`); continue; }
      a.limits[row.key] = n;
      continue;
    }
    if (arg === "--") { for (const rest of argv.slice(i + 1)) setInput(a, rest); break; }
    if (!arg.startsWith("-") || arg === "-") { setInput(a, arg); continue; }
    const flag = VALUE_FLAGS.filter((f) => arg.startsWith(f)).sort((x, y) => y.length - x.length)[0];
    if (!flag) throw new UsageError(`unrecognised option '${arg}'`);
    let value = arg.slice(flag.length);
    if (value === "" && flag !== "-O") {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`option '${flag}' needs a value`);
      value = next;
    }
    switch (flag) {
      case "-f":
        if (value !== "elf32" && value !== "elf" && value !== "bin") throw new UsageError(`unsupported output format '${value}' (kernlab supports elf32, elf, bin)`);
        a.format = value; formatGiven = true; break;
      case "-F": a.debug = { format: value }; break;
      case "-o": a.output = value; break;
      case "-l": a.listing = value; break;
      case "-D": case "-d": {
        const eq = value.indexOf("=");
        a.defines.push(eq < 0 ? { name: value } : { name: value.slice(0, eq), value: value.slice(eq + 1) });
        break;
      }
      case "-U": case "-u": a.undefines.push(value); break;
      case "-I": case "-i": a.includePaths.push(value); break;
      case "-P": case "-p": a.preIncludes.push(value); break;
      case "-O":
        if (value === "0") a.optimize = 0;
        else if (value === "1") a.optimize = 1;
        else if (value === "" || value === "x" || /^[2-9]\d*$/.test(value) || value === "v") a.optimize = "x";
        else throw new UsageError(`unsupported optimisation level '-O${value}'`);
        break;
      case "-MF": a.depsFile = value; break;
      case "-MT": case "-MQ": a.depsTarget = value; break;
      case "-w": case "-W": {
        const m = /^([+-])?(.+)$/.exec(value)!;
        a.warnings[m[2]!.replace(/^no-/, "")] = m[1] !== "-" && !m[2]!.startsWith("no-");
        break;
      }
    }
  }
  void formatGiven;
  return a;
}

function setInput(a: NasmArgs, file: string): void {
  if (a.input !== null) throw new UsageError(`more than one input file specified ('${a.input}' and '${file}')`);
  a.input = file;
}

/**
 * A NASM warning as nasm prints it: `file:line: warning: text [-w+name]` at the user's line (the outermost
 * macro call), then one `file:line: ... from macro `name' defined here` per macro level, outermost first,
 * at the line of its body that was expanded. A warning made an error by -Werror reads `[-w+error=name]`.
 * Other diagnostics keep kernlab's own format (file:line:col, source line and caret).
 */
export function formatNasmDiagnostic(d: Diagnostic, color = false): string {
  if (!(WARNINGS as readonly string[]).includes(d.code)) return formatDiagnostics([d], { color });
  const calls = d.notes.map((n) => n.location).filter((l): l is Location => !!l).reverse();
  const at = calls[0] ?? d.location;
  const where = at ? `${at.file}:${at.line}: ` : "";
  const sev = d.severity === "error" ? "error" : "warning";
  let out = `${where}${sev}: ${d.text} [-w+${d.severity === "error" ? "error=" : ""}${d.code}]\n`;
  calls.forEach((call, i) => {
    const body = calls[i + 1] ?? d.location;
    const name = /^[^\s,;]+/.exec((call.lineText ?? "").slice(Math.max(0, call.column - 1)))?.[0] ?? "?";
    if (body) out += `${body.file}:${body.line}: ... from macro \`${name}' defined here\n`;
  });
  return out;
}

/**
 * The debug format for the output format, as nasm picks it: -g alone means the format's default (dwarf
 * for elf32; bin has none, so -g is ignored there); a named format must exist for the output format.
 */
function debugOption(a: NasmArgs): AssembleOptions["debug"] {
  if (!a.debug) return undefined;
  const named = a.debug.format?.toLowerCase() ?? null;
  const formats: readonly string[] = a.format === "bin" ? [] : DEBUG_FORMATS;
  if (named !== null && !formats.includes(named)) throw new UsageError(`unrecognized debug format \`${a.debug.format}' for output format \`${a.format}'`);
  if (a.format === "bin") return undefined;
  let compDir = "";
  try { compDir = dirname(realpathSync(a.input!)); } catch { /* unreadable input: reported when read */ }
  return { format: (named ?? "dwarf") as DebugFormat, compDir: compDir.endsWith("/") ? compDir : compDir + "/" };
}

/** The output name nasm picks: x.asm → x.o (elf), x (bin); nasm.out when that would be the input itself. */
export function defaultOutputName(input: string, format: string): string {
  const base = input.replace(/\.[^./\\]*$/, "");
  const name = format === "bin" ? base : base + ".o";
  return name === input ? "nasm.out" : name;
}

const HELP = `usage: kernlab nasm [options] file.asm
A drop-in for the nasm command line (NASM 2.16 syntax, i386 elf32 and flat bin output).

  -f elf32|elf|bin   output format (default bin, as nasm)
  -o file            output file (default: input name with .o for elf, without extension for bin)
  -l file            write a listing
  -g                 debug information (elf32: DWARF, NASM's default)
  -F dwarf|stabs     debug format (implies -g); also -gdwarf, -gstabs
  -Dname[=value]     define a macro          -Uname   undefine a macro
  -Ipath/            add an include path     -Pfile   pre-include a file
  -w+name / -w-name  enable / disable a warning (label-orphan, number-overflow, zeroing, other,
                     db-empty, prefix-lock, all);
                     -Werror, -w+error=name: make warnings errors
  -O0 | -O1 | -Ox    optimisation (default -Ox: shortest branches and immediates)
  -M                 print make dependencies and stop
  -MD [file]         write make dependencies while assembling;  -MF file, -MT target
  -E                 preprocess only, to standard output
  -v                 print the version
  --limit-NAME N     NASM's limits (N a number or 'unlimited'); NAME and default:
${LIMIT_TABLE.map((l) => `                       ${l.name.padEnd(15)} ${l.default === UNLIMITED ? "unlimited" : String(l.default)}  ${l.help}`).join("\n")}
Errors are printed as file:line:col with the source line; exit status 1 on assembly errors, 2 on a
command-line mistake. No output file is written when there is an error.
`;

/** Make rule as nasm -M writes it: `target : deps…` wrapped before column 80, then an empty line; `-MP` adds phony targets. */
function depsText(target: string, deps: string[], phony: boolean): string {
  const esc = (x: string) => x.replace(/ /g, "\\ ");
  let line = `${esc(target)} :`;
  const rows: string[] = [];
  for (const d of deps.map(esc)) {
    if (line.length + 1 + d.length > 78 && !line.endsWith(":")) { rows.push(line + " \\"); line = " "; }
    line += " " + d;
  }
  rows.push(line);
  // nasm ends the rule (and each -MP phony target) with an empty line.
  let out = rows.join("\n") + "\n";
  if (phony) out += deps.map((d) => `\n${esc(d)} :\n`).join("");
  return out + "\n";
}

export const command: Command = {
  summary: "assemble NASM-syntax source (drop-in for the nasm command line)",
  help: HELP,
  async run(argv) {
    const a = parseNasmArgs(argv);
    if (a.help) { process.stdout.write(HELP); return 0; }
    if (a.version) { process.stdout.write("kernlab nasm: NASM version 2.16.01 compatible (kernlab assembler)\n"); return 0; }
    if (a.input === null) throw new UsageError("no input file specified", true);
    let source: string;
    if (!existsSync(a.input)) {
      process.stderr.write(`nasm: fatal: unable to open input file \`${a.input}'\n`);
      return 1;
    }
    try { source = decodeSourceFile(readBounded(a.input, "input file", READ_LIMITS.source)); } catch (e) {
      if (!(e instanceof KernlabError)) throw e;
      process.stderr.write(`nasm: fatal: ${e.diagnostics[0]?.text ?? "unable to open input file"}\n`);
      return 1;
    }
    // nasm compares names ("will not overwrite input file", exit 1); kernlab compares files, so `-o ./s.asm`
    // and a symlink to the source are refused too.
    const output0 = a.output ?? defaultOutputName(a.input, a.format);
    const written = a.preprocessOnly ? (a.output !== null ? [a.output] : []) : [output0, ...(a.listing !== null ? [a.listing] : [])];
    if (a.depsWithAssembly || a.depsFile) written.push(a.depsFile ?? output0.replace(/\.[^./]*$/, "") + ".d");
    if (written.some((w) => w === a.input || sameFile(w, a.input!))) {
      process.stderr.write(`${a.input}: fatal: will not overwrite input file\nType kernlab nasm -h for help.\n`);
      return 1;
    }
    for (const n of a.notes) process.stderr.write(`nasm: warning: ${n} [-w+other]\n`);
    const resolver = nodeResolver();
    const debug = debugOption(a);
    const options: AssembleOptions = {
      file: a.input, format: a.format, optimize: a.optimize, defines: a.defines, undefines: a.undefines,
      includePaths: a.includePaths, preIncludes: a.preIncludes, resolver, listing: a.listing !== null, warnings: a.warnings, limits: a.limits, debug,
    };
    const output = a.output ?? defaultOutputName(a.input, a.format);
    if (a.preprocessOnly) {
      // as when assembling, -g defines __?DEBUG_FORMAT?__ after the command line's macros
      const defines = debug ? [...a.defines, { name: "__?DEBUG_FORMAT?__", value: debug.format }] : a.defines;
      const pre = preprocessToText(source, { file: a.input, resolver, includePaths: a.includePaths, defines, undefines: a.undefines, preIncludes: a.preIncludes, outputFormat: a.format === "bin" ? "bin" : "elf32", limits: { ...(a.limits.macroLevels !== undefined ? { macroDepth: a.limits.macroLevels } : {}), ...(a.limits.macroTokens !== undefined ? { lineTokens: a.limits.macroTokens } : {}), ...(a.limits.rep !== undefined ? { repCount: a.limits.rep } : {}), ...(a.limits.lines !== undefined ? { totalLines: a.limits.lines } : {}) } });
      process.stderr.write(formatDiagnostics(pre.diagnostics));
      if (pre.diagnostics.some((d) => d.severity === "error")) return 1;
      process.stdout.write(Buffer.from(pre.text, "latin1")); // a byte string: the source's own bytes
      return 0;
    }
    const r = assemble(source, options);
    // (only when there is something to say: process.stderr is made on first use, which costs a silent run ~1 ms)
    if (r.diagnostics.length) process.stderr.write(r.diagnostics.map((d) => formatNasmDiagnostic(d, colorEnabled(process.stderr))).join(""));
    const target = a.depsTarget ?? output;
    if (a.depsOnly) {
      process.stdout.write(depsText(target, r.dependencies, a.depsPhony));
      return r.diagnostics.some((d) => d.severity === "error") && !r.dependencies.length ? 1 : 0;
    }
    if (!r.output) return 1;
    // Like nasm: no fsync (a drop-in in a Makefile runs once per file); the rename still means a killed run
    // never leaves a half-written object.
    writeFileAtomic(output, r.output, { durable: false });
    if (a.listing !== null && r.listing !== null) writeFileAtomic(a.listing, Buffer.from(r.listing, "latin1"), { durable: false });
    if (a.depsWithAssembly || a.depsFile) {
      const depFile = a.depsFile ?? output.replace(/\.[^./]*$/, "") + ".d";
      writeFileAtomic(depFile, depsText(target, r.dependencies, a.depsPhony), { durable: false });
    }
    return 0;
  },
};
