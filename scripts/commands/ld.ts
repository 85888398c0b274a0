/**
 * `kernlab ld`: a drop-in for the GNU ld command line that kernel Makefiles use (`make LD="npx kernlab ld"`).
 * A documented, table-driven scan handles ld's odd flag shapes (`-Ttext 0x100000`, `-Map=file`, `-melf_i386`,
 * `-z max-page-size=0x1000`); inputs are read from disk, archives for `-l` are searched as ld searches them,
 * and outputs are written atomically (on error nothing is written). Not the linker itself.
 */
import { chmodSync, existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { diagnostic, formatDiagnostics, KernlabError } from "../../core/diagnostics";
import { writeFileAtomic } from "../../core/fs-atomic";
import { link, type LinkInput, type LinkOptions } from "../../toolchain/link/index";
import { READ_LIMITS, readBounded, refuseOverwrite } from "../util/files";
import { UsageError, type Command } from "./types";

export interface LdArgs {
  inputs: { kind: "file" | "lib"; name: string }[];
  output: string;
  script: string | null;
  /** How many inputs precede -T on the command line (ld opens the script's INPUT files there). */
  scriptPosition: number;
  entry: string | null;
  /** -u SYMBOL / --undefined=SYMBOL. */
  undefinedSymbols: string[];
  sectionStarts: Record<string, number>;
  mapFile: string | null;
  printMap: boolean;
  libDirs: string[];
  oformat: "elf32" | "binary" | null;
  gcSections: boolean;
  strip: "none" | "debug" | "all";
  /** -x: no local symbols; -X: none named like compiler temporaries (.L…). */
  discardLocals: "none" | "temporary" | "all";
  maxPageSize: number | null;
  /** -z execstack / -z noexecstack (null: from the inputs). */
  execStack: boolean | null;
  buildId: boolean;
  help: boolean;
  version: boolean;
}

function parseAddress(flag: string, v: string | undefined): number {
  if (v === undefined) throw new UsageError(`option '${flag}' needs an address`);
  const t = v.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? Number.parseInt(t, 16) : /^[0-9a-f]+$/i.test(t) ? Number.parseInt(t, 16) : NaN;
  if (!Number.isFinite(n) || n > 0xffffffff) throw new UsageError(`invalid address '${v}' for ${flag}`);
  return n;
}

function parseNumber(flag: string, v: string): number {
  const n = /^0x/i.test(v) ? Number.parseInt(v, 16) : Number.parseInt(v, 10);
  if (!Number.isFinite(n)) throw new UsageError(`invalid number '${v}' for ${flag}`);
  return n;
}

/**
 * The flag table. Each entry: the spellings, whether it takes a value, and what it does. A value may be
 * joined (`-ofile`, `-Map=file`, `--entry=x`) or the next argument, as ld accepts both.
 */
type Handler = (a: LdArgs, value: string, flag: string) => void;
const FLAGS: { names: string[]; value: boolean; joined?: boolean; run: Handler }[] = [
  { names: ["-m"], value: true, joined: true, run: (_a, v) => { if (v !== "elf_i386") throw new UsageError(`unsupported emulation '${v}' (kernlab ld links elf_i386 only)`); } },
  { names: ["-Ttext", "--Ttext"], value: true, run: (a, v, f) => { a.sectionStarts[".text"] = parseAddress(f, v); } },
  { names: ["-Tdata", "--Tdata"], value: true, run: (a, v, f) => { a.sectionStarts[".data"] = parseAddress(f, v); } },
  { names: ["-Tbss", "--Tbss"], value: true, run: (a, v, f) => { a.sectionStarts[".bss"] = parseAddress(f, v); } },
  { names: ["-Ttext-segment", "--Ttext-segment"], value: true, run: (a, v, f) => { a.sectionStarts["text-segment"] = parseAddress(f, v); } },
  { names: ["--section-start"], value: true, run: (a, v, f) => {
    const eq = v.lastIndexOf("=");
    if (eq <= 0) throw new UsageError(`${f} expects SECTION=ADDRESS, got '${v}'`);
    a.sectionStarts[v.slice(0, eq)] = parseAddress(f, v.slice(eq + 1));
  } },
  { names: ["-T", "--script"], value: true, joined: true, run: (a, v) => { a.script = v; a.scriptPosition = a.inputs.length; } },
  { names: ["-o", "--output"], value: true, joined: true, run: (a, v) => { a.output = v; } },
  { names: ["-e", "--entry"], value: true, joined: true, run: (a, v) => { a.entry = v; } },
  { names: ["-u", "--undefined"], value: true, joined: true, run: (a, v) => { a.undefinedSymbols.push(v); } },
  { names: ["-Map", "--Map"], value: true, run: (a, v) => { a.mapFile = v; } },
  { names: ["-L", "--library-path"], value: true, joined: true, run: (a, v) => { a.libDirs.push(v); } },
  { names: ["-l", "--library"], value: true, joined: true, run: (a, v) => { a.inputs.push({ kind: "lib", name: v }); } },
  { names: ["--oformat"], value: true, run: (a, v) => {
    if (v === "binary") a.oformat = "binary";
    else if (v === "elf32-i386") a.oformat = "elf32";
    else throw new UsageError(`unsupported output format '${v}' (elf32-i386 or binary)`);
  } },
  { names: ["-z"], value: true, joined: true, run: (a, v) => {
    const m = /^(max-page-size|common-page-size)=(.+)$/.exec(v);
    if (m) { if (m[1] === "max-page-size") a.maxPageSize = parseNumber("-z max-page-size", m[2]!); return; }
    if (v === "execstack" || v === "noexecstack") { a.execStack = v === "execstack"; return; }
    if (["norelro", "relro", "separate-code", "noseparate-code", "nodefaultlib", "noexecheap"].includes(v)) return;
    throw new UsageError(`unsupported option '-z ${v}'`);
  } },
  { names: ["--build-id"], value: false, run: () => { throw new UsageError("--build-id is not supported (use --build-id=none)"); } },
  { names: ["-no-pie", "--no-pie", "-nostdlib", "-static", "-Bstatic", "--no-dynamic-linker", "-nostartfiles", "--start-group", "--end-group", "-(", "-)",
    "--no-warn-rwx-segments", "--no-warn-execstack", "--warn-common", "--no-undefined", "--no-gc-sections", "--no-relax", "-g", "-O1", "-O2", "-O0", "--sort-common=none"],
    value: false, run: () => {} },
  { names: ["-s", "--strip-all"], value: false, run: (a) => { a.strip = "all"; } },
  { names: ["-x", "--discard-all"], value: false, run: (a) => { a.discardLocals = "all"; } },
  { names: ["-X", "--discard-locals"], value: false, run: (a) => { if (a.discardLocals === "none") a.discardLocals = "temporary"; } },
  { names: ["-S", "--strip-debug"], value: false, run: (a) => { if (a.strip === "none") a.strip = "debug"; } },
  { names: ["--gc-sections"], value: false, run: (a) => { a.gcSections = true; } },
  { names: ["-M", "--print-map"], value: false, run: (a) => { a.printMap = true; } },
  { names: ["--help", "-h"], value: false, run: (a) => { a.help = true; } },
  { names: ["-v", "-V", "--version"], value: false, run: (a) => { a.version = true; } },
];

export function parseLdArgs(argv: string[]): LdArgs {
  const a: LdArgs = {
    inputs: [], output: "a.out", script: null, scriptPosition: 0, entry: null, undefinedSymbols: [], sectionStarts: {}, mapFile: null, printMap: false, libDirs: [],
    oformat: null, execStack: null, gcSections: false, strip: "none", discardLocals: "none", maxPageSize: null, buildId: false, help: false, version: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("-") || arg === "-") { a.inputs.push({ kind: "file", name: arg }); continue; }
    if (arg === "--build-id=none") continue;
    let matched = false;
    // Exact spellings first (so -Ttext is not read as -T with "text"), then "--name=value", then joined short forms.
    for (const f of FLAGS) {
      if (f.names.includes(arg)) {
        let v = "";
        if (f.value) {
          v = argv[++i] ?? "";
          if (i >= argv.length) throw new UsageError(`option '${arg}' needs a value`);
        }
        f.run(a, v, arg);
        matched = true;
        break;
      }
      if (f.value) {
        const eqName = f.names.find((n) => arg.startsWith(n + "="));
        if (eqName) { f.run(a, arg.slice(eqName.length + 1), eqName); matched = true; break; }
      }
    }
    if (matched) continue;
    for (const f of FLAGS) {
      if (!f.value || !f.joined) continue;
      const short = f.names.find((n) => /^-[a-zA-Z]$/.test(n) && arg.startsWith(n) && arg.length > 2);
      if (short) { f.run(a, arg.slice(2), short); matched = true; break; }
    }
    if (!matched) throw new UsageError(`unrecognized option '${arg}'`, false);
  }
  return a;
}

/** `-lname` → lib<name>.a (static link) in -L dirs, then the script's directory; `-l:file` → exact name. */
function findLibrary(name: string, dirs: string[], cwd: string): string | null {
  const candidates = name.startsWith(":") ? [name.slice(1)] : [`lib${name}.a`];
  for (const d of dirs) for (const c of candidates) { const p = join(d, c); if (existsSync(resolve(cwd, p))) return p; }
  return null;
}

/** A missing input is not a usage mistake: ld says so and exits 1. */
function notFound(text: string): KernlabError {
  return new KernlabError(diagnostic("input-not-found", `${text}: No such file or directory`));
}

/** An input file, bounded (scripts/util/files.ts); ld's wording: "cannot find X: <why>". */
/** A path relative to `cwd` as the process can open it, kept as typed when `cwd` is the process's own (messages name it so). */
function at(cwd: string, path: string): string {
  return isAbsolute(path) || resolve(cwd) === process.cwd() ? path : resolve(cwd, path);
}

function readInput(path: string, cwd: string): Uint8Array {
  try {
    return readBounded(at(cwd, path), "input file", READ_LIMITS.object);
  } catch (e) {
    if (!(e instanceof KernlabError)) throw e;
    const d = e.diagnostics[0]!;
    const why = /: ([^:]*)$/.exec(d.text)?.[1] ?? "unreadable";
    if (d.code === "file-not-found" && why === "no such file or directory") throw notFound(`cannot find ${path}`);
    throw new KernlabError(diagnostic(d.code, `cannot find ${path}: ${d.code === "file-too-large" ? d.text : why}`, { file: path, line: 0, column: 0 }));
  }
}

/** A file the script names, searched as ld searches (the name as given, then along -L). */
function openScriptFile(name: string, lib: boolean, dirs: string[], cwd: string): LinkInput | null {
  if (lib) { const p = findLibrary(name, dirs, cwd); return p ? { name: p, bytes: readInput(p, cwd) } : null; }
  const candidates = isAbsolute(name) ? [name] : [name, ...dirs.map((d) => join(d, name))];
  for (const p of candidates) {
    const at = resolve(cwd, p);
    if (existsSync(at) && statSync(at).isFile()) return { name: p, bytes: readInput(p, cwd) };
  }
  return null;
}

/**
 * The link an `ld` command line asks for: its inputs read (relative names from `cwd`) and its options. Throws
 * KernlabError("input-not-found") for a missing input, library or script, as ld fails on them (exit 1).
 */
export function prepareLd(a: LdArgs, cwd = process.cwd()): { inputs: LinkInput[]; options: LinkOptions } {
  const inputs: LinkInput[] = [];
  const searchDirs = [...a.libDirs];
  if (a.script) searchDirs.push(dirname(a.script));
  for (const inp of a.inputs) {
    if (inp.kind === "file") { inputs.push({ name: inp.name, bytes: readInput(inp.name, cwd) }); continue; }
    const p = findLibrary(inp.name, searchDirs, cwd);
    if (!p) throw notFound(`cannot find -l${inp.name}`);
    inputs.push({ name: p, bytes: readInput(p, cwd) });
  }
  const options: LinkOptions = {
    readFile: (p) => {
      for (const cand of [p, ...searchDirs.map((d) => join(d, p))]) { if (existsSync(at(cwd, cand))) return readBounded(at(cwd, cand), "input file", READ_LIMITS.object); }
      return null;
    },
    openFile: (name, lib, scriptDirs) => openScriptFile(name, lib, [...a.libDirs, ...scriptDirs], cwd),
    scriptPosition: a.scriptPosition,
    sectionStarts: a.sectionStarts, gcSections: a.gcSections, strip: a.strip, buildId: false,
    // GNU ld writes a kernel whose Multiboot header loaders cannot find: so does the drop-in, with a warning.
    multibootCheck: "warning",
  };
  if (a.script) {
    let text: string;
    if (!existsSync(at(cwd, a.script))) throw notFound(`cannot open linker script file ${a.script}`);
    text = new TextDecoder().decode(readBounded(at(cwd, a.script), "linker script file", READ_LIMITS.script));
    options.script = { text, file: a.script };
  }
  if (a.entry) options.entry = a.entry;
  if (a.undefinedSymbols.length) options.undefinedSymbols = a.undefinedSymbols;
  if (a.oformat) options.oformat = a.oformat;
  if (a.maxPageSize) options.maxPageSize = a.maxPageSize;
  if (a.execStack !== null) options.execStack = a.execStack;
  if (a.discardLocals !== "none") options.discardLocals = a.discardLocals;
  return { inputs, options };
}

export const HELP = `usage: kernlab ld [options] file...
A drop-in for GNU ld's command line (elf_i386, static kernels).
  -m elf_i386             emulation (only elf_i386)
  -T script               GNU ld linker script
  -o file                 output (default a.out)
  -e symbol               entry point
  -u symbol               make symbol undefined (pulls it from an archive)
  -Ttext/-Tdata/-Tbss ADDR, --section-start=SEC=ADDR
  -Map file, -Map=file    write a link map; -M/--print-map prints it
  -L dir, -l name         archive search (lib<name>.a, -l:file)
  -s / -S                 strip all symbols / debug sections
  -x / -X                 discard all local symbols / local .L… symbols
  --gc-sections           drop unreferenced sections
  --oformat binary        flat binary output (also OUTPUT_FORMAT("binary"))
  -z noexecstack/execstack PT_GNU_STACK without/with execute permission
  --build-id=none, -z max-page-size=N, -nostdlib, -static (accepted)
`;

export const command: Command = {
  summary: "link ELF32 objects with GNU ld's command line (drop-in for ld -m elf_i386)",
  help: HELP,
  async run(argv) {
    const a = parseLdArgs(argv);
    if (a.help) { process.stdout.write(HELP); return 0; }
    if (a.version) { process.stdout.write("kernlab ld (compatible with GNU ld 2.40 command lines)\n"); return 0; }
    if (!a.inputs.length) throw new UsageError("no input files", true);
    const { inputs, options } = prepareLd(a);
    refuseOverwrite([...inputs.map((i) => i.name), ...(a.script ? [a.script] : [])], [a.output, ...(a.mapFile ? [a.mapFile] : [])]);
    const result = link(inputs, options);
    if (result.warnings.length) process.stderr.write(formatDiagnostics(result.warnings));
    // Like ld: no fsync; the rename still means a killed run never leaves a half-written kernel.
    writeFileAtomic(a.output, result.image, { durable: false });
    // As ld (bfd's _maybe_make_executable): an output image is executable, 0777 minus the umask.
    chmodSync(a.output, 0o777 & ~process.umask());
    if (a.mapFile) writeFileAtomic(a.mapFile, result.mapText, { durable: false });
    if (a.printMap) process.stdout.write(result.mapText);
    return 0;
  },
};
