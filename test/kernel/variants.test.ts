// Deliberately broken variants of the sample kernel (a different layout, or one source edited) are built,
// booted and proven; the proof whose claim the variant breaks must fail, saying what is wrong.
import { describe, expect, it } from "vitest";
import { sampleLayout } from "../../kernel/layout";
import { defineLayout } from "../../toolchain/link/layout";
import { bootAndProve, build, edit, failures, proof } from "./helpers";

describe("broken variants of the sample kernel", () => {
  it("1: a layout based below 1 MiB (0x00020000, small heap) loads the kernel over BIOS memory", async () => {
    const layout = defineLayout({
      base: 0x2_0000,
      sections: sampleLayout.sections.map((s) => ({ name: s.name, input: s.input, align: s.align, keep: s.keep })),
      heap: { size: 0x4_0000, align: 0x1000 },
      stack: { size: 0x8000, align: 0x1000 },
    });
    const { proofs } = await bootAndProve(build(undefined, layout), { layout });
    expect(proof(proofs, 1).pass).toBe(false);
    expect(failures(proofs, 1)).toMatch(/PT_LOAD at p_paddr 0x00020000 \(.*\) is below 1 MiB/);
    expect(failures(proofs, 1)).toMatch(/EIP at the entry checkpoint is 0x0002[0-9a-f]{4}, below 1 MiB/);
    expect(failures(proofs, 2)).toMatch(/\.text starts at 0x00020000, not 0x00100000/);
  });

  it("2: a layout with .data before .text", async () => {
    const [text, rodata, data, bss] = sampleLayout.sections;
    const layout = defineLayout({
      base: 0x10_0000,
      sections: [
        { ...data!, input: ["*(.multiboot)", ...data!.input] }, // the multiboot header must stay in the first 8 KiB
        { ...text!, input: text!.input.filter((i) => i !== "*(.multiboot)") },
        rodata!,
        bss!,
      ].map((s) => ({ name: s.name, input: s.input, align: s.align })),
      heap: sampleLayout.heap!,
      stack: sampleLayout.stack!,
    });
    const { proofs } = await bootAndProve(build(undefined, layout), { layout });
    expect(proof(proofs, 2).pass).toBe(false);
    expect(failures(proofs, 2)).toMatch(/\.text starts at 0x0010[0-9a-f]{4}, not 0x00100000/);
  });

  it("7: a kernel that maps user text writable", async () => {
    const files = edit("kernel/proc.asm", "        ; text: read-only, user\n        mov edi, USER_TEXT_BASE\n        mov [ebx + task.text_va], edi\n        push PTE_U\n",
      "        ; text: read-only, user\n        mov edi, USER_TEXT_BASE\n        mov [ebx + task.text_va], edi\n        push PTE_U | PTE_W\n");
    const { proofs } = await bootAndProve(build(files));
    expect(proof(proofs, 7).pass).toBe(false);
    expect(failures(proofs, 7)).toMatch(/pid \d+ \(worker\): text page 0x08048000 is writable, expected read-only/);
    expect(proofs.filter((p) => !p.pass).map((p) => p.number)).toEqual([7]);
  });

  it("8: a kernel that kills the colliding process without naming the collision", async () => {
    const files = edit("kernel/proc.asm", "        push REASON_COLLISION\n        call proc_kill_current", "        push REASON_FAULT                   ; (broken)\n        call proc_kill_current");
    const { run, proofs } = await bootAndProve(build(files), { timeoutMs: 10_000 });
    expect(proof(proofs, 8).pass).toBe(false);
    expect(failures(proofs, 8)).toMatch(/never reached the 'collision-handled' checkpoint/);
    expect(run.serial).toMatch(/pid \d+ \(collider\) killed by a fault/);
  });

  it("4: a kernel that takes its device-info records from .bss, not the heap", async () => {
    const files = edit("kernel/main.asm", "device_add:\n        push KIND_DEVICE\n        push 4\n        push device_size\n        call kmalloc\n        add esp, 12\n",
      "device_add:\n        mov eax, [static_devices]             ; (broken: not from the heap)\n        add dword [static_devices], device_size\n");
    const withSlab = { ...files, "kernel/main.asm": files["kernel/main.asm"] + "\nsection .data\nstatic_devices: dd device_slab\nsection .bss\ndevice_slab: resb 4 * device_size\n" };
    const { proofs } = await bootAndProve(build(withSlab));
    expect(proof(proofs, 4).pass).toBe(false);
    expect(failures(proofs, 4)).toMatch(/device info at 0x001[0-9a-f]{5} \(\+20\) lies outside the kernel heap/);
  });

  it("a user process writing to its read-only text is killed by #PF, with EIP and CR2 printed", async () => {
    const files = edit("kernel/user.asm", "worker_text:\n", "worker_text:\n        mov byte [USER_TEXT_BASE], 0x90     ; (broken: writes its own text)\n");
    const { run, proofs } = await bootAndProve(build(files));
    expect(run.serial).toMatch(/exception: #PF page fault \(vector 14\) at eip 0x08048000, error 0x00000007, cr2 0x08048000/);
    expect(run.serial).toMatch(/proc: pid \d+ \(worker\) killed by a fault/);
    expect(run.verdict).toEqual({ kind: "exited", code: 0 }); // the kernel goes on
    expect(failures(proofs, 8)).toMatch(/pid \d+ \(worker\) did not exit normally: killed, reason 'fault'/);
  });
});
