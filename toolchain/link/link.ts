/**
 * The link, as a list of named passes (mold style). Not implemented yet: skeleton.
 */
import { diagnostic, KernlabError } from "../../core/diagnostics";
import type { LinkInput, LinkOptions, LinkResult } from "./index";

export function runLink(_inputs: LinkInput[], _options: LinkOptions): LinkResult {
  throw new KernlabError(diagnostic("not-implemented", "the linker is not implemented yet"));
}
