/**
 * `kernlab build`: NASM-syntax sources and ELF objects → one kernel ELF (+ link map), in one command:
 * assemble each source with kernlab's assembler, link everything with a layout or a GNU ld script.
 * Every error (source, layout, link) is reported with its location and nothing is written; outputs are
 * written atomically only after the whole build succeeded. Not the drop-ins (`kernlab nasm`, `kernlab ld`).
 */
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { formatDiagnostics, KernlabError, type Diagnostic } from "../../core/diagnostics";
import { writeFileAtomic } from "../../core/fs-atomic";
import { buildInputs } from "../../toolchain/build";
import { parseRecipe, RECIPE_FILE } from "../../toolchain/recipe";
import { defineCommand, parseOptions } from "../util/options";
import { colorEnabled } from "../util/color";
import { decodeSourceFile, encodeSourceText, type IncludeResolver } from "../../toolchain/asm/source";
import { fsResolver, READ_LIMITS, readInput, refuseOverwrite } from "../util/files";
import { toJson } from "../util/json";
import { loadLayout } from "../util/layout-file";
import { progress } from "../util/progress";
import { UsageError, type Command } from "./types";

const spec = defineCommand({
  usage: "kernlab build [options] (--layout FILE | -T SCRIPT) SOURCES.asm… OBJECTS.o…\nkernlab build [--recipe kernlab.json] [-o FILE] [--map FILE]",
  about: `Assemble NASM-syntax sources with kernlab's assembler and link them, with any ELF32 objects or ar
archives given, into an i386 kernel ELF. Nothing is written unless the whole build succeeds.`,
  options: [
    { name: "output", short: "o", arg: "FILE", help: "the kernel ELF (default: kernel.elf)" },
    { name: "map", arg: "FILE", help: "write the link map (text, as ld -Map)" },
    { name: "map-json", arg: "FILE", help: "write the link map as JSON" },
    { name: "layout", arg: "FILE", help: "kernlab layout: a .json file, or a .ts/.mts/.cts/.js/.mjs/.cjs module exporting it\n(default export or 'layout'). A module may also export 'includes' (an object, or a\nfunction returning one) of generated NASM include files, e.g.\n{ \"layout.inc\": \"KERNEL_BASE equ 0x100000\\n\" }: sources %include them by name,\nso the layout's numbers are written in one place only" },
    { name: "script", short: "T", arg: "FILE", help: "a GNU ld linker script instead of a layout" },
    { name: "include", short: "I", arg: "DIR", multiple: true, help: "add DIR to the %include search path (repeatable; like nasm -I)" },
    { name: "define", short: "D", arg: "N[=V]", multiple: true, help: "predefine a preprocessor macro (repeatable; like nasm -D)" },
    { name: "debug", arg: "FORMAT", help: "assemble with debug information, dwarf or stabs (like nasm -g -F FORMAT)" },
    { name: "recipe", arg: "FILE", help: "build as the recipe says (a kernlab.json: {\"sources\": [in link order],\n\"script\" or \"layout\", \"include\", \"define\", \"output\", \"map\", \"debug\"}; its paths are\nrelative to its folder). With no inputs at all, ./kernlab.json is read when\npresent. The lab reads the same file when it opens a project." },
  ],
  epilogue: `Inputs ending in .o, .obj or .a (or starting with an ELF or ar header) are linked as they are; every
other input is assembled as NASM source. With neither --layout nor -T the linker's default layout is used.

exit status: 0 built, 1 assembly or link errors (printed as file:line:col), 2 usage error.

example:
  kernlab build -o kernel.elf --map kernel.map --layout kernel/layout.ts boot/multiboot.asm kernel/*.asm`,
});

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
      return text !== null ? encodeSourceText(text) : fsResolver.readBinary(path);
    },
  };
}

export const command: Command = {
  summary: "assemble sources and link them with a layout or ld script into a kernel ELF (+ map)",
  help: spec.help,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, spec);
    if (values.help) {
      process.stdout.write(spec.help);
      return 0;
    }
    if (values.recipe === undefined && positionals.length === 0 && values.layout === undefined && values.script === undefined && existsSync(RECIPE_FILE)) {
      values.recipe = RECIPE_FILE;
    }
    if (values.recipe !== undefined) {
      // The recipe stands for the inputs and the assembler/linker options; -o and --map may still override.
      if (positionals.length || values.layout !== undefined || values.script !== undefined || values.include || values.define) {
        throw new UsageError("--recipe gives the inputs, -I/-D and the script or layout: give them in the recipe, not on the command line");
      }
      const recipe = parseRecipe(new TextDecoder().decode(readInput(values.recipe, "recipe")), values.recipe);
      const dir = dirname(values.recipe);
      const at = (p: string) => (dir === "." ? p : join(dir, p));
      positionals.push(...recipe.sources.map(at));
      if (recipe.script !== undefined) values.script = at(recipe.script);
      if (recipe.layout !== undefined) values.layout = at(recipe.layout);
      values.include = recipe.include.map(at);
      values.define = recipe.define;
      values.output ??= at(recipe.output);
      if (recipe.map !== undefined) values.map ??= at(recipe.map);
      if (recipe.debug !== undefined) values.debug ??= recipe.debug;
    }
    if (positionals.length === 0) throw new UsageError("no input files (give .asm sources and/or .o objects)", true);
    if (values.layout !== undefined && values.script !== undefined) throw new UsageError("give either --layout or -T, not both");
    const output = values.output ?? "kernel.elf";
    const debugFormat = values.debug?.toLowerCase();
    if (debugFormat !== undefined && debugFormat !== "dwarf" && debugFormat !== "stabs") throw new UsageError(`--debug is dwarf or stabs, got '${values.debug}'`);
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
      // An output never replaces an input (`-o main.asm`, a symlink to it): ld's refusal.
      const inputPaths = [...positionals, ...(values.script !== undefined ? [values.script] : []), ...(values.layout !== undefined ? [values.layout] : [])];
      refuseOverwrite(inputPaths, [output, ...(values.map !== undefined ? [values.map] : []), ...(values["map-json"] !== undefined ? [values["map-json"]] : [])]);

      // 2. The layout first: its module may generate include files the sources need.
      const loaded = values.layout !== undefined ? await loadLayout(values.layout) : undefined;
      const resolver = withIncludes(loaded?.includes ?? {});

      // 3. Assemble the sources, collecting every file's diagnostics before stopping; 4. link (toolchain/build.ts).
      const script = values.script !== undefined
        ? { text: new TextDecoder().decode(readInput(values.script, "linker script", READ_LIMITS.script)), file: values.script }
        : undefined;
      const built = buildInputs(inputs, {
        ...(loaded?.layout ? { layout: loaded.layout } : {}),
        ...(script ? { script } : {}),
        includePaths, defines, resolver,
        // DW_AT_comp_dir as nasm writes it: the source's own folder
        ...(debugFormat ? { debug: { format: debugFormat, compDir: (path: string) => { try { return dirname(realpathSync(path)) + "/"; } catch { return "./"; } } } } : {}),
        readFile: (path) => fsResolver.readBinary(path),
        progress: (what) => bar.update(what),
        // Files the script names (INPUT, GROUP, `crt.o(.text)`) and no input provides: read them as ld would.
        openFile: (name, lib, dirs) => {
          const candidates = lib ? dirs.map((d) => join(d, `lib${name}.a`)) : [name, ...dirs.map((d) => join(d, name))];
          for (const p of candidates) { const bytes = fsResolver.readBinary(p); if (bytes) return { name: p, bytes }; }
          return null;
        },
      });
      if (built.warnings.length) {
        bar.done();
        process.stderr.write(formatDiagnostics(built.warnings, { color }));
      }
      if (!built.ok) throw new KernlabError(built.errors);
      const linked = built;

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
