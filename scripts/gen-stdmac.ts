/**
 * Writes toolchain/asm/preprocess/stdmac-data.ts: what the standard macros (stdmac.ts) define, as data, so the
 * preprocessor does not read their source at every start (stdmac-codec.ts). Run it after changing
 * STANDARD_MACROS or how the engine stores macros:
 *   node --import tsx scripts/gen-stdmac.ts
 * test/asm/stdmac-data.test.ts fails while the file is stale.
 */
import { writeFileSync } from "node:fs";
import { stdmacDataText } from "../toolchain/asm/preprocess/stdmac-gen";

const out = new URL("../toolchain/asm/preprocess/stdmac-data.ts", import.meta.url);
writeFileSync(out, stdmacDataText());
process.stdout.write(`wrote ${out.pathname}\n`);
