// The paging torture probe (probes/paging-torture.asm) under kernlab and qemu-system-i386 -kernel: every
// case (4 KiB and 4 MiB pages, PSE, A/D bits, CR0.WP, ring-3 U/S faults, not-present PDE/PTE, fetch faults,
// CR2 and error codes, INVLPG, MOV CR3, global pages with CR4.PGE) prints the same COM1 bytes on both; once
// with CR3 = the page directory, once with PWT|PCD set in CR3 (paging-torture-pcd).
import { afterAll, describe, expect, it } from "vitest";
import { bootBoth, buildProbe, canRunProbes, destroyMachines } from "./harness";

describe.skipIf(!canRunProbes())("32-bit paging = qemu-system-i386 -kernel", () => {
  afterAll(destroyMachines);

  for (const probe of ["paging-torture", "paging-torture-pcd"]) it(`${probe}: the same log line for line, and the same exit`, async () => {
    const { qemu, kernlab } = await bootBoth(buildProbe(probe), { memoryMiB: 32 });
    expect(qemu.exitCode).toBe(0x22);
    expect(qemu.serial).toContain("r3: read supervisor pte #PF cr2=40004000 err=00000005");
    // Line by line first: a difference names its case.
    const q = qemu.serial.split("\n"), k = kernlab.serial.split("\n");
    for (let i = 0; i < Math.max(q.length, k.length); i++) expect(k[i], `line ${i + 1}`).toBe(q[i]);
    expect(kernlab.serial).toBe(qemu.serial);
    expect(kernlab.exitCode).toBe(0x22);
  });
});
