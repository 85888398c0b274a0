/**
 * Differential harness: assembles a source with nasm (the oracle) and with kernlab, and compares per
 * source line (via listings) and per file. NASM is run once per source; lines NASM rejects can be
 * dropped first (`dropNasmRejects`), so a generated corpus needs only two nasm processes.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assembleDetailed } from "../../../toolchain/asm/index";
import { parseNasmListing } from "./nasm-listing";

export interface LineMismatch { line: number; text: string; nasm: string; kernlab: string }
export interface DiffResult {
  lines: number;
  mismatches: LineMismatch[];
  kernlabErrors: string[];
  identicalFile: boolean;
  nasmBytes: Uint8Array;
  kernlabBytes: Uint8Array | null;
}

function withTmp<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "kernlab-asm-"));
  try { return fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** Removes the lines nasm reports errors on (nasm reports later-pass errors only once earlier ones are gone, so up to a few runs). */
export function dropNasmRejects(lines: string[], format: "elf32" | "bin", header: string[]): string[] {
  for (let i = 0; i < 5; i++) {
    const kept = dropOnce(lines, format, header);
    if (kept.length === lines.length) return kept;
    lines = kept;
  }
  return lines;
}

function dropOnce(lines: string[], format: "elf32" | "bin", header: string[]): string[] {
  return withTmp((dir) => {
    const src = join(dir, "g.asm");
    writeFileSync(src, [...header, ...lines].join("\n") + "\n");
    const r = spawnSync("nasm", ["-f", format, "-o", join(dir, "g.o"), src], { encoding: "utf8" });
    const bad = new Set<number>();
    for (const m of r.stderr.matchAll(/g\.asm:(\d+): error/g)) bad.add(Number(m[1]) - header.length - 1);
    return lines.filter((_, i) => !bad.has(i));
  });
}

function hexOf(b: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += (b[i]! < 16 ? "0" : "") + b[i]!.toString(16).toUpperCase();
  return s;
}

/** Assembles `source` with both and compares line by line and whole file. */
export function diffAgainstNasm(source: string, format: "elf32" | "bin", file = "g.asm", optimize: 0 | 1 | "x" = "x"): DiffResult {
  return withTmp((dir) => {
    const src = join(dir, file);
    writeFileSync(src, source);
    const optFlag = optimize === "x" ? "-Ox" : `-O${optimize}`;
    execFileSync("nasm", ["-f", format, optFlag, "-l", join(dir, "g.lst"), "-o", join(dir, "g.o"), file], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    const nasmBytes = new Uint8Array(readFileSync(join(dir, "g.o")));
    const nasmLines = parseNasmListing(readFileSync(join(dir, "g.lst"), "latin1"));
    const res = assembleDetailed(source, { file, format, optimize });
    const kernlabErrors = res.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.location?.line ?? 0}: ${d.text}`);
    const asm = res.assembly!;
    const srcLines = source.split("\n");
    const mismatches: LineMismatch[] = [];
    const seen = new Set<number>();
    for (const e of asm.listing) {
      if (seen.has(e.line)) continue;
      seen.add(e.line);
      const n = nasmLines.get(e.line) ?? "";
      const k = hexOf(e.bytes);
      if (e.reloc || e.bytes.length === 0) continue;
      if (n !== k) mismatches.push({ line: e.line, text: srcLines[e.line - 1] ?? "", nasm: n, kernlab: k });
    }
    const identicalFile = !!res.output && Buffer.compare(Buffer.from(res.output), Buffer.from(nasmBytes)) === 0;
    return { lines: srcLines.length, mismatches, kernlabErrors, identicalFile, nasmBytes, kernlabBytes: res.output };
  });
}
