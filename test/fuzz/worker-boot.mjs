// Worker entry for run.ts: registers tsx in this thread (execArgv --import does not reach workers on every
// Node version) and loads run.ts, which sees !isMainThread and runs its target.
import { register } from "tsx/esm/api";
register();
await import("./run.ts");
