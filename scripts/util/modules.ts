/**
 * Loading a user's own module named on the command line (a layout, a rules file): .js/.mjs as they are,
 * .ts/.mts through tsx's loader, which the bundled CLI registers on first use (under tsx or vitest it is
 * already there). Node only. Callers turn a failure into their own located error.
 */
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const MODULE_EXTENSIONS = [".ts", ".mts", ".js", ".mjs"];

export function isModulePath(path: string): boolean {
  return MODULE_EXTENSIONS.includes(extname(path).toLowerCase());
}

export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  const ext = extname(path).toLowerCase();
  if (ext === ".ts" || ext === ".mts") {
    const { register } = await import("tsx/esm/api");
    register();
  }
  return (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
}
