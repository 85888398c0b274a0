/**
 * Matrix builder for tests: links the nasm fixture kernel with GNU ld for the variant in job.params, and
 * returns the kernlab Layout that describes the same variant (so rulesFromLayout checks it against RAM).
 */
import { defineLayout } from "../../../toolchain/link/layout";
import type { MatrixJob } from "../../../verify/matrix";
import { buildFixture, type FixtureVariant } from "./fixture";

export function fixtureLayout(v: FixtureVariant) {
  const align = v.align ?? 4096;
  const order = [".text", ...(v.order ?? [".rodata", ".data", ".bss"])];
  return defineLayout({
    base: v.base ?? 0x100000,
    sections: order.map((name) => ({ name, input: [`*(${name})`], align })),
    heap: { size: v.heapSize ?? 0x10000, align: v.heapAlign ?? 4096 },
    stack: { size: v.stackSize ?? 0x4000, align: v.stackAlign ?? 16 },
  });
}

/** params: a FixtureVariant, plus `claim` (a variant the returned layout describes instead: a lying layout). */
export function buildForMatrix(job: MatrixJob) {
  const v = (job.params ?? {}) as FixtureVariant & { claim?: FixtureVariant };
  return { elf: buildFixture(v), layout: fixtureLayout({ ...v, ...(v.claim ?? {}) }) };
}
