/**
 * `kernlab build`: NASM-syntax sources and ELF objects → one kernel ELF (+ link map), in one command:
 * assemble each source with kernlab's assembler, link everything with a layout or a GNU ld script.
 * Every error (source, layout, link) is reported with its location and nothing is written; outputs are
 * written atomically only after the whole build succeeded. Not the drop-ins (`kernlab nasm`, `kernlab ld`).
 */
import { extname, join } from "node:path";
import { diagnostic, formatDiagnostics, KernlabError, type Diagnostic } from "../../core/diagnostics";
import { writeFileAtomic } from "../../core/fs-atomic";
import { assemble } from "../../toolchain/asm/index";
import { link } from "../../toolchain/link/index";
import { parseCommandLine } from "../util/args";
import { colorEnabled } from "../util/color";
import type { IncludeResolver } from "../../toolchain/asm/source";
import { fsResolver, readInput } from "../util/files";
import { toJson } from "../util/json";
import { loadLayout } from "../util/layout-file";
import { progress } from "../util/progress";
import { UsageError, type Command } from "./types";

const help = `usage: kernlab build [options] (--layout FILE | -T SCRIPT) SOURCES.asm… OBJECTS.o…

Assemble NASM-syntax sources with kernlab's assembler and link them, with any ELF32 objects or ar
archives given, into an i386 kernel ELF. Nothing is written unless the whole build succeeds.

options:
  -o, --output FILE     the kernel ELF (default: kernel.elf)
      --map FILE        write the link map (text, as ld -Map)
      --map-json FILE   write the link map as JSON
      --layout FILE     kernlab layout: a .ts/.js module exporting it (default export or 'layout'),
                        or a .json file with the same fields. A module may also export 'includes'
                        (an object, or a function returning one) of generated NASM include files,
                        e.g. { "layout.inc": "KERNEL_BASE equ 0x100000\n" }: sources %include them
                        by name, so the layout's numbers are written in one place only
  -T, --script FILE     a GNU ld linker script instead of a layout
  -I, --include DIR     add DIR to the %include search path (repeatable; like nasm -I)
  -D, --define N[=V]    predefine a preprocessor macro (repeatable; like nasm -D)
  -h, --help            show this help

Inputs ending in .o, .obj or .a (or starting with an ELF or ar header) are linked as they are; every
other input is assembled as NASM source. With neither --layout nor -T the linker's default layout is used.

exit status: 0 built, 1 assembly or link errors (printed as file:line:col), 2 usage error.

example:
  kernlab build -o kernel.elf --map kernel.map --layout kernel/layout.ts boot/multiboot.asm kernel/*.asm
`;

const options = {
  output: { type: "string", short: "o" },
  map: { type: "string" },
  "map-json": { type: "string" },
  layout: { type: "string" },
  script: { type: "string", short: "T" },
  include: { type: "string", short: "I", multiple: true },
  define: { type: "string", short: "D", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const AR_MAGIC = "!<arch>\n";

/** An input is an object/archive by extension or by its first bytes; anything else is NASM source. */
function isBinaryInput(path: string, data: Uint8Array): boolean {
  const ext = extname(path).toLowerCase();
  if (ext === ".o" || ext === ".obj" || ext === ".a") return true;
  if (ELF_MAGIC.every((b, i) => data[i] === b)) return true;
  return new TextDecoder("latin1").decode(data.subarray(0, 8)) === AR_MAGIC;
}

/** `-D name=value` → { name, value }; `-D name` → { name }. */
function parseDefine(text: string): { name: string; value?: string } {
  const eq = text.indexOf("=");
  if (eq === 0) throw new UsageError(`-D expects NAME or NAME=VALUE, got '${text}'`);
  return eq < 0 ? { name: text } : { name: text.slice(0, eq), value: text.slice(eq + 1) };
}

/** NASM prepends -I prefixes literally, so give each a trailing slash as `nasm -I dir` users expect. */
function includePrefix(dir: string): string {
  return dir.endsWith("/") ? dir : dir + "/";
}

/** Disk, with generated include files in front: "layout.inc" answers both `layout.inc` and `kernel/layout.inc`. */
function withIncludes(includes: Record<string, string>): IncludeResolver {
  const names = Object.keys(includes);
  if (names.length === 0) return fsResolver;
  const find = (path: string) => {
    const name = names.find((n) => path === n || path.endsWith("/" + n));
    return name === undefined ? null : includes[name]!;
  };
  return {
    readText: (path) => find(path) ?? fsResolver.readText(path),
    readBinary: (path) => {
      const text = find(path);
      return text !== null ? new TextEncoder().encode(text) : fsResolver.readBinary(path);
    },
  };
}

/** The same error in a shared %include file is reported once, not once per source that includes it. */
function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = JSON.stringify([d.code, d.severity, d.text, d.location?.file, d.location?.line, d.location?.column]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const command: Command = {
  summary: "assemble sources and link them with a layout or ld script into a kernel ELF (+ map)",
  help,
  async run(argv) {
    const { values, positionals } = parseCommandLine(argv, options);
    if (values.help) {
      process.stdout.write(help);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError("no input files (give .asm sources and/or .o objects)", true);
    if (values.layout !== undefined && values.script !== undefined) throw new UsageError("give either --layout or -T, not both");
    const output = values.output ?? "kernel.elf";
    const defines = (values.define ?? []).map(parseDefine);
    const includePaths = (values.include ?? []).map(includePrefix);
    const color = colorEnabled(process.stderr);
    const bar = progress();
    try {
      // 1. Read every input (a missing one is reported with the others, not alone).
      const problems: Diagnostic[] = [];
      const inputs: { path: string; data: Uint8Array }[] = [];
      for (const path of positionals) {
        try {
          inputs.push({ path, data: readInput(path, "input") });
        } catch (e) {
          if (!(e instanceof KernlabError)) throw e;
          problems.push(...e.diagnostics);
        }
      }
      if (problems.length) throw new KernlabError(problems);

      // 2. The layout first: its module may generate include files the sources need.
      const loaded = values.layout !== undefined ? await loadLayout(values.layout) : undefined;
      const resolver = withIncludes(loaded?.includes ?? {});

      // 3. Assemble the sources; collect every file's diagnostics before stopping.
      const objects: { name: string; bytes: Uint8Array }[] = [];
      const warnings: Diagnostic[] = [];
      for (const { path, data } of inputs) {
        if (isBinaryInput(path, data)) {
          objects.push({ name: path, bytes: data });
          continue;
        }
        bar.update(`assembling ${path}…`);
        const result = assemble(new TextDecoder().decode(data), {
          file: path,
          format: "elf32",
          includePaths,
          defines,
          resolver,
        });
        for (const d of result.diagnostics) (d.severity === "error" ? problems : warnings).push(d);
        if (result.output) objects.push({ name: path.replace(/\.[^./]*$/, "") + ".o", bytes: result.output });
        else if (!result.diagnostics.some((d) => d.severity === "error")) {
          problems.push(diagnostic("assembly-failed", "the assembler produced no output", { file: path, line: 0, column: 0 }));
        }
      }
      if (warnings.length) {
        bar.done();
        process.stderr.write(formatDiagnostics(dedupe(warnings), { color }));
      }
      if (problems.length) throw new KernlabError(dedupe(problems));

      // 4. Link with the layout or the script.
      bar.update("linking…");
      const layout = loaded?.layout;
      const script = values.script !== undefined
        ? { text: new TextDecoder().decode(readInput(values.script, "linker script")), file: values.script }
        : undefined;
      const linked = link(objects, {
        ...(layout ? { layout } : {}),
        ...(script ? { script } : {}),
        readFile: (path) => fsResolver.readBinary(path),
        // Files the script names (INPUT, GROUP, `crt.o(.text)`) and no input provides: read them as ld would.
        openFile: (name, lib, dirs) => {
          const candidates = lib ? dirs.map((d) => join(d, `lib${name}.a`)) : [name, ...dirs.map((d) => join(d, name))];
          for (const p of candidates) { const bytes = fsResolver.readBinary(p); if (bytes) return { name: p, bytes }; }
          return null;
        },
      });
      if (linked.warnings.length) {
        bar.done();
        process.stderr.write(formatDiagnostics(linked.warnings, { color }));
      }

      // 5. Write outputs only now that everything succeeded (each one atomically).
      bar.update(`writing ${output}…`);
      writeFileAtomic(output, linked.image);
      if (values.map !== undefined) writeFileAtomic(values.map, linked.mapText);
      if (values["map-json"] !== undefined) writeFileAtomic(values["map-json"], toJson(linked.map));
      return 0;
    } finally {
      bar.done();
    }
  },
};
