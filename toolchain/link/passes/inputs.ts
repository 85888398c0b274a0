/**
 * The load order: which files the link reads, and in what order, as ld opens them (open_input_bfds). Command
 * line inputs in order, with the script's files at the script's place on the command line: INPUT and GROUP
 * entries (each a new input, even when a file of that name is already loaded) and the file of every input
 * spec with a plain file name (`crt.o(.text)`, `{ h.o }`): that one is looked up by the name as typed among
 * the inputs named so far (ld's lookup_name) and opened now, even when the command line names it later; a
 * name no input has is searched for (current directory, then -L) and linked. Reads nothing itself: files
 * come through `openFile`. Decides no symbol.
 */
import { diagnostic } from "../../../core/diagnostics";
import type { LinkInput } from "../index";
import type { LinkerScript, ScriptFile } from "../script/ast";
import type { LinkContext } from "./types";

/** One file to read, in load order. */
export interface LoadItem {
  input: LinkInput;
  /** The name as the command line or script gave it (ld's local_sym_name): what plain file patterns match. */
  matchName: string;
  /** GROUP(…) number: archives of one group are rescanned together until nothing new is pulled. */
  group: number | null;
}

/** Opens a named file: `lib` for `-lNAME`; `searchDirs`: the script's SEARCH_DIR()s, searched after -L. */
export type OpenFile = (name: string, lib: boolean, searchDirs: readonly string[]) => LinkInput | null;

/** Where the script's own statements stand in the load order: after `scriptEnd` items (its files included). */
export interface ScriptPlace { scriptEnd: number }

export function loadOrder(
  ctx: LinkContext, inputs: readonly LinkInput[], script: LinkerScript, scriptPosition: number, openFile: OpenFile | undefined,
  place?: ScriptPlace,
): LoadItem[] {
  const order: LoadItem[] = [];
  // ld's input_file_chain: every input statement by its local name, loaded or not yet.
  const chain: { matchName: string; item: LoadItem | null; cmd: number }[] = inputs.map((inp, i) => ({ matchName: inp.name, item: null, cmd: i }));
  const loaded = new Set<number>();
  const loadCmd = (i: number) => {
    if (loaded.has(i)) return;
    loaded.add(i);
    const item: LoadItem = { input: inputs[i]!, matchName: inputs[i]!.name, group: null };
    chain[i]!.item = item;
    order.push(item);
  };
  const at = Math.max(0, Math.min(scriptPosition, inputs.length));
  // STARTUP(file) is linked first of all, as if it led the command line.
  for (const f of script.files) if (f.kind === "startup") loadFile(f);
  for (let i = 0; i < at; i++) loadCmd(i);
  for (const f of script.files) if (f.kind !== "startup") loadFile(f);
  if (place) place.scriptEnd = order.length;
  for (let i = at; i < inputs.length; i++) loadCmd(i);
  return order;

  function loadFile(f: ScriptFile): void {
    if (f.kind === "pattern") {
      const known = chain.find((c) => c.matchName === f.name);
      if (known) { if (known.cmd >= 0) loadCmd(known.cmd); return; }
    }
    const lib = f.kind === "input" && f.name.startsWith("-l");
    const name = lib ? f.name.slice(2) : f.name;
    const input = openFile?.(name, lib, script.searchDirs) ?? null;
    if (!input) {
      ctx.errors.push(diagnostic("input-not-found", `cannot find ${f.name}: No such file or directory`, f.loc));
      return;
    }
    const item: LoadItem = { input, matchName: f.name, group: f.group };
    chain.push({ matchName: f.name, item, cmd: -1 });
    order.push(item);
  }
}
