/**
 * `kernlab link`: link objects with kernlab's declarative layout (`--layout kernel/layout.ts`, a TS/JS module
 * exporting `default` or `layout`, or a JSON file), writing the kernel, a text map (`--map`) and a JSON map
 * (`--map-json`) atomically: on error nothing is written. Not the linker itself.
 */
import { formatDiagnostics } from "../../core/diagnostics";
import { writeFileAtomic } from "../../core/fs-atomic";
import { link } from "../../toolchain/link/index";
import { readInput, refuseOverwrite } from "../util/files";
import { loadLayout } from "../util/layout-file";
import { defineCommand, parseOptions } from "../util/options";
import { UsageError, type Command } from "./types";

const spec = defineCommand({
  usage: "kernlab link -o kernel.elf --layout kernel/layout.ts [options] objects...",
  about: "Link ELF32 objects and ar archives with kernlab's declarative layout. Nothing is written unless the link succeeds.",
  options: [
    { name: "output", short: "o", arg: "FILE", help: "output kernel (default kernel.elf)" },
    { name: "layout", arg: "FILE", help: "layout: a .json file or a .ts/.mts/.cts/.js/.mjs/.cjs module exporting default or layout" },
    { name: "map", arg: "FILE", help: "write the link map as text" },
    { name: "map-json", arg: "FILE", help: "write the link map as JSON" },
    { name: "binary", help: "write a flat binary instead of ELF" },
    { name: "gc-sections", help: "drop unreferenced sections" },
    { name: "entry", short: "e", arg: "SYMBOL", help: "entry point (default: the layout's)" },
  ],
  epilogue: "exit status: 0 linked, 1 link errors or an unreadable input, 2 usage error.",
});

export const command: Command = {
  summary: "link objects with kernlab's declarative layout (kernel/layout.ts)",
  help: spec.help,
  async run(argv) {
    const parsed = parseOptions(argv, spec);
    const v = parsed.values;
    if (v.help) { process.stdout.write(spec.help); return 0; }
    if (!v.layout) throw new UsageError("--layout is required", true);
    if (!parsed.positionals.length) throw new UsageError("no input objects", true);
    const { layout } = await loadLayout(v.layout);
    const inputs = parsed.positionals.map((p) => ({ name: p, bytes: readInput(p, "input") }));
    refuseOverwrite(parsed.positionals, [v.output ?? "kernel.elf", ...(v.map ? [v.map] : []), ...(v["map-json"] ? [v["map-json"]] : [])]);
    const result = link(inputs, { layout, ...(v.entry ? { entry: v.entry } : {}), ...(v.binary ? { oformat: "binary" as const } : {}), gcSections: !!v["gc-sections"] });
    if (result.warnings.length) process.stderr.write(formatDiagnostics(result.warnings));
    writeFileAtomic(v.output ?? "kernel.elf", result.image);
    if (v.map) writeFileAtomic(v.map, result.mapText);
    if (v["map-json"]) writeFileAtomic(v["map-json"], JSON.stringify(result.map, null, 2) + "\n");
    return 0;
  },
};
