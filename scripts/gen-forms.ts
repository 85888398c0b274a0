/**
 * Writes toolchain/asm/forms-data.ts: the assembler's instruction-form index as data, so a cold assembler does
 * not rebuild it from ~5,000 iced-x86 OpCodeInfo objects (about 15 ms in Node, 80 ms in a browser worker).
 * Run it after changing the iced-x86 version or the form selection in toolchain/asm/forms.ts:
 *   node --import tsx scripts/gen-forms.ts
 * test/asm/forms-data.test.ts fails while the file is stale.
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildFormsFromIced, formsDataText } from "../toolchain/asm/forms";

const icedVersion = (createRequire(import.meta.url)("iced-x86/package.json") as { version: string }).version;
const out = new URL("../toolchain/asm/forms-data.ts", import.meta.url);
writeFileSync(out, formsDataText(buildFormsFromIced(), icedVersion));
process.stdout.write(`wrote ${out.pathname}\n`);
