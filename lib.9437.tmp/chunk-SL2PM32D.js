// core/diagnostics.ts
function diagnostic(code, text, location = null, notes = [], severity = "error") {
  return { code, severity, text, location, notes };
}
var KernlabError = class extends Error {
  diagnostics;
  constructor(diagnostics, summary) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    const errors = list.filter((d) => d.severity === "error");
    super(summary ?? (errors[0] ?? list[0])?.text ?? "kernlab error");
    this.name = "KernlabError";
    this.diagnostics = list;
  }
};
function isKernlabError(e) {
  return e instanceof KernlabError;
}
function formatLocation(loc) {
  if (loc.line > 0) return `${loc.file}:${loc.line}:${loc.column > 0 ? loc.column : 1}`;
  return loc.file;
}
function formatDiagnostics(list, opts = {}) {
  const c = (code, s) => opts.color ? `\x1B[${code}m${s}\x1B[0m` : s;
  const out = [];
  for (const d of list) {
    const where = d.location ? formatLocation(d.location) + ": " : "";
    const sev = d.severity === "error" ? c("1;31", "error") : c("1;35", "warning");
    out.push(`${c("1", where)}${sev}: ${d.text}`);
    const loc = d.location;
    if (loc && loc.lineText !== void 0 && loc.line > 0) {
      out.push("    " + loc.lineText.replace(/\t/g, " "));
      if (loc.column > 0) {
        const len = Math.max(1, loc.length ?? 1);
        out.push("    " + " ".repeat(loc.column - 1) + c("32", "^" + "~".repeat(len - 1)));
      }
    }
    for (const n of d.notes) {
      out.push(n.location ? `>>> ${formatLocation(n.location)}: ${n.text}` : `>>> ${n.text}`);
    }
  }
  return out.join("\n") + (out.length ? "\n" : "");
}

// core/hex.ts
function hex(value, digits = 8) {
  return "0x" + (value >>> 0).toString(16).padStart(digits, "0");
}
function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
}

export {
  diagnostic,
  KernlabError,
  isKernlabError,
  formatDiagnostics,
  hex,
  bytes
};
