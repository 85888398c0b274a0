/**
 * The context stack (`%push`, `%pop`, `%repl`): each context has a name, a unique number shared with
 * macro expansions (so `%$x` becomes `..@N.x` as in NASM) and its own context-local single-line
 * macros. Not the macro tables themselves (smacro.ts) nor the directives that drive this (engine.ts).
 */
import { SMacroTable } from "./smacro";

export interface Context {
  name: string;
  unique: number;
  /** Context-local single-line macros (`%define %$x …`), by bare name. */
  smacros: SMacroTable;
}

export class ContextStack {
  private readonly stack: Context[] = [];

  get depth(): number {
    return this.stack.length;
  }

  push(name: string, unique: number): void {
    this.stack.push({ name, unique, smacros: new SMacroTable() });
  }

  pop(): Context | undefined {
    return this.stack.pop();
  }

  /** Every context, innermost first (for `%clear context`). */
  all(): readonly Context[] {
    return this.stack;
  }

  top(): Context | undefined {
    return this.stack[this.stack.length - 1];
  }

  /**
   * The context a `%$…name` token refers to: one `$` is the top, each further `$` one level down.
   * Returns the context and the bare name, or an error text.
   */
  resolve(tokenText: string): { context: Context; name: string } | { error: string } {
    let dollars = 0;
    let i = 1;
    while (tokenText[i] === "$") { dollars++; i++; }
    const name = tokenText.slice(i);
    if (this.stack.length === 0) return { error: `\`${tokenText}': context stack is empty` };
    if (dollars > this.stack.length) {
      return { error: `\`${name}': context stack is only ${this.stack.length} level${this.stack.length === 1 ? "" : "s"} deep` };
    }
    return { context: this.stack[this.stack.length - dollars]!, name };
  }
}
