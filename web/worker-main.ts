/**
 * The build worker's request handler: builds the sample kernel from the editor's files with kernlab's own
 * assembler and linker (kernel/build.ts, a library call, no server) and disassembles guest bytes. Bundled as
 * worker-main.js and loaded by web/worker.ts while iced-x86's WebAssembly compiles; nothing here may call
 * into iced-x86 before worker.ts has passed the module to provideIcedX86. User mistakes come back as
 * diagnostics; anything else comes back as an "error" message the page shows.
 */
import { isKernlabError, diagnostic } from "../core/diagnostics";
import { buildSampleKernel, type SampleObject } from "../kernel/build";
import { kernelSources } from "kernlab:kernel-sources";
import { disassemble } from "../toolchain/disasm";
import { symbolTable } from "../emulator/symbols";
import { buildInputs, type BuildInput } from "../toolchain/build";
import { mapResolver } from "../toolchain/asm/source";
import { defineLayout, type Layout, type LayoutSpec } from "../toolchain/link/index";
import { recipeDefines, type Recipe } from "../toolchain/recipe";
import { missingFile } from "./project";
import type { WorkerRequest, WorkerResponse } from "./protocol";

export { provideIcedX86 } from "./iced-wasm";

/**
 * Objects of earlier builds, keyed by source text, includes and layout (kernel/build.ts): a rebuild after an
 * edit assembles only what changed, and the first build of the page finds the bundled sources already
 * assembled by prebuild().
 */
const objectCache = new Map<string, SampleObject>();

/**
 * Assemble the bundled sample sources while the page is still loading (the page's first action is to build
 * them), so its first build is a relink. A failure here is not reported: the page's own build reports it.
 */
export function prebuild(): void {
  try {
    buildSampleKernel({ files: kernelSources, objectCache });
  } catch {
    /* the page's build will say why */
  }
}

function reply(m: WorkerResponse, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(m, transfer);
}

export function handleRequest(e: MessageEvent<WorkerRequest>): void {
  const req = e.data;
  try {
    if (req.kind === "build") {
      const t0 = performance.now();
      try {
        const { elf, mapText } = buildSampleKernel({ files: req.files, objectCache });
        const copy = elf.slice();
        reply({ id: req.id, kind: "build", ok: true, elf: copy, mapText, ms: performance.now() - t0 }, [copy.buffer]);
      } catch (err) {
        const diagnostics = isKernlabError(err)
          ? err.diagnostics
          : [diagnostic("internal-error", err instanceof Error ? `${err.name}: ${err.message}` : String(err))];
        reply({ id: req.id, kind: "build", ok: false, diagnostics, ms: performance.now() - t0 });
      }
    } else if (req.kind === "build-project") {
      const t0 = performance.now();
      try {
        const r = buildProject(req.files, req.recipe);
        if (r.ok) {
          const copy = r.image.slice();
          reply({ id: req.id, kind: "build", ok: true, elf: copy, mapText: r.mapText, warnings: r.warnings, ms: performance.now() - t0 }, [copy.buffer]);
        } else reply({ id: req.id, kind: "build", ok: false, diagnostics: [...r.errors, ...r.warnings], ms: performance.now() - t0 });
      } catch (err) {
        const diagnostics = isKernlabError(err)
          ? err.diagnostics
          : [diagnostic("internal-error", err instanceof Error ? `${err.name}: ${err.message}` : String(err))];
        reply({ id: req.id, kind: "build", ok: false, diagnostics, ms: performance.now() - t0 });
      }
    } else if (req.kind === "disassemble") {
      const symbols = req.kernel ? symbolTable(req.kernel) : null;
      const lines = disassemble(req.bytes, req.address, { count: req.count, ...(symbols ? { symbols: symbols.lookup } : {}) });
      reply({ id: req.id, kind: "disassemble", lines });
    }
  } catch (err) {
    reply({ id: req.id, kind: "error", message: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * A project's build, step for step what `kernlab build --recipe kernlab.json` does from the project's folder
 * (scripts/commands/build.ts): every missing input reported together, then the layout (JSON only here: a
 * .ts layout module cannot run in the page) or the script, then toolchain/build.ts over the files in memory.
 */
function buildProject(files: Record<string, Uint8Array>, recipe: Recipe): ReturnType<typeof buildInputs> {
  const missing = recipe.sources.filter((p) => !files[p]).map((p) => missingFile(p, "input"));
  if (missing.length) return { ok: false, errors: missing, warnings: [] };
  const inputs: BuildInput[] = recipe.sources.map((path) => ({ path, data: files[path]! }));
  let layout: Layout | undefined;
  if (recipe.layout !== undefined) {
    const where = { file: recipe.layout, line: 0, column: 0 };
    const bytes = files[recipe.layout];
    if (!bytes) return { ok: false, errors: [missingFile(recipe.layout, "layout")], warnings: [] };
    if (!/\.json$/i.test(recipe.layout)) return { ok: false, errors: [diagnostic("bad-layout", "the lab reads JSON layouts only (a .ts/.js layout module needs the CLI)", where)], warnings: [] };
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      return { ok: false, errors: [diagnostic("bad-layout", `layout is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, where)], warnings: [] };
    }
    layout = defineLayout(data as LayoutSpec);
  }
  let script: { text: string; file: string } | undefined;
  if (recipe.script !== undefined) {
    const bytes = files[recipe.script];
    if (!bytes) return { ok: false, errors: [missingFile(recipe.script, "linker script")], warnings: [] };
    script = { text: new TextDecoder().decode(bytes), file: recipe.script };
  }
  return buildInputs(inputs, {
    ...(layout ? { layout } : {}),
    ...(script ? { script } : {}),
    includePaths: recipe.include.map((d) => (d.endsWith("/") ? d : d + "/")),
    defines: recipeDefines(recipe),
    resolver: mapResolver(files),
    // DW_AT_comp_dir: the project has no folder on disk in the page; its sources are named relative to its root
    ...(recipe.debug ? { debug: { format: recipe.debug, compDir: () => "./" } } : {}),
    readFile: (path) => files[path] ?? files[path.replace(/^\.\//, "")] ?? null,
  });
}
