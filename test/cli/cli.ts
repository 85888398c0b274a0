/**
 * Test helper: run kernlab as users do (`node bin/kernlab.js …`, on the bundle `npm run prepare` builds),
 * and build the echo-kernel fixture with the real nasm and ld. Not a mock of anything.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const root = join(__dirname, "..", "..");
export const fixtures = join(__dirname, "fixtures");

export interface CliResult { status: number | null; stdout: string; stderr: string }

/** Run `node bin/kernlab.js args…` in `cwd` (no TTY, so no colour and no progress line). */
export function kernlab(args: string[], cwd: string = root, env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [join(root, "bin", "kernlab.js"), ...args], {
    cwd, encoding: "utf8", timeout: 60_000, env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The CLI bundles (dist/entries.json and the files it names) are built once per vitest run by
 * test/global-setup.ts; this only checks that they are there, so a test never runs the TypeScript fallback
 * by accident.
 */
export function prepareCli(): void {
  if (!existsSync(join(root, "dist", "entries.json"))) throw new Error("dist/entries.json is missing: test/global-setup.ts should have built the CLI");
}

/** A fresh temporary directory for one test file's outputs. */
export function scratch(name: string): string {
  return mkdtempSync(join(tmpdir(), `kl-${name}-`));
}

/** test/cli/fixtures/echo-kernel.asm assembled by nasm and linked by ld with echo-kernel.ld. */
export function buildEchoKernel(dir: string): string {
  const obj = join(dir, "echo.o"), elf = join(dir, "echo.elf");
  execFileSync("nasm", ["-felf32", join(fixtures, "echo-kernel.asm"), "-o", obj]);
  execFileSync("ld", ["-m", "elf_i386", "-T", join(fixtures, "echo-kernel.ld"), obj, "-o", elf]);
  return elf;
}

/** Address of a symbol in an ELF, from GNU nm (an oracle independent of kernlab's ELF reader). */
export function nmAddress(elf: string, name: string): number {
  const line = execFileSync("nm", [elf]).toString().split("\n").find((l) => l.endsWith(` ${name}`));
  if (!line) throw new Error(`no symbol ${name} in ${elf}`);
  return parseInt(line.split(" ")[0]!, 16);
}
