// The lab's project plumbing, in Node: tar and zip (web/archive.ts) against GNU tar and Info-ZIP's zip as
// oracles, a project's files and guessed recipe (web/project.ts), the share link's round trip and size limit
// (web/share.ts), and the VGA text buffer as coloured runs (web/vga-text.ts).
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTar, readZip, writeTar, isTar, isZip } from "../../web/archive";
import { normalizeFiles, projectRecipe, recipeText } from "../../web/project";
import { projectFromFragment, shareFragment, SHARE_LIMIT } from "../../web/share";
import { vgaPlainText, vgaRows } from "../../web/vga-text";
import { parseRecipe } from "../../toolchain/recipe";
import { isKernlabError } from "../../core/diagnostics";

const enc = new TextEncoder();
const has = (tool: string) => { try { execFileSync(tool, ["--version"], { stdio: "ignore" }); return true; } catch { return false; } };

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), "kl-archive-"));
  mkdirSync(join(dir, "proj", "src", "a-rather-long-folder-name-to-need-the-ustar-prefix-field-of-the-header-xxxxxxxxxxxxxxxx"), { recursive: true });
  writeFileSync(join(dir, "proj", "boot.asm"), "section .text\n");
  writeFileSync(join(dir, "proj", "src", "kernel.o"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 255]));
  writeFileSync(join(dir, "proj", "src", "a-rather-long-folder-name-to-need-the-ustar-prefix-field-of-the-header-xxxxxxxxxxxxxxxx", "deep.inc"), "X equ 1\n".repeat(200));
  return dir;
}

describe.skipIf(!has("tar"))("tar (GNU tar as the oracle)", () => {
  it("reads what GNU tar writes (long paths included) and writes what GNU tar reads back", () => {
    const dir = tree();
    execFileSync("tar", ["-cf", "t.tar", "proj"], { cwd: dir });
    const bytes = new Uint8Array(readFileSync(join(dir, "t.tar")));
    expect(isTar(bytes)).toBe(true);
    const entries = readTar(bytes);
    const byPath = new Map(entries.map((e) => [e.path, e.data]));
    expect([...byPath.keys()].sort()).toEqual([
      "proj/boot.asm", "proj/src/a-rather-long-folder-name-to-need-the-ustar-prefix-field-of-the-header-xxxxxxxxxxxxxxxx/deep.inc", "proj/src/kernel.o"]);
    expect([...byPath.get("proj/src/kernel.o")!]).toEqual([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 255]);
    // ours → GNU tar
    writeFileSync(join(dir, "ours.tar"), writeTar(entries));
    const out = join(dir, "x");
    mkdirSync(out);
    execFileSync("tar", ["-xf", join(dir, "ours.tar")], { cwd: out });
    for (const e of entries) expect(readFileSync(join(out, e.path))).toEqual(Buffer.from(e.data));
  });
});

describe.skipIf(!has("zip"))("zip (Info-ZIP zip as the oracle)", () => {
  it("reads stored and deflated entries", async () => {
    const dir = tree();
    execFileSync("zip", ["-qr", "d.zip", "proj"], { cwd: dir });
    execFileSync("zip", ["-qr0", "s.zip", "proj"], { cwd: dir });
    for (const name of ["d.zip", "s.zip"]) {
      const bytes = new Uint8Array(readFileSync(join(dir, name)));
      expect(isZip(bytes)).toBe(true);
      const entries = await readZip(bytes);
      const deep = entries.find((e) => e.path.endsWith("deep.inc"))!;
      expect(new TextDecoder().decode(deep.data)).toBe("X equ 1\n".repeat(200));
      expect(entries.map((e) => e.path).sort()).toHaveLength(3);
    }
    await expect(readZip(new Uint8Array(100))).rejects.toThrow(/no end of central directory/);
  });
});

describe("projects", () => {
  it("normalizes paths: the dropped folder's name comes off, dot-folders and .elf files stay out", () => {
    const { name, files } = normalizeFiles([
      { path: "os/boot.asm", data: enc.encode("x") }, { path: "os/.git/HEAD", data: enc.encode("x") },
      { path: "os/build/kernel.elf", data: enc.encode("x") }, { path: "os\\lib\\a.inc", data: enc.encode("x") },
    ]);
    expect(name).toBe("os");
    expect(Object.keys(files)).toEqual(["boot.asm", "lib/a.inc"]);
  });

  it("guesses a recipe: sources no one includes (multiboot first), then objects; the one script", () => {
    const files = {
      "kernel/main.asm": enc.encode("%include \"defs.inc\"\nkmain: ret\n"),
      "kernel/defs.inc": enc.encode("X equ 1\n"),
      "kernel/part.asm": enc.encode("%include \"kernel/shared.asm\"\n"),
      "kernel/shared.asm": enc.encode("y: dd 0\n"),
      "boot.asm": enc.encode("dd 0x1BADB002\n"),
      "c/kernel.o": new Uint8Array([0x7f, 0x45, 0x4c, 0x46]),
      "link.ld": enc.encode("ENTRY(_start)\n"),
    };
    const { recipe, guessed } = projectRecipe({ name: "p", files });
    expect(guessed).toBe(true);
    expect(recipe).toEqual({ sources: ["boot.asm", "kernel/main.asm", "kernel/part.asm", "c/kernel.o"], script: "link.ld", include: ["kernel/"], define: [], output: "kernel.elf" });
    // written out, it is a recipe kernlab build reads
    expect(parseRecipe(recipeText(recipe))).toEqual(recipe);
    // a project's own kernlab.json wins; two scripts without one is a question for the user
    expect(projectRecipe({ name: "p", files: { ...files, "kernlab.json": enc.encode('{"sources":["boot.asm"]}') } }).guessed).toBe(false);
    try {
      projectRecipe({ name: "p", files: { ...files, "other.ld": enc.encode("") } });
      throw new Error("accepted two scripts");
    } catch (e) {
      expect(isKernlabError(e) && e.diagnostics[0]!.code).toBe("ambiguous-project");
    }
  });

  it("a share link holds the project and gives it back; too large a project is refused", async () => {
    const p = { name: "tiny os", files: { "boot.asm": enc.encode("section .text\nnop\n"), "k.o": new Uint8Array([1, 2, 3, 0, 255]) } };
    const fragment = await shareFragment(p);
    expect(fragment).toMatch(/^#project=[A-Za-z0-9_-]+$/);
    expect(await projectFromFragment(fragment)).toEqual(p);
    expect(await projectFromFragment("#other")).toBeNull();
    let x = 2463534242; // xorshift32: bytes gzip cannot shrink
    const noise = new Uint8Array(SHARE_LIMIT + 1024).map(() => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return x & 0xff; });
    await expect(shareFragment({ name: "big", files: { "blob.o": noise } })).rejects.toThrow(/at most 65536/);
  });
});

describe("VGA text", () => {
  it("cells → rows of runs by attribute, code page 437, plain text without trailing blanks", () => {
    const cells = new Uint8Array(4000);
    for (let i = 0; i < 2000; i++) { cells[2 * i] = 0x20; cells[2 * i + 1] = 0x07; }
    const put = (row: number, col: number, text: string, attr: number) => {
      for (let i = 0; i < text.length; i++) { cells[2 * (row * 80 + col + i)] = text.charCodeAt(i); cells[2 * (row * 80 + col + i) + 1] = attr; }
    };
    put(0, 0, "PANIC", 0x4f); // white on red
    put(0, 6, "at 0x10", 0x07);
    cells[2 * 80] = 0xc9; cells[2 * 80 + 1] = 0x8e; // ╔, blinking yellow on black
    const rows = vgaRows(cells);
    expect(rows).toHaveLength(25);
    expect(rows.every((r) => r.map((x) => x.text).join("").length === 80)).toBe(true);
    expect(rows[0]![0]).toEqual({ text: "PANIC", fg: 15, bg: 4, blink: false });
    expect(rows[1]![0]).toEqual({ text: "╔", fg: 14, bg: 0, blink: true });
    expect(vgaPlainText(cells)).toBe("PANIC at 0x10\n╔");
  });
});
