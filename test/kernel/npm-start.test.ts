// `npm start` as a newcomer runs it, on a PATH that holds node and npm and none of the native tools
// (nasm, ld, gcc, qemu; only sh besides, which npm needs to run a script): kernlab builds, boots and proves the sample kernel by itself. Also the exit status
// of `kernlab sample` when a proof fails.
import { spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { build, edit } from "./helpers";

const root = join(import.meta.dirname, "..", "..");
const bin = mkdtempSync(join(tmpdir(), "kernlab-bare-path-"));
symlinkSync(process.execPath, join(bin, "node"));
const npmCli = spawnSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).stdout.trim();
if (npmCli) symlinkSync(realpathSync(npmCli), join(bin, "npm"));
symlinkSync(realpathSync("/bin/sh"), join(bin, "sh")); // npm runs scripts through sh
const env = { ...process.env, PATH: bin, NO_COLOR: "1" };

afterAll(() => rmSync(bin, { recursive: true, force: true }));

describe("npm start without native tools", () => {
  it("the PATH really hides nasm, ld, gcc and qemu", () => {
    for (const tool of ["nasm", "ld", "gcc", "qemu-system-i386"]) {
      const r = spawnSync(tool, ["--version"], { env });
      expect((r.error as NodeJS.ErrnoException | undefined)?.code, tool).toBe("ENOENT");
    }
  });

  it.skipIf(!npmCli)("npm start -- --json prints nine passing proofs and exits 0", () => {
    const r = spawnSync(join(bin, "npm"), ["start", "--silent", "--", "--json"], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; proofs: { number: number; name: string; pass: boolean; evidence: string[] }[] };
    expect(report.ok).toBe(true);
    expect(report.proofs.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const p of report.proofs) {
      expect(p.pass, `proof ${p.number}`).toBe(true);
      expect(p.evidence.join(" ")).toMatch(/0x[0-9a-f]{8}/);
    }
  });

  it("kernlab sample prints the maps and the proofs, and exits 1 when a proof fails", () => {
    const dir = mkdtempSync(join(tmpdir(), "kernlab-sample-"));
    try {
      const broken = build(edit("kernel/proc.asm", "        mov [ebx + task.text_va], edi\n        push PTE_U\n", "        mov [ebx + task.text_va], edi\n        push PTE_U | PTE_W\n"));
      writeFileSync(join(dir, "broken.elf"), broken);
      const r = spawnSync(process.execPath, [join(root, "bin", "kernlab.js"), "sample", "--elf", join(dir, "broken.elf")], { cwd: dir, env, encoding: "utf8", timeout: 120_000 });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^0x00100000 ├─+┤$/m);
      expect(r.stdout).toMatch(/Process pid \d+ \(collider, killed: heap\/stack collision\)/);
      expect(r.stdout).toMatch(/^PASS 6\. /m);
      expect(r.stdout).toMatch(/^FAIL 7\. /m);
      expect(r.stdout).toMatch(/✗ final: pid \d+ \(worker\): text page 0x08048000 is writable, expected read-only/);
      expect(r.stdout).toMatch(/8\/9 proofs pass/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("kernlab sample: usage errors exit 2, an unreadable --elf exits 1", () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin", "kernlab.js"), "sample", ...args], { cwd: root, env, encoding: "utf8", timeout: 60_000 });
    const extra = cli("bogus");
    expect(extra.status).toBe(2);
    expect(extra.stderr).toMatch(/^kernlab sample: unexpected argument 'bogus'\nusage: kernlab sample/);
    const memory = cli("--memory", "2");
    expect(memory.status).toBe(2);
    expect(memory.stderr).toContain("--memory must be from 4 to 128 MiB, got 2");
    const missing = cli("--elf", join(bin, "no-such.elf"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/kernlab sample: cannot read .*no-such\.elf: ENOENT/);
    expect(missing.stdout).toBe("");
  });
});
