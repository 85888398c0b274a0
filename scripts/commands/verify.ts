/**
 * `kernlab verify kernel.elf`: boot a kernel, report its layout from guest RAM, check rules (from a kernlab
 * layout or a rules file) and a layout snapshot; exit 0 when everything holds, 1 with the readable diff when
 * not, 2 on usage mistakes. The work is verify/ (runAndReport, rules, snapshots); this file is the command
 * line only.
 */
import { rmSync } from "node:fs";
import { extname } from "node:path";
import { writeFileAtomic } from "../../core/fs-atomic";
import { diagnostic, KernlabError } from "../../core/diagnostics";
import { describeVerdict } from "../../emulator/verdict";
import { compareSnapshot } from "../../verify/diff";
import { drawMemoryMap } from "../../core/memory-map";
import { reportRegions } from "../../verify/report";
import { runAndReport, type RunReportOptions } from "../../verify/run";
import { checkRules, defaultRules, formatRuleResults, neverRan, parseSize, ruleFromSpec, rulesFromLayout, type LayoutRule, type RuleSpec } from "../../verify/rules";
import { verifyMatrix, type MatrixJob } from "../../verify/matrix";
import { takeSnapshot } from "../../verify/snapshot";
import { readSnapshotFile, writeSnapshotFile } from "../../verify/snapshot-file";
import { integerOption, timeoutOption } from "../util/args";
import { defineCommand, parseOptions } from "../util/options";
import { paint } from "../util/color";
import { readInput, refuseOverwrite } from "../util/files";
import { printJson } from "../util/json";
import { progress } from "../util/progress";
import { loadLayout } from "../util/layout-file";
import { importUserModule, isModulePath, moduleExtensionsText } from "../util/modules";
import { UsageError, type Command } from "./types";

const spec = defineCommand({
  usage: "kernlab verify KERNEL.elf [--layout FILE | --rules FILE] [--snapshot FILE [--update]] [options]\nkernlab verify KERNEL.elf KERNEL2.elf … [--layout FILE | --rules FILE.json] [--workers N] [options]",
  about: `Boots the kernel in v86, reads its real layout from guest RAM (sections, boundary symbols, heap, stack
high-water by painting, page tables, physical ownership) and checks it.`,
  options: [
    { name: "layout", arg: "FILE", help: "a kernlab layout (a .json file or a .ts/.mts/.cts/.js/.mjs/.cjs module): its promises\nbecome the rules (first section at base, order, alignment, no overlap, heap and stack sizes)" },
    { name: "rules", arg: "FILE", help: "rules as JSON ([{\"rule\":\"startsAt\",\"args\":[\".text\",\"0x100000\"]}, …] or\n{\"rules\":[…],\"report\":{…}}) or a module exporting 'rules' (LayoutRule[],\ncustom rule(name, fn) allowed) and optionally 'report' (options below as data)" },
    { name: "snapshot", arg: "FILE", help: "compare with this layout snapshot (written when missing, except under CI:\nwith the CI environment variable set a missing snapshot fails, as in vitest)" },
    { name: "update", help: "rewrite the snapshot from this run (atomically; keeps its tolerances)" },
    { name: "tolerance", arg: "P=N", multiple: true, help: "let fact P drift by N bytes (glob, e.g. 'stack/highWater=1K'; repeatable)" },
    { name: "at", arg: "ID", help: "take the report at checkpoint ID (default: when the run ends)" },
    { name: "symbol", arg: "NAME", multiple: true, help: "also report (and snapshot) this symbol (repeatable)" },
    { name: "heap-top", arg: "SYMBOL", help: "the u32 variable holding the heap break (for heapGrowsUp)" },
    { name: "memory", arg: "MIB", help: "guest RAM (default 32)" },
    { name: "timeout", arg: "T", help: "end the run after T: 5000, 500ms, 5s (guest time, default 10s) or\n2000000i, 20M (guest instructions; K/M/G = 10^3/10^6/10^9), as kernlab run" },
    { name: "clock", arg: "C", help: "guest time for the PIT and RTC: virtual (default: derived from instructions,\nhlt waits skipped, every run identical) or realtime (host wall time)" },
    { name: "allow-exit-code", help: "with the default rules, accept a guest that exits with a code other than 0" },
    { name: "map", help: "also draw the physical memory map the report found (to scale)" },
    { name: "workers", arg: "N", help: "with several kernels: boot them on N worker threads (default 2), with a\nprogress line on a terminal and a summary table (no --snapshot, --map, or\nrules module: rules travel to the workers as JSON)" },
    { name: "json", help: "print {pass, verdict, rules, snapshot, report} as JSON" },
    { name: "record", arg: "FILE", help: "record the run (.klrec, for kernlab replay and the lab) and keep FILE when the\nverification fails (a CI artifact); removed on success unless --keep-record" },
    { name: "keep-record", help: "keep the --record file when the verification passes too" },
  ],
  epilogue: `With neither --layout nor --rules the rules are: noOverlap(), every read-only section in RAM equal to the
file, and, for a guest that exits, exitsWith(0) unless --allow-exit-code.
Exit status: 0 all hold, 1 a rule or the snapshot failed (or the kernel could not run), 2 usage error.`,
});

interface RulesFile { rules: LayoutRule[]; report: Partial<RunReportOptions>; specs: RuleSpec[] | null }

function bad(path: string, text: string): never {
  throw new KernlabError(diagnostic("bad-rules", text, { file: path, line: 0, column: 0 }));
}

/** The `report` options a rules file may carry (symbols, heap.topSymbol, stack, at, cr3s). */
function reportOptions(path: string, v: unknown): Partial<RunReportOptions> {
  if (v === undefined) return {};
  if (!v || typeof v !== "object") bad(path, "'report' must be an object");
  const o = v as Record<string, unknown>;
  const out: Partial<RunReportOptions> = {};
  if (Array.isArray(o.symbols)) out.symbols = o.symbols.map(String);
  if (o.heap && typeof o.heap === "object") {
    const h = o.heap as Record<string, unknown>;
    out.heap = {};
    if (typeof h.topSymbol === "string") out.heap.topSymbol = h.topSymbol;
    if (h.start !== undefined) out.heap.start = parseSize(h.start, "report.heap.start");
    if (h.end !== undefined) out.heap.end = parseSize(h.end, "report.heap.end");
  }
  if (o.stack && typeof o.stack === "object") {
    const s = o.stack as Record<string, unknown>;
    out.stack = { bottom: parseSize(s.bottom, "report.stack.bottom"), top: parseSize(s.top, "report.stack.top") };
  }
  if (o.at !== undefined) out.at = o.at === "end" ? "end" : parseSize(o.at, "report.at");
  if (Array.isArray(o.cr3s)) out.cr3s = o.cr3s.map((x) => parseSize(x, "report.cr3s"));
  return out;
}

async function loadRules(path: string): Promise<RulesFile> {
  const ext = extname(path).toLowerCase();
  if (ext === ".json") {
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder().decode(readInput(path, "rules")));
    } catch (e) {
      if (e instanceof KernlabError) throw e;
      bad(path, `rules file is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    const list = Array.isArray(data) ? data : (data as { rules?: unknown })?.rules;
    if (!Array.isArray(list)) bad(path, "a rules file is a JSON array of rules, or an object with a 'rules' array");
    const rules = list.map((spec, i) => {
      try {
        return ruleFromSpec(spec as RuleSpec);
      } catch (e) {
        bad(path, `rules[${i}]: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    try {
      return { rules, specs: list as RuleSpec[], report: Array.isArray(data) ? {} : reportOptions(path, (data as { report?: unknown }).report) };
    } catch (e) {
      if (e instanceof KernlabError) throw e;
      bad(path, e instanceof Error ? e.message : String(e));
    }
  }
  if (!isModulePath(path)) bad(path, `a rules file must end in .json, ${moduleExtensionsText}`);
  readInput(path, "rules"); // a missing file is a located error, not an import failure
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(path);
  } catch (e) {
    bad(path, `cannot load rules module: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
  const rules = mod.rules ?? mod.default;
  if (!Array.isArray(rules) || !rules.every((r) => r && typeof (r as LayoutRule).check === "function")) {
    bad(path, "the rules module must export 'rules' (or a default export): an array of rules from kernlab's verify/rules");
  }
  return { rules: rules as LayoutRule[], specs: null, report: reportOptions(path, mod.report) };
}

function parseTolerances(list: string[] | undefined): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const t of list ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(t);
    if (!m) throw new UsageError(`--tolerance expects PATH=BYTES (like stack/highWater=1K), got '${t}'`);
    const v = m[2]!.trim();
    if (v === "any") { out[m[1]!.trim()] = "any"; continue; }
    const n = integerOption("--tolerance", v, 0);
    out[m[1]!.trim()] = n;
  }
  return out;
}

export const command: Command = {
  summary: "boot a kernel and check its real layout against rules and a snapshot",
  help: spec.help,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, spec);
    if (values.help) { process.stdout.write(spec.help); return 0; }
    if (positionals.length === 0) throw new UsageError("no kernel given", true);
    if (positionals.length > 1) {
      for (const o of ["snapshot", "update", "map"] as const) if (values[o] !== undefined) throw new UsageError(`--${o} works on one kernel at a time, got ${positionals.length}`);
    } else if (values.workers !== undefined) throw new UsageError("--workers is for several kernels");
    if (values.layout !== undefined && values.rules !== undefined) throw new UsageError("give either --layout or --rules, not both");
    if (values.update && values.snapshot === undefined) throw new UsageError("--update needs --snapshot FILE");
    const tolerances = parseTolerances(values.tolerance);
    const memoryMiB = integerOption("--memory", values.memory, 32);
    const timeout = timeoutOption("--timeout", values.timeout, { ms: 10_000 });
    const at = values.at === undefined ? undefined : integerOption("--at", values.at, 0);
    const clock = values.clock ?? "virtual";
    if (clock !== "virtual" && clock !== "realtime") throw new UsageError(`--clock: expected virtual or realtime, got '${clock}'`);
    const recordTo = values.record;
    if (recordTo !== undefined) {
      if (recordTo === "") throw new UsageError("option '--record' expects a file name");
      if (positionals.length > 1) throw new UsageError(`--record works on one kernel at a time, got ${positionals.length}`);
      if (clock === "realtime") throw new UsageError("options '--record' and '--clock realtime' contradict each other (a recording runs on the virtual clock)");
      refuseOverwrite([positionals[0]!, ...(values.layout !== undefined ? [values.layout] : []), ...(values.rules !== undefined ? [values.rules] : []), ...(values.snapshot !== undefined ? [values.snapshot] : [])], [recordTo]);
    } else if (values["keep-record"]) throw new UsageError("--keep-record needs --record FILE");

    if (positionals.length > 1) {
      const workers = integerOption("--workers", values.workers, 2);
      if (workers < 1) throw new UsageError("--workers must be at least 1");
      return verifyMany(positionals, { layout: values.layout, rules: values.rules, memoryMiB, workers, json: !!values.json, allowExitCode: !!values["allow-exit-code"],
        report: { timeout, clock, ...(at !== undefined ? { at } : {}), ...(values.symbol?.length ? { symbols: values.symbol } : {}),
          ...(values["heap-top"] !== undefined ? { heap: { topSymbol: values["heap-top"] } } : {}) } });
    }
    const file = positionals[0]!;
    const elf = readInput(file, "kernel");
    const layout = values.layout !== undefined ? (await loadLayout(values.layout)).layout : undefined;
    const rulesFile = values.rules !== undefined ? await loadRules(values.rules) : null;
    const expected = values.snapshot !== undefined ? readSnapshotFile(values.snapshot) : null;

    const opts: RunReportOptions = { fileName: file, memoryMiB, timeout, clock, ...(rulesFile?.report ?? {}) };
    if (layout) opts.layout = layout;
    if (at !== undefined) opts.at = at;
    if (values.symbol?.length) opts.symbols = [...(opts.symbols ?? []), ...values.symbol];
    // The symbols frozen in the snapshot are reported again, so the comparison sees them.
    if (expected?.symbols && !values.update) opts.symbols = [...(opts.symbols ?? []), ...Object.keys(expected.symbols)];
    if (values["heap-top"] !== undefined) opts.heap = { ...(opts.heap ?? {}), topSymbol: values["heap-top"] };
    if (recordTo !== undefined) opts.record = true;

    const bar = progress();
    bar.update(`booting ${file}…`);
    let run;
    try {
      run = await runAndReport(elf, opts);
    } finally {
      bar.done();
    }
    const { report } = run;
    const verdict = report.run.verdict;
    const broken = neverRan(verdict);

    // A layout or a rules file says for itself whether the exit code matters (exitsWith); the default rules
    // fail a guest that reports failure through its exit code unless the user accepts it.
    const rules: LayoutRule[] = layout ? rulesFromLayout(layout) : rulesFile ? rulesFile.rules : defaultRules(report, { allowExitCode: !!values["allow-exit-code"] });
    // A kernel that never ran has no layout in RAM to judge: its verdict is the whole answer.
    const checked = broken ? { pass: false, results: [] } : checkRules(report, rules);

    let snapshotText = "";
    let snapshotPass = true;
    let snapshotWritten = false;
    let comparison = null;
    if (values.snapshot !== undefined) {
      const actual = takeSnapshot(report, { tolerances: { ...(expected?.tolerances ?? {}), ...tolerances } });
      if (!expected && !values.update && underCi()) {
        snapshotPass = false;
        snapshotText = `snapshot ${values.snapshot} is missing; under CI (the CI environment variable is set) it is not written: create it with --update and commit it\n`;
      } else if (!broken && (!expected || values.update)) {
        writeSnapshotFile(values.snapshot, actual);
        snapshotText = `${expected ? "updated" : "wrote"} snapshot ${values.snapshot}\n`;
        snapshotWritten = true;
      } else if (expected) {
        comparison = compareSnapshot(expected, actual, { tolerances });
        snapshotPass = comparison.pass;
        snapshotText = comparison.changes.length === 0 ? `snapshot ${values.snapshot}: matches\n`
          : `snapshot ${values.snapshot}: ${comparison.pass ? "matches within tolerances" : "differs"}\n` + comparison.text.replace(/^/gm, "  ").replace(/  $/, "");
      }
    }
    const pass = !broken && checked.pass && snapshotPass;
    let recordText = "";
    if (recordTo !== undefined && run.recording) {
      if (!pass || values["keep-record"]) {
        writeFileAtomic(recordTo, run.recording);
        recordText = `recorded the run to ${recordTo} (${run.recording.length} bytes; kernlab replay ${recordTo})\n`;
      } else {
        rmSync(recordTo, { force: true });
      }
    }

    if (values.json) {
      printJson({ pass, verdict, rules: checked.results, snapshot: comparison, report });
      return pass ? 0 : 1;
    }
    const p = paint(process.stdout);
    const where = report.run.at === "end" ? "at the end of the run" : `at checkpoint ${report.run.at}`;
    const lines = [`${file}: ${describeVerdict(verdict)}; checkpoints ${report.run.checkpoints.join(", ") || "none"}; layout read ${where}`];
    if (report.run.missedCheckpoint !== null) lines.push(p.yellow(`warning: checkpoint ${report.run.missedCheckpoint} was never reached; the report is from the end of the run`));
    if (broken) lines.push(p.red(`error: the kernel did not run (${verdict.kind}); its layout cannot be verified`));
    process.stdout.write(lines.join("\n") + "\n");
    if (values.map) process.stdout.write(drawMemoryMap(reportRegions(report), { color: p.enabled }));
    process.stdout.write(formatRuleResults(checked.results).replace(/^\u2713/gm, p.green("✓")).replace(/^\u2717/gm, p.red("✗")));
    process.stdout.write(snapshotText);
    process.stdout.write(recordText);
    const failedRules = checked.results.filter((r) => !r.pass).length;
    const summary = pass ? p.green(`verify: ok (${checked.results.length} rules hold${values.snapshot !== undefined ? (snapshotWritten ? ", snapshot written" : ", snapshot matches") : ""})`)
      : p.red(`verify: FAILED (${[failedRules ? `${failedRules} of ${checked.results.length} rules failed` : "", !snapshotPass ? (comparison ? `${comparison.changes.filter((c) => !c.tolerated).length} snapshot changes` : "snapshot missing") : "", broken ? "kernel did not run" : ""].filter(Boolean).join(", ")})`);
    process.stdout.write(summary + "\n");
    return pass ? 0 : 1;
  },
};

/** Several kernels: one matrix on worker threads (verify/matrix.ts), a summary table, exit 1 if any fails. */
async function verifyMany(files: string[], o: {
  layout: string | undefined; rules: string | undefined; memoryMiB: number; workers: number; json: boolean; allowExitCode: boolean; report: NonNullable<MatrixJob["report"]>;
}): Promise<number> {
  const elfs = files.map((f) => readInput(f, "kernel"));
  const layout = o.layout !== undefined ? (await loadLayout(o.layout)).layout : undefined;
  const rulesFile = o.rules !== undefined ? await loadRules(o.rules) : null;
  if (rulesFile && !rulesFile.specs) throw new UsageError(`--rules ${o.rules}: with several kernels the rules must be a JSON file (rules travel to the worker threads as data)`);
  const report = { ...o.report, ...(rulesFile?.report ?? {}) };
  const jobs: MatrixJob[] = files.map((name, i) => ({
    name, elf: elfs[i]!, report, ...(o.allowExitCode ? { allowExitCode: true } : {}),
    ...(layout ? { layout } : {}),
    ...(rulesFile ? { rules: rulesFile.specs!, layoutRules: false } : {}),
  }));
  const m = await verifyMatrix(jobs, { workers: o.workers, memoryMiB: o.memoryMiB });
  if (o.json) {
    printJson({ pass: m.pass, jobs: m.jobs });
    return m.pass ? 0 : 1;
  }
  const p = paint(process.stdout);
  process.stdout.write(m.table);
  process.stdout.write((m.pass ? p.green("verify: ok") : p.red(`verify: FAILED (${m.jobs.filter((j) => !j.pass).length} of ${m.jobs.length} kernels)`)) + "\n");
  return m.pass ? 0 : 1;
}

/** Whether this runs under CI, as vitest decides it (a CI variable set to anything but "false" or "0"). */
function underCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}
