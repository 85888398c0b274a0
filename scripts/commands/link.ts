/**
 * `kernlab link`: link objects with kernlab's declarative layout (`--layout kernel/layout.ts`, a TS/JS module
 * exporting `default` or `layout`, or a JSON file), writing the kernel, a text map (`--map`) and a JSON map
 * (`--map-json`) atomically: on error nothing is written. Not the linker itself.
 */
import { existsSync } from "node:fs";
import { readInput, refuseOverwrite } from "../util/files";
import { parseArgs } from "node:util";
import { formatDiagnostics } from "../../core/diagnostics";
import { writeFileAtomic } from "../../core/fs-atomic";
import { link } from "../../toolchain/link/index";
import { loadLayout } from "../util/layout-file";
import { UsageError, type Command } from "./types";

const HELP = `usage: kernlab link -o kernel.elf --layout kernel/layout.ts [options] objects...
  -o, --output FILE      output kernel (default kernel.elf)
  --layout FILE          layout module (.ts/.js exporting default or layout) or .json
  --map FILE             write the link map as text
  --map-json FILE        write the link map as JSON
  --binary               write a flat binary instead of ELF
  --gc-sections          drop unreferenced sections
  -e, --entry SYMBOL     entry point (default: the layout's)
`;

/** Load a layout file: JSON, or a module whose `default` or `layout` export is a layout (spec or normalised). */
export const command: Command = {
  summary: "link objects with kernlab's declarative layout (kernel/layout.ts)",
  help: HELP,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv, allowPositionals: true, strict: true,
        options: {
          output: { type: "string", short: "o" }, layout: { type: "string" }, map: { type: "string" }, "map-json": { type: "string" },
          binary: { type: "boolean" }, "gc-sections": { type: "boolean" }, entry: { type: "string", short: "e" }, help: { type: "boolean", short: "h" },
        },
      });
    } catch (e) { throw new UsageError((e as Error).message, true); }
    const v = parsed.values;
    if (v.help) { process.stdout.write(HELP); return 0; }
    if (!v.layout) throw new UsageError("--layout is required", true);
    if (!parsed.positionals.length) throw new UsageError("no input objects", true);
    const { layout } = await loadLayout(v.layout);
    const inputs = parsed.positionals.map((p) => {
      if (!existsSync(p)) throw new UsageError(`cannot read ${p}: no such file`);
      return { name: p, bytes: readInput(p, "input") };
    });
    refuseOverwrite(parsed.positionals, [v.output ?? "kernel.elf", ...(v.map ? [v.map] : []), ...(v["map-json"] ? [v["map-json"]] : [])]);
    const result = link(inputs, { layout, ...(v.entry ? { entry: v.entry } : {}), ...(v.binary ? { oformat: "binary" as const } : {}), gcSections: !!v["gc-sections"] });
    if (result.warnings.length) process.stderr.write(formatDiagnostics(result.warnings));
    writeFileAtomic(v.output ?? "kernel.elf", result.image);
    if (v.map) writeFileAtomic(v.map, result.mapText);
    if (v["map-json"]) writeFileAtomic(v["map-json"], JSON.stringify(result.map, null, 2) + "\n");
    return 0;
  },
};
