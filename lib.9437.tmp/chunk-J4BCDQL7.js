import {
  boundaryStem,
  defineLayout
} from "./chunk-22XTJQOG.js";
import {
  EHDR_SIZE,
  ELF32_R_INFO,
  ELF32_ST_INFO,
  ELFCLASS32,
  ELFDATA2LSB,
  EM_386,
  ET_EXEC,
  ET_REL,
  EV_CURRENT,
  Encoder,
  GRP_COMDAT,
  Instruction,
  MemoryOperand,
  OpCodeOperandKind,
  PF_R,
  PF_W,
  PF_X,
  PHDR_SIZE,
  PT_LOAD,
  PT_NOTE,
  R_386_16,
  R_386_32,
  R_386_8,
  R_386_NAMES,
  R_386_NONE,
  R_386_PC16,
  R_386_PC32,
  R_386_PC8,
  R_386_PLT32,
  Register,
  SHDR_SIZE,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_MERGE,
  SHF_STRINGS,
  SHF_TLS,
  SHF_WRITE,
  SHN_ABS,
  SHN_COMMON,
  SHN_LORESERVE,
  SHN_UNDEF,
  SHT_GROUP,
  SHT_NOBITS,
  SHT_NOTE,
  SHT_NULL,
  SHT_PROGBITS,
  SHT_REL,
  SHT_RELA,
  SHT_STRTAB,
  SHT_SYMTAB,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  STT_FILE,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  STT_SECTION,
  SYM_SIZE,
  checkRelocatable,
  isElf,
  readElfShared,
  readRelocations
} from "./chunk-ROIHUBHY.js";
import {
  KernlabError,
  diagnostic,
  hex
} from "./chunk-SL2PM32D.js";

// toolchain/asm/source.ts
function decodeSourceFile(bytes) {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
  }
  let out = "";
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    let len = 0, cp = 0, min = 0;
    if (b < 128) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    if (b >= 194 && b <= 223) {
      len = 2;
      cp = b & 31;
      min = 128;
    } else if (b >= 224 && b <= 239) {
      len = 3;
      cp = b & 15;
      min = 2048;
    } else if (b >= 240 && b <= 244) {
      len = 4;
      cp = b & 7;
      min = 65536;
    }
    let ok = len > 0 && i + len <= n;
    for (let k = 1; ok && k < len; k++) {
      const c = bytes[i + k];
      if ((c & 192) !== 128) ok = false;
      else cp = cp << 6 | c & 63;
    }
    if (ok && cp >= min && cp <= 1114111 && !(cp >= 55296 && cp <= 57343)) {
      out += String.fromCodePoint(cp);
      i += len;
    } else {
      out += String.fromCharCode(56320 + b);
      i++;
    }
  }
  return out;
}
function encodeSourceText(text) {
  if (/^[\x00-\x7f]*$/.test(text)) {
    const b = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i);
    return b;
  }
  const out = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) out.push(c);
    else if (c >= 56448 && c <= 56575) out.push(c - 56320);
    else if (c < 2048) out.push(192 | c >> 6, 128 | c & 63);
    else if (c >= 55296 && c <= 56319 && i + 1 < text.length && (text.charCodeAt(i + 1) & 64512) === 56320) {
      const cp = 65536 + (c - 55296 << 10) + (text.charCodeAt(++i) - 56320);
      out.push(240 | cp >> 18, 128 | cp >> 12 & 63, 128 | cp >> 6 & 63, 128 | cp & 63);
    } else if (c >= 55296 && c <= 57343) out.push(239, 191, 189);
    else out.push(224 | c >> 12, 128 | c >> 6 & 63, 128 | c & 63);
  }
  return Uint8Array.from(out);
}
function sourceByteString(text) {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  return byteString(encodeSourceText(text));
}
function byteString(bytes) {
  let out = "";
  for (let i = 0; i < bytes.length; i += 32768) out += String.fromCharCode(...bytes.subarray(i, i + 32768));
  return out;
}
function stringBytes(s) {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 255;
  return b;
}
function displayText(s) {
  if (/^[\x00-\x7f]*$/.test(s) || /[^\x00-\xff]/.test(s)) return s;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(stringBytes(s));
  } catch {
    return s;
  }
}
function displayDiagnostic(d) {
  const loc = (l) => l && l.lineText !== void 0 ? { ...l, lineText: displayText(l.lineText) } : l;
  return { ...d, text: displayText(d.text), location: loc(d.location) ?? null, notes: d.notes.map((n) => ({ ...n, text: displayText(n.text), ...n.location ? { location: loc(n.location) } : {} })) };
}
function mapResolver(files) {
  const norm = (p) => p.replace(/^\.\//, "");
  return {
    readText(path) {
      const v = files[path] ?? files[norm(path)];
      return v === void 0 ? null : typeof v === "string" ? v : decodeSourceFile(v);
    },
    readBinary(path) {
      const v = files[path] ?? files[norm(path)];
      return v === void 0 ? null : typeof v === "string" ? encodeSourceText(v) : v;
    }
  };
}

// toolchain/asm/registers.ts
var table = /* @__PURE__ */ new Map();
function add(names, cls, size, first) {
  names.forEach((name, num2) => table.set(name, { name, reg: first + num2, cls, size, num: num2 }));
}
add(["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"], "gpr8", 1, Register.AL);
add(["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"], "gpr16", 2, Register.AX);
add(["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"], "gpr32", 4, Register.EAX);
add(["es", "cs", "ss", "ds", "fs", "gs"], "seg", 2, Register.ES);
add(["cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7"], "cr", 4, Register.CR0);
add(["dr0", "dr1", "dr2", "dr3", "dr4", "dr5", "dr6", "dr7"], "dr", 4, Register.DR0);
add(["tr0", "tr1", "tr2", "tr3", "tr4", "tr5", "tr6", "tr7"], "tr", 4, Register.TR0);
add(["st0", "st1", "st2", "st3", "st4", "st5", "st6", "st7"], "st", 10, Register.ST0);
add(["mm0", "mm1", "mm2", "mm3", "mm4", "mm5", "mm6", "mm7"], "mm", 8, Register.MM0);
add(["xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7"], "xmm", 16, Register.XMM0);
add(["ymm0", "ymm1", "ymm2", "ymm3", "ymm4", "ymm5", "ymm6", "ymm7"], "ymm", 32, Register.YMM0);
table.set("st", table.get("st0"));
function lookupRegister(name) {
  return table.get(name.toLowerCase());
}
var byReg = /* @__PURE__ */ new Map();
for (const r of table.values()) if (!byReg.has(r.reg)) byReg.set(r.reg, r);
function registerInfo(reg) {
  return byReg.get(reg);
}

// toolchain/asm/expr.ts
var REG_TERM = 1 << 20;
var ExprError = class extends Error {
  constructor(message, col, len = 1, code = "syntax") {
    super(message);
    this.col = col;
    this.len = len;
    this.code = code;
  }
  col;
  len;
  code;
};
var TokenStream = class {
  constructor(toks, lineLength) {
    this.toks = toks;
    this.lineLength = lineLength;
  }
  toks;
  lineLength;
  pos = 0;
  peek(o = 0) {
    return this.toks[this.pos + o];
  }
  next() {
    return this.toks[this.pos++];
  }
  atEnd() {
    return this.pos >= this.toks.length;
  }
  isOp(text, o = 0) {
    const t = this.toks[this.pos + o];
    return !!t && t.kind === "op" && t.text === text;
  }
  isWord(word, o = 0) {
    const t = this.toks[this.pos + o];
    return !!t && t.kind === "id" && t.text.toLowerCase() === word;
  }
  /** Column just past the last token (for "expected ... at end of line"). */
  endCol() {
    const t = this.toks[this.toks.length - 1];
    return t ? t.col + t.len : this.lineLength + 1;
  }
  here() {
    const t = this.peek();
    return t ? { col: t.col, len: t.len } : { col: this.endCol(), len: 1 };
  }
};
var BIN_LEVELS = [
  ["||"],
  ["^^"],
  ["&&"],
  ["=", "==", "!=", "<>", "<", "<=", ">", ">=", "<=>"],
  ["|"],
  ["^"],
  ["&"],
  ["<<", ">>", "<<<", ">>>"],
  ["+", "-"],
  ["*", "/", "//", "%", "%%"]
];
var DEFAULT_EVAL_LIMIT = 8192;
var evalLimit = DEFAULT_EVAL_LIMIT;
function setEvalLimit(limit) {
  evalLimit = limit;
}
var BIN_PREC = /* @__PURE__ */ new Map();
BIN_LEVELS.forEach((ops, level) => {
  for (const op of ops) BIN_PREC.set(op, level);
});
function parseExpr(ts, resolve, allowRegs = false) {
  const out = [];
  const ops = [];
  let descent = 0;
  const count = (col, len) => {
    if (++descent > evalLimit) throw new ExprError("expression too long", col, len, "expression-too-long");
  };
  const reduceOne = () => {
    const p = ops.pop();
    if (p.k === "un") {
      const a = out.pop();
      out.push({ k: "un", op: p.op, a, col: p.col, len: a.col + a.len - p.col });
    } else if (p.k === "bin") {
      const b = out.pop(), a = out.pop();
      out.push({ k: "bin", op: p.op, a, b, col: a.col, len: b.col + b.len - a.col });
    } else if (p.k === "else") {
      const b = out.pop(), a = out.pop(), c = out.pop();
      out.push({ k: "cond", c, a, b, col: c.col, len: b.col + b.len - c.col });
    } else if (p.k === "then") {
      throw new ExprError("expected ':' in conditional expression", ts.here().col);
    }
  };
  const reduceTo = (minPrec, conds) => {
    for (; ; ) {
      const top = ops[ops.length - 1];
      if (!top) return;
      if (top.k === "un" || top.k === "bin" && top.prec >= minPrec || conds && top.k === "else") reduceOne();
      else return;
    }
  };
  for (; ; ) {
    const t = ts.peek();
    if (t && t.kind === "op" && (t.text === "-" || t.text === "+" || t.text === "~" || t.text === "!")) {
      count(t.col, t.len);
      ts.next();
      ops.push({ k: "un", op: t.text, col: t.col });
      continue;
    }
    if (t && t.kind === "id" && t.text.toLowerCase() === "seg") {
      throw new ExprError("SEG is not supported in ELF32/bin output", t.col, t.len, "unsupported");
    }
    if (t && t.kind === "op" && t.text === "(") {
      count(t.col, t.len);
      ts.next();
      ops.push({ k: "paren" });
      continue;
    }
    if (t) count(t.col, t.len);
    out.push(parsePrimary(ts, resolve, allowRegs));
    for (; ; ) {
      const o = ts.peek();
      const prec = o && o.kind === "op" ? BIN_PREC.get(o.text) : void 0;
      if (prec !== void 0) {
        reduceTo(prec, false);
        ts.next();
        ops.push({ k: "bin", op: o.text, prec });
        break;
      }
      if (o && o.kind === "op" && o.text === "?") {
        reduceTo(0, false);
        ts.next();
        ops.push({ k: "then" });
        break;
      }
      if (o && o.kind === "op" && o.text === ":" && ops.some((p) => p.k === "then") && nearestMarker(ops)?.k !== "paren") {
        reduceTo(0, true);
        if (ops[ops.length - 1]?.k !== "then") break;
        ops.pop();
        ts.next();
        ops.push({ k: "else" });
        break;
      }
      if (o && o.kind === "op" && o.text === ")" && ops.some((p) => p.k === "paren")) {
        reduceTo(0, true);
        if (ops[ops.length - 1]?.k === "then") reduceOne();
        ops.pop();
        ts.next();
        continue;
      }
      reduceTo(0, true);
      const left = ops[ops.length - 1];
      if (left?.k === "then") reduceOne();
      if (left?.k === "paren") throw new ExprError("expected ')'", ts.here().col);
      return out[0];
    }
  }
}
function nearestMarker(ops) {
  for (let i = ops.length - 1; i >= 0; i--) if (ops[i].k === "paren" || ops[i].k === "then") return ops[i];
  return void 0;
}
function strValue(s) {
  let v = 0n;
  for (let i = Math.min(s.length, 8) - 1; i >= 0; i--) v = v << 8n | BigInt(s.charCodeAt(i) & 255);
  return v;
}
function parsePrimary(ts, resolve, allowRegs) {
  const t = ts.next();
  if (!t) {
    const e = ts.endCol();
    throw new ExprError("expected an expression", e);
  }
  switch (t.kind) {
    case "num":
      return { k: "num", v: t.value, col: t.col, len: t.len };
    case "str":
      return { k: "num", v: strValue(t.text), col: t.col, len: t.len };
    case "here":
      return { k: "here", col: t.col, len: t.len };
    case "base":
      return { k: "base", col: t.col, len: t.len };
    case "float":
      throw new ExprError("floating-point constant in an integer expression", t.col, t.len);
    case "id": {
      if (t.text.startsWith("$")) return { k: "sym", name: resolve(t.text.slice(1)), col: t.col, len: t.len };
      const r = lookupRegister(t.text);
      if (r) {
        if (!allowRegs) throw new ExprError(`register '${t.text}' is not allowed in an expression here`, t.col, t.len);
        return { k: "reg", reg: r.reg, name: r.name, col: t.col, len: t.len };
      }
      return { k: "sym", name: resolve(t.text), col: t.col, len: t.len };
    }
    case "op":
      throw new ExprError(`expected an expression, found '${t.text}'`, t.col, t.len);
  }
}
var i64 = (v) => BigInt.asIntN(64, v);
var u64 = (v) => BigInt.asUintN(64, v);
function addTerms(a, b, sign) {
  if (!b.length) return a;
  const out = a.map((t) => ({ ...t }));
  for (const t of b) {
    const f = out.find((x) => x.id === t.id);
    if (f) f.k += sign * t.k;
    else out.push({ id: t.id, k: sign * t.k });
  }
  return out.filter((t) => t.k !== 0n);
}
function evaluate(root, ctx) {
  const work = [{ e: root, stage: 0 }];
  const vals = [];
  while (work.length) {
    const w = work.pop();
    const e = w.e;
    switch (e.k) {
      case "num":
        vals.push({ n: i64(e.v), terms: [], unknown: false });
        break;
      case "sym":
        vals.push(ctx.symbol(e.name, e.col, e.len));
        break;
      case "reg":
        vals.push({ n: 0n, terms: [{ id: REG_TERM + e.reg, k: 1n }], unknown: false });
        break;
      case "here":
        vals.push(ctx.here());
        break;
      case "base":
        vals.push(ctx.base());
        break;
      case "cond":
        if (w.stage === 0) {
          work.push({ e, stage: 1 }, { e: e.c, stage: 0 });
          break;
        }
        {
          const c = vals.pop();
          scalar(c, e.c);
          work.push({ e: c.n !== 0n ? e.a : e.b, stage: 0 });
        }
        break;
      case "un":
        if (w.stage === 0) {
          work.push({ e, stage: 1 }, { e: e.a, stage: 0 });
          break;
        }
        vals.push(unary(e, vals.pop()));
        break;
      case "bin":
        if (w.stage === 0) {
          work.push({ e, stage: 1 }, { e: e.b, stage: 0 }, { e: e.a, stage: 0 });
          break;
        }
        {
          const b = vals.pop(), a = vals.pop();
          vals.push(binary(e, a, b));
        }
        break;
    }
  }
  return vals[0];
}
function unary(e, a) {
  if (e.op === "+") return a;
  if (e.op === "-") return { n: i64(-a.n), terms: a.terms.map((t) => ({ id: t.id, k: -t.k })), unknown: a.unknown };
  scalar(a, e.a);
  return { n: e.op === "~" ? i64(~a.n) : a.n === 0n ? 1n : 0n, terms: [], unknown: a.unknown };
}
function binary(e, a, b) {
  const unknown = a.unknown || b.unknown;
  if (e.op === "+") return { n: i64(a.n + b.n), terms: addTerms(a.terms, b.terms, 1n), unknown };
  if (e.op === "-") return { n: i64(a.n - b.n), terms: addTerms(a.terms, b.terms, -1n), unknown };
  if (e.op === "*") {
    if (!a.terms.length) return { n: i64(a.n * b.n), terms: b.terms.map((t) => ({ id: t.id, k: t.k * a.n })).filter((t) => t.k !== 0n), unknown };
    if (!b.terms.length) return { n: i64(a.n * b.n), terms: a.terms.map((t) => ({ id: t.id, k: t.k * b.n })).filter((t) => t.k !== 0n), unknown };
    if (unknown) return { n: 0n, terms: [], unknown };
    throw new ExprError("expression is not simple: cannot multiply two relocatable values", e.col, e.len, "not-simple");
  }
  if (a.terms.length || b.terms.length) {
    if (unknown) return { n: 0n, terms: [], unknown };
    throw new ExprError(`operator '${e.op}' needs scalar operands (a label's address is only known at link time)`, e.col, e.len, "not-simple");
  }
  return { n: binop(e.op, a.n, b.n, unknown, e), terms: [], unknown };
}
function scalar(v, e) {
  if (v.terms.length && !v.unknown) throw new ExprError("expression is not a scalar value", e.col, e.len, "not-simple");
}
function binop(op, a, b, unknown, e) {
  const bool = (x) => x ? 1n : 0n;
  switch (op) {
    case "|":
      return i64(a | b);
    case "^":
      return i64(a ^ b);
    case "&":
      return i64(a & b);
    case "<<":
    case "<<<":
      return i64(a << (b & 63n));
    case ">>":
      return i64(u64(a) >> (b & 63n));
    case ">>>":
      return i64(a >> (b & 63n));
    case "/":
    case "//":
    case "%":
    case "%%":
      if (b === 0n) {
        if (unknown) return 0n;
        throw new ExprError("division by zero", e.col, e.len, "division-by-zero");
      }
      if (op === "/") return i64(u64(a) / u64(b));
      if (op === "%") return i64(u64(a) % u64(b));
      if (op === "//") return i64(a / b);
      return i64(a % b);
    case "||":
      return bool(a !== 0n || b !== 0n);
    case "&&":
      return bool(a !== 0n && b !== 0n);
    case "^^":
      return bool(a !== 0n !== (b !== 0n));
    case "=":
    case "==":
      return bool(a === b);
    case "!=":
    case "<>":
      return bool(a !== b);
    case "<":
      return bool(a < b);
    case "<=":
      return bool(a <= b);
    case ">":
      return bool(a > b);
    case ">=":
      return bool(a >= b);
    case "<=>":
      return a < b ? -1n : a > b ? 1n : 0n;
  }
  throw new ExprError(`unknown operator '${op}'`, e.col, e.len);
}
function isConstantExpr(root) {
  const stack = [root];
  while (stack.length) {
    const e = stack.pop();
    switch (e.k) {
      case "num":
      case "reg":
        break;
      case "sym":
      case "here":
      case "base":
        return false;
      case "un":
        stack.push(e.a);
        break;
      case "bin":
        stack.push(e.a, e.b);
        break;
      case "cond":
        stack.push(e.c, e.a, e.b);
        break;
    }
  }
  return true;
}

// toolchain/asm/forms-data.ts
var FORMS_DATA = "add 5 0 1 6 13.25\nadd 6 16 2 6 14.27\nadd 7 32 4 6 15.31\nadd 9 0 1 6 25.13\nadd 10 16 2 6 27.14\nadd 11 32 4 6 31.15\nadd 13 0 0 6 73.82\nadd 14 16 0 6 75.87\nadd 15 32 0 6 77.88\nadd 207 0 1 6 13.82\nadd 215 16 2 6 14.87\nadd 216 32 4 6 15.88\nadd 239 0 1 6 13.82\nadd 247 16 2 6 14.84\nadd 248 32 4 6 15.85\npush 17 16 0 6 67\npush 18 32 0 6 67\npush 33 16 0 6 68\npush 34 32 0 6 68\npush 48 16 0 6 69\npush 49 32 0 6 69\npush 64 16 0 6 70\npush 65 32 0 6 70\npush 124 16 0 6 30\npush 125 32 0 6 34\npush 141 16 0 6 87\npush 142 32 0 6 88\npush 147 16 0 6 84\npush 148 32 0 6 85\npush 769 16 2 6 14\npush 770 32 4 6 15\npush 1942 16 0 6 71\npush 1943 32 0 6 71\npush 1992 16 0 6 72\npush 1993 32 0 6 72\npop 19 16 0 6 67\npop 20 32 0 6 67\npop 35 16 0 6 68\npop 50 16 0 6 69\npop 51 32 0 6 69\npop 66 16 0 6 70\npop 67 32 0 6 70\npop 127 16 0 6 30\npop 128 32 0 6 34\npop 296 16 2 6 14\npop 297 32 4 6 15\npop 1945 16 0 6 71\npop 1946 32 0 6 71\npop 1995 16 0 6 72\npop 1996 32 0 6 72\nor 21 0 1 6 13.25\nor 22 16 2 6 14.27\nor 23 32 4 6 15.31\nor 25 0 1 6 25.13\nor 26 16 2 6 27.14\nor 27 32 4 6 31.15\nor 29 0 0 6 73.82\nor 30 16 0 6 75.87\nor 31 32 0 6 77.88\nor 208 0 1 6 13.82\nor 218 16 2 6 14.87\nor 219 32 4 6 15.88\nor 240 0 1 6 13.82\nor 250 16 2 6 14.84\nor 251 32 4 6 15.85\nadc 36 0 1 6 13.25\nadc 37 16 2 6 14.27\nadc 38 32 4 6 15.31\nadc 40 0 1 6 25.13\nadc 41 16 2 6 27.14\nadc 42 32 4 6 31.15\nadc 44 0 0 6 73.82\nadc 45 16 0 6 75.87\nadc 46 32 0 6 77.88\nadc 209 0 1 6 13.82\nadc 221 16 2 6 14.87\nadc 222 32 4 6 15.88\nadc 241 0 1 6 13.82\nadc 253 16 2 6 14.84\nadc 254 32 4 6 15.85\nsbb 52 0 1 6 13.25\nsbb 53 16 2 6 14.27\nsbb 54 32 4 6 15.31\nsbb 56 0 1 6 25.13\nsbb 57 16 2 6 27.14\nsbb 58 32 4 6 31.15\nsbb 60 0 0 6 73.82\nsbb 61 16 0 6 75.87\nsbb 62 32 0 6 77.88\nsbb 210 0 1 6 13.82\nsbb 224 16 2 6 14.87\nsbb 225 32 4 6 15.88\nsbb 242 0 1 6 13.82\nsbb 256 16 2 6 14.84\nsbb 257 32 4 6 15.85\nand 68 0 1 6 13.25\nand 69 16 2 6 14.27\nand 70 32 4 6 15.31\nand 72 0 1 6 25.13\nand 73 16 2 6 27.14\nand 74 32 4 6 31.15\nand 76 0 0 6 73.82\nand 77 16 0 6 75.87\nand 78 32 0 6 77.88\nand 211 0 1 6 13.82\nand 227 16 2 6 14.87\nand 228 32 4 6 15.88\nand 243 0 1 6 13.82\nand 259 16 2 6 14.84\nand 260 32 4 6 15.85\ndaa 80 0 0 6 \nsub 81 0 1 6 13.25\nsub 82 16 2 6 14.27\nsub 83 32 4 6 15.31\nsub 85 0 1 6 25.13\nsub 86 16 2 6 27.14\nsub 87 32 4 6 31.15\nsub 89 0 0 6 73.82\nsub 90 16 0 6 75.87\nsub 91 32 0 6 77.88\nsub 212 0 1 6 13.82\nsub 230 16 2 6 14.87\nsub 231 32 4 6 15.88\nsub 244 0 1 6 13.82\nsub 262 16 2 6 14.84\nsub 263 32 4 6 15.85\ndas 93 0 0 6 \nxor 94 0 1 6 13.25\nxor 95 16 2 6 14.27\nxor 96 32 4 6 15.31\nxor 98 0 1 6 25.13\nxor 99 16 2 6 27.14\nxor 100 32 4 6 31.15\nxor 102 0 0 6 73.82\nxor 103 16 0 6 75.87\nxor 104 32 0 6 77.88\nxor 213 0 1 6 13.82\nxor 233 16 2 6 14.87\nxor 234 32 4 6 15.88\nxor 245 0 1 6 13.82\nxor 265 16 2 6 14.84\nxor 266 32 4 6 15.85\naaa 106 0 0 6 \ncmp 107 0 1 6 13.25\ncmp 108 16 2 6 14.27\ncmp 109 32 4 6 15.31\ncmp 111 0 1 6 25.13\ncmp 112 16 2 6 27.14\ncmp 113 32 4 6 31.15\ncmp 115 0 0 6 73.82\ncmp 116 16 0 6 75.87\ncmp 117 32 0 6 77.88\ncmp 214 0 1 6 13.82\ncmp 236 16 2 6 14.87\ncmp 237 32 4 6 15.88\ncmp 246 0 1 6 13.82\ncmp 268 16 2 6 14.84\ncmp 269 32 4 6 15.85\naas 119 0 0 6 \ninc 120 16 0 6 30\ninc 121 32 0 6 34\ninc 749 0 1 6 13\ninc 751 16 2 6 14\ninc 752 32 4 6 15\ndec 122 16 0 6 30\ndec 123 32 0 6 34\ndec 750 0 1 6 13\ndec 754 16 2 6 14\ndec 755 32 4 6 15\npusha 130 16 0 6 \npushad 131 32 0 6 \npopa 132 16 0 6 \npopad 133 32 0 6 \nbound 134 16 4 6 27.4\nbound 135 32 8 6 31.4\narpl 136 16 2 6 14.27\narpl 137 32 2 6 15.31\nimul 144 16 2 6 27.14.87\nimul 145 32 4 6 31.15.88\nimul 150 16 2 6 27.14.84\nimul 151 32 4 6 31.15.85\nimul 716 0 1 6 13\nimul 734 16 2 6 14\nimul 735 32 4 6 15\nimul 2070 16 2 6 27.14\nimul 2071 32 4 6 31.15\ninsb 153 0 1 6 92.76\ninsw 154 16 2 6 92.76\ninsd 155 32 4 6 92.76\noutsb 156 0 1 6 76.91\noutsw 157 16 2 6 76.91\noutsd 158 32 4 6 76.91\njo 159 16 0 6 95\njo 160 32 0 6 96\njo 1854 16 0 6 98\njo 1855 32 0 6 99\njno 162 16 0 6 95\njno 163 32 0 6 96\njno 1857 16 0 6 98\njno 1858 32 0 6 99\njb 165 16 0 6 95\njb 166 32 0 6 96\njb 1860 16 0 6 98\njb 1861 32 0 6 99\njae 168 16 0 6 95\njae 169 32 0 6 96\njae 1863 16 0 6 98\njae 1864 32 0 6 99\nje 171 16 0 6 95\nje 172 32 0 6 96\nje 1866 16 0 6 98\nje 1867 32 0 6 99\njne 174 16 0 6 95\njne 175 32 0 6 96\njne 1869 16 0 6 98\njne 1870 32 0 6 99\njbe 177 16 0 6 95\njbe 178 32 0 6 96\njbe 1872 16 0 6 98\njbe 1873 32 0 6 99\nja 180 16 0 6 95\nja 181 32 0 6 96\nja 1875 16 0 6 98\nja 1876 32 0 6 99\njs 183 16 0 6 95\njs 184 32 0 6 96\njs 1878 16 0 6 98\njs 1879 32 0 6 99\njns 186 16 0 6 95\njns 187 32 0 6 96\njns 1881 16 0 6 98\njns 1882 32 0 6 99\njp 189 16 0 6 95\njp 190 32 0 6 96\njp 1884 16 0 6 98\njp 1885 32 0 6 99\njnp 192 16 0 6 95\njnp 193 32 0 6 96\njnp 1887 16 0 6 98\njnp 1888 32 0 6 99\njl 195 16 0 6 95\njl 196 32 0 6 96\njl 1890 16 0 6 98\njl 1891 32 0 6 99\njge 198 16 0 6 95\njge 199 32 0 6 96\njge 1893 16 0 6 98\njge 1894 32 0 6 99\njle 201 16 0 6 95\njle 202 32 0 6 96\njle 1896 16 0 6 98\njle 1897 32 0 6 99\njg 204 16 0 6 95\njg 205 32 0 6 96\njg 1899 16 0 6 98\njg 1900 32 0 6 99\ntest 271 0 1 6 13.25\ntest 272 16 2 6 14.27\ntest 273 32 4 6 15.31\ntest 339 0 0 6 73.82\ntest 340 16 0 6 75.87\ntest 341 32 0 6 77.88\ntest 711 0 1 6 13.82\ntest 712 0 1 6 13.82\ntest 719 16 2 6 14.87\ntest 720 32 4 6 15.88\ntest 722 16 2 6 14.87\ntest 723 32 4 6 15.88\nxchg 275 0 1 6 13.25\nxchg 276 16 2 6 14.27\nxchg 277 32 4 6 15.31\nxchg 302 16 0 6 30.75\nxchg 303 32 0 6 34.77\nmov 279 0 1 6 13.25\nmov 280 16 2 6 14.27\nmov 281 32 4 6 15.31\nmov 283 0 1 6 25.13\nmov 284 16 2 6 27.14\nmov 285 32 4 6 31.15\nmov 287 16 2 6 14.41\nmov 288 32 2 6 15.41\nmov 293 16 2 6 41.14\nmov 294 32 2 6 41.15\nmov 323 0 1 6 73.3\nmov 324 16 2 6 75.3\nmov 325 32 4 6 77.3\nmov 327 0 1 6 3.73\nmov 328 16 2 6 3.75\nmov 329 32 4 6 3.77\nmov 355 0 0 6 26.82\nmov 356 16 0 6 30.87\nmov 357 32 0 6 34.88\nmov 401 0 1 6 13.82\nmov 403 16 2 6 14.87\nmov 404 32 4 6 15.88\nmov 1059 0 0 6 33.63\nmov 1061 0 0 6 33.64\nmov 1063 0 0 6 63.33\nmov 1065 0 0 6 64.33\nmov 1067 0 0 6 33.65\nmov 1068 0 0 6 65.33\nlea 290 16 0 6 27.4\nlea 291 32 0 6 31.4\nnop 299 16 0 6 \nnop 300 32 0 6 \nnop 1056 16 2 6 14\nnop 1057 32 4 6 15\npause 305 0 0 6 \ncbw 306 16 0 6 \ncwde 307 32 0 6 \ncwd 309 16 0 6 \ncdq 310 32 0 6 \ncall 312 16 0 6 1\ncall 313 32 0 6 2\ncall 691 16 0 6 98\ncall 692 32 0 6 99\ncall 757 16 2 6 14\ncall 758 32 4 6 15\ncall 760 16 4 7 4\ncall 761 32 6 7 4\nwait 314 0 0 6 \npushf 315 16 0 6 \npushfd 316 32 0 6 \npopf 318 16 0 6 \npopfd 319 32 0 6 \nsahf 321 0 0 6 \nlahf 322 0 0 6 \nmovsb 331 0 1 6 92.91\nmovsw 332 16 2 6 92.91\nmovsd 333 32 4 6 92.91\nmovsd 910 0 8 6 48.20\nmovsd 932 0 8 6 20.48\ncmpsb 335 0 1 6 91.92\ncmpsw 336 16 2 6 91.92\ncmpsd 337 32 4 6 91.92\ncmpsd 2155 0 8 6 48.20.82\nstosb 343 0 1 6 92.73\nstosw 344 16 2 6 92.75\nstosd 345 32 4 6 92.77\nlodsb 347 0 1 6 73.91\nlodsw 348 16 2 6 75.91\nlodsd 349 32 4 6 77.91\nscasb 351 0 1 6 73.92\nscasw 352 16 2 6 75.92\nscasd 353 32 4 6 77.92\nrol 359 0 1 6 13.82\nrol 367 16 2 6 14.82\nrol 368 32 4 6 15.82\nrol 426 0 1 6 13.83\nrol 434 16 2 6 14.83\nrol 435 32 4 6 15.83\nrol 458 0 1 6 13.74\nrol 466 16 2 6 14.74\nrol 467 32 4 6 15.74\nror 360 0 1 6 13.82\nror 370 16 2 6 14.82\nror 371 32 4 6 15.82\nror 427 0 1 6 13.83\nror 437 16 2 6 14.83\nror 438 32 4 6 15.83\nror 459 0 1 6 13.74\nror 469 16 2 6 14.74\nror 470 32 4 6 15.74\nrcl 361 0 1 6 13.82\nrcl 373 16 2 6 14.82\nrcl 374 32 4 6 15.82\nrcl 428 0 1 6 13.83\nrcl 440 16 2 6 14.83\nrcl 441 32 4 6 15.83\nrcl 460 0 1 6 13.74\nrcl 472 16 2 6 14.74\nrcl 473 32 4 6 15.74\nrcr 362 0 1 6 13.82\nrcr 376 16 2 6 14.82\nrcr 377 32 4 6 15.82\nrcr 429 0 1 6 13.83\nrcr 443 16 2 6 14.83\nrcr 444 32 4 6 15.83\nrcr 461 0 1 6 13.74\nrcr 475 16 2 6 14.74\nrcr 476 32 4 6 15.74\nshl 363 0 1 6 13.82\nshl 379 16 2 6 14.82\nshl 380 32 4 6 15.82\nshl 430 0 1 6 13.83\nshl 446 16 2 6 14.83\nshl 447 32 4 6 15.83\nshl 462 0 1 6 13.74\nshl 478 16 2 6 14.74\nshl 479 32 4 6 15.74\nshr 364 0 1 6 13.82\nshr 382 16 2 6 14.82\nshr 383 32 4 6 15.82\nshr 431 0 1 6 13.83\nshr 449 16 2 6 14.83\nshr 450 32 4 6 15.83\nshr 463 0 1 6 13.74\nshr 481 16 2 6 14.74\nshr 482 32 4 6 15.74\nsal 365 0 1 6 13.82\nsal 385 16 2 6 14.82\nsal 386 32 4 6 15.82\nsal 432 0 1 6 13.83\nsal 452 16 2 6 14.83\nsal 453 32 4 6 15.83\nsal 464 0 1 6 13.74\nsal 484 16 2 6 14.74\nsal 485 32 4 6 15.74\nsar 366 0 1 6 13.82\nsar 388 16 2 6 14.82\nsar 389 32 4 6 15.82\nsar 433 0 1 6 13.83\nsar 455 16 2 6 14.83\nsar 456 32 4 6 15.83\nsar 465 0 1 6 13.74\nsar 487 16 2 6 14.74\nsar 488 32 4 6 15.74\nret 391 16 0 6 87\nret 392 32 0 6 87\nret 394 16 0 6 \nret 395 32 0 6 \nles 397 16 4 7 27.4\nles 398 32 6 7 31.4\nlds 399 16 4 7 27.4\nlds 400 32 6 7 31.4\nxabort 402 0 0 6 82\nxbegin 406 16 0 6 101\nxbegin 407 32 0 6 102\nenter 408 16 0 6 87.82\nenter 409 32 0 6 87.82\nleave 411 16 0 6 \nleave 412 32 0 6 \nretf 414 16 0 6 87\nretf 415 32 0 6 87\nretf 417 16 0 6 \nretf 418 32 0 6 \nint3 420 0 0 6 \nint 421 0 0 6 82\ninto 422 0 0 6 \niret 423 16 0 6 \niretd 424 32 0 6 \naam 490 0 0 6 82\naad 491 0 0 6 82\nsalc 492 0 0 6 \nxlatb 493 0 1 6 94\nfadd 494 0 4 6 4\nfadd 502 0 0 6 79.80\nfadd 589 0 8 6 4\nfadd 597 0 0 6 80.79\nfmul 495 0 4 6 4\nfmul 503 0 0 6 79.80\nfmul 590 0 8 6 4\nfmul 598 0 0 6 80.79\nfcom 496 0 4 6 4\nfcom 504 0 0 6 79.80\nfcom 591 0 8 6 4\nfcom 599 0 0 6 79.80\nfcomp 497 0 4 6 4\nfcomp 505 0 0 6 79.80\nfcomp 592 0 8 6 4\nfcomp 600 0 0 6 79.80\nfcomp 633 0 0 6 79.80\nfsub 498 0 4 6 4\nfsub 506 0 0 6 79.80\nfsub 593 0 8 6 4\nfsub 602 0 0 6 80.79\nfsubr 499 0 4 6 4\nfsubr 507 0 0 6 79.80\nfsubr 594 0 8 6 4\nfsubr 601 0 0 6 80.79\nfdiv 500 0 4 6 4\nfdiv 508 0 0 6 79.80\nfdiv 595 0 8 6 4\nfdiv 604 0 0 6 80.79\nfdivr 501 0 4 6 4\nfdivr 509 0 0 6 79.80\nfdivr 596 0 8 6 4\nfdivr 603 0 0 6 80.79\nfld 510 0 4 6 4\nfld 522 0 0 6 80\nfld 570 0 10 6 4\nfld 605 0 8 6 4\nfst 511 0 4 6 4\nfst 607 0 8 6 4\nfst 619 0 0 6 80\nfstp 512 0 4 6 4\nfstp 571 0 10 6 4\nfstp 608 0 8 6 4\nfstp 620 0 0 6 80\nfstp 649 0 0 6 80\nfstp 650 0 0 6 80\nfldenv 513 16 14 6 4\nfldenv 514 32 28 6 4\nfldcw 515 0 2 6 4\nfnstenv 516 16 14 6 4\nfnstenv 518 32 28 6 4\nfstenv 517 16 14 6 4\nfstenv 519 32 28 6 4\nfnstcw 520 0 2 6 4\nfstcw 521 0 2 6 4\nfxch 523 0 0 6 79.80\nfxch 618 0 0 6 79.80\nfxch 648 0 0 6 79.80\nfnop 524 0 0 6 \nfstpnce 525 0 0 6 80\nfchs 526 0 0 6 \nfabs 527 0 0 6 \nftst 528 0 0 6 \nfxam 529 0 0 6 \nfld1 530 0 0 6 \nfldl2t 531 0 0 6 \nfldl2e 532 0 0 6 \nfldpi 533 0 0 6 \nfldlg2 534 0 0 6 \nfldln2 535 0 0 6 \nfldz 536 0 0 6 \nf2xm1 537 0 0 6 \nfyl2x 538 0 0 6 \nfptan 539 0 0 6 \nfpatan 540 0 0 6 \nfxtract 541 0 0 6 \nfprem1 542 0 0 6 \nfdecstp 543 0 0 6 \nfincstp 544 0 0 6 \nfprem 545 0 0 6 \nfyl2xp1 546 0 0 6 \nfsqrt 547 0 0 6 \nfsincos 548 0 0 6 \nfrndint 549 0 0 6 \nfscale 550 0 0 6 \nfsin 551 0 0 6 \nfcos 552 0 0 6 \nfiadd 553 0 4 6 4\nfiadd 623 0 2 6 4\nfimul 554 0 4 6 4\nfimul 624 0 2 6 4\nficom 555 0 4 6 4\nficom 625 0 2 6 4\nficomp 556 0 4 6 4\nficomp 626 0 2 6 4\nfisub 557 0 4 6 4\nfisub 627 0 2 6 4\nfisubr 558 0 4 6 4\nfisubr 628 0 2 6 4\nfidiv 559 0 4 6 4\nfidiv 629 0 2 6 4\nfidivr 560 0 4 6 4\nfidivr 630 0 2 6 4\nfcmovb 561 0 0 6 79.80\nfcmove 562 0 0 6 79.80\nfcmovbe 563 0 0 6 79.80\nfcmovu 564 0 0 6 79.80\nfucompp 565 0 0 6 \nfild 566 0 4 6 4\nfild 639 0 2 6 4\nfild 644 0 8 6 4\nfisttp 567 0 4 6 4\nfisttp 606 0 8 6 4\nfisttp 640 0 2 6 4\nfist 568 0 4 6 4\nfist 641 0 2 6 4\nfistp 569 0 4 6 4\nfistp 642 0 2 6 4\nfistp 646 0 8 6 4\nfcmovnb 572 0 0 6 79.80\nfcmovne 573 0 0 6 79.80\nfcmovnbe 574 0 0 6 79.80\nfcmovnu 575 0 0 6 79.80\nfneni 576 0 0 6 \nfeni 577 0 0 6 \nfndisi 578 0 0 6 \nfdisi 579 0 0 6 \nfnclex 580 0 0 6 \nfclex 581 0 0 6 \nfninit 582 0 0 6 \nfinit 583 0 0 6 \nfnsetpm 584 0 0 6 \nfsetpm 585 0 0 6 \nfrstpm 586 0 0 6 \nfucomi 587 0 0 6 79.80\nfcomi 588 0 0 6 79.80\nfrstor 609 16 94 6 4\nfrstor 610 32 108 6 4\nfnsave 611 16 94 6 4\nfnsave 613 32 108 6 4\nfsave 612 16 94 6 4\nfsave 614 32 108 6 4\nfnstsw 615 0 2 6 4\nfnstsw 651 0 0 6 75\nfstsw 616 0 2 6 4\nfstsw 652 0 0 6 75\nffree 617 0 0 6 80\nfucom 621 0 0 6 79.80\nfucomp 622 0 0 6 79.80\nfaddp 631 0 0 6 80.79\nfmulp 632 0 0 6 80.79\nfcompp 634 0 0 6 \nfsubrp 635 0 0 6 80.79\nfsubp 636 0 0 6 80.79\nfdivrp 637 0 0 6 80.79\nfdivp 638 0 0 6 80.79\nfbld 643 0 10 6 4\nfbstp 645 0 10 6 4\nffreep 647 0 0 6 80\nfstdw 653 0 0 6 75\nfstsg 654 0 0 6 75\nfucomip 655 0 0 6 79.80\nfcomip 656 0 0 6 79.80\nloopne 657 16 0 6 95\nloopne 658 32 0 6 96\nloopne 659 16 0 6 95\nloopne 660 32 0 6 96\nloope 664 16 0 6 95\nloope 665 32 0 6 96\nloope 666 16 0 6 95\nloope 667 32 0 6 96\nloop 671 16 0 6 95\nloop 672 32 0 6 96\nloop 673 16 0 6 95\nloop 674 32 0 6 96\njcxz 678 16 0 6 95\njcxz 679 32 0 6 96\njecxz 680 16 0 6 95\njecxz 681 32 0 6 96\nin 685 0 0 6 73.82\nin 686 16 0 6 75.82\nin 687 32 0 6 77.82\nin 702 0 0 6 73.76\nin 703 16 0 6 75.76\nin 704 32 0 6 77.76\nout 688 0 0 6 82.73\nout 689 16 0 6 82.75\nout 690 32 0 6 82.77\nout 705 0 0 6 76.73\nout 706 16 0 6 76.75\nout 707 32 0 6 76.77\njmp 694 16 0 6 98\njmp 695 32 0 6 99\njmp 697 16 0 6 1\njmp 698 32 0 6 2\njmp 699 16 0 6 95\njmp 700 32 0 6 96\njmp 763 16 2 6 14\njmp 764 32 4 6 15\njmp 766 16 4 7 4\njmp 767 32 6 7 4\nint1 708 0 0 6 \nhlt 709 0 0 6 \ncmc 710 0 0 6 \nnot 713 0 1 6 13\nnot 725 16 2 6 14\nnot 726 32 4 6 15\nneg 714 0 1 6 13\nneg 728 16 2 6 14\nneg 729 32 4 6 15\nmul 715 0 1 6 13\nmul 731 16 2 6 14\nmul 732 32 4 6 15\ndiv 717 0 1 6 13\ndiv 737 16 2 6 14\ndiv 738 32 4 6 15\nidiv 718 0 1 6 13\nidiv 740 16 2 6 14\nidiv 741 32 4 6 15\nclc 743 0 0 6 \nstc 744 0 0 6 \ncli 745 0 0 6 \nsti 746 0 0 6 \ncld 747 0 0 6 \nstd 748 0 0 6 \nsldt 772 16 2 6 14\nsldt 773 32 2 6 15\nstr 775 16 2 6 14\nstr 776 32 2 6 15\nlldt 778 16 2 6 14\nlldt 779 32 2 6 15\nltr 781 16 2 6 14\nltr 782 32 2 6 15\nverr 784 16 2 6 14\nverr 785 32 2 6 15\nverw 787 16 2 6 14\nverw 788 32 2 6 15\njmpe 790 16 2 6 14\njmpe 791 32 4 6 15\njmpe 2095 16 0 6 103\njmpe 2096 32 0 6 104\nsgdt 792 16 6 6 4\nsgdt 793 32 6 6 4\nsidt 795 16 6 6 4\nsidt 796 32 6 6 4\nlgdt 798 16 6 6 4\nlgdt 799 32 6 6 4\nlidt 801 16 6 6 4\nlidt 802 32 6 6 4\nsmsw 804 16 2 6 14\nsmsw 805 32 2 6 15\nrstorssp 807 0 8 6 4\nlmsw 808 16 2 6 14\nlmsw 809 32 2 6 15\ninvlpg 811 0 0 6 4\nenclv 812 0 0 6 \nvmcall 813 0 0 6 \nvmlaunch 814 0 0 6 \nvmresume 815 0 0 6 \nvmxoff 816 0 0 6 \npconfig 817 0 0 6 \nmonitor 818 0 0 6 \nmonitor 819 0 0 6 \nmwait 821 0 0 6 \nclac 822 0 0 6 \nstac 823 0 0 6 \nencls 824 0 0 6 \nxgetbv 825 0 0 6 \nxsetbv 826 0 0 6 \nvmfunc 827 0 0 6 \nxend 828 0 0 6 \nxtest 829 0 0 6 \nenclu 830 0 0 6 \nvmrun 831 0 0 6 \nvmrun 832 0 0 6 \nvmmcall 834 0 0 6 \nvmload 835 0 0 6 \nvmload 836 0 0 6 \nvmsave 838 0 0 6 \nvmsave 839 0 0 6 \nstgi 841 0 0 6 \nclgi 842 0 0 6 \nskinit 843 0 0 6 \ninvlpga 844 0 0 6 \ninvlpga 845 0 0 6 \nsetssbsy 847 0 0 6 \nsaveprevssp 848 0 0 6 \nrdpkru 849 0 0 6 \nwrpkru 850 0 0 6 \nrdtscp 852 0 0 6 \nmonitorx 853 0 0 6 \nmonitorx 854 0 0 6 \nmcommit 856 0 0 6 \nmwaitx 857 0 0 6 \nclzero 858 0 0 6 \nclzero 859 0 0 6 \nrdpru 861 0 0 6 \nlar 862 16 2 6 27.14\nlar 863 32 2 6 31.15\nlsl 865 16 2 6 27.14\nlsl 866 32 2 6 31.15\nstoreall 868 0 0 6 \nloadall 869 0 0 6 \nloadall 872 0 0 6 \nsyscall 870 0 0 6 \nclts 871 0 0 6 \nsysret 873 0 0 6 \ninvd 875 0 0 6 \nwbinvd 876 0 0 6 \nwbnoinvd 877 0 0 6 \ncl1invmb 878 0 0 6 \nud2 879 0 0 6 \nreservednop 880 16 2 6 14.27\nreservednop 881 32 4 6 15.31\nreservednop 1009 16 2 6 14.27\nreservednop 1010 32 4 6 15.31\nreservednop 1012 16 2 6 14.27\nreservednop 1013 32 4 6 15.31\nreservednop 1015 16 2 6 14.27\nreservednop 1016 32 4 6 15.31\nreservednop 1018 16 2 6 14.27\nreservednop 1019 32 4 6 15.31\nreservednop 1021 16 2 6 14.27\nreservednop 1022 32 4 6 15.31\nreservednop 1024 16 2 6 14.27\nreservednop 1025 32 4 6 15.31\nreservednop 1027 16 2 6 14.27\nreservednop 1028 32 4 6 15.31\nreservednop 1030 16 2 6 14.27\nreservednop 1031 32 4 6 15.31\nprefetch 883 0 1 6 4\nprefetch 4217 0 1 6 4\nprefetch 4218 0 1 6 4\nprefetch 4219 0 1 6 4\nprefetch 4220 0 1 6 4\nprefetchw 884 0 1 6 4\nprefetchw 4216 0 1 6 4\nprefetchwt1 885 0 1 6 4\nfemms 886 0 0 6 \numov 887 0 1 6 13.25\numov 888 16 2 6 14.27\numov 889 32 4 6 15.31\numov 890 0 1 6 25.13\numov 891 16 2 6 27.14\numov 892 32 4 6 31.15\nmovups 893 0 16 6 48.20\nmovups 915 0 16 6 20.48\nvmovups 894 0 16 6 48.20\nvmovups 895 0 32 6 54.21\nvmovups 916 0 16 6 20.48\nvmovups 917 0 32 6 21.54\nmovupd 899 0 16 6 48.20\nmovupd 921 0 16 6 20.48\nvmovupd 900 0 16 6 48.20\nvmovupd 901 0 32 6 54.21\nvmovupd 922 0 16 6 20.48\nvmovupd 923 0 32 6 21.54\nmovss 905 0 4 6 48.20\nmovss 927 0 4 6 20.48\nvmovss 906 0 0 6 48.50.49\nvmovss 907 0 4 6 48.4\nvmovss 928 0 0 6 49.50.48\nvmovss 929 0 4 6 4.48\nvmovsd 911 0 0 6 48.50.49\nvmovsd 912 0 8 6 48.4\nvmovsd 933 0 0 6 49.50.48\nvmovsd 934 0 8 6 4.48\nmovhlps 937 0 0 6 48.49\nmovlps 938 0 8 6 48.4\nmovlps 958 0 8 6 4.48\nvmovhlps 939 0 0 6 48.50.49\nvmovlps 940 0 8 6 48.50.4\nvmovlps 959 0 8 6 4.48\nmovlpd 943 0 8 6 48.4\nmovlpd 961 0 8 6 4.48\nvmovlpd 944 0 8 6 48.50.4\nvmovlpd 962 0 8 6 4.48\nmovsldup 946 0 16 6 48.20\nvmovsldup 947 0 16 6 48.20\nvmovsldup 948 0 32 6 54.21\nmovddup 952 0 8 6 48.20\nvmovddup 953 0 8 6 48.20\nvmovddup 954 0 32 6 54.21\nunpcklps 964 0 16 6 48.20\nvunpcklps 965 0 16 6 48.50.20\nvunpcklps 966 0 32 6 54.56.21\nunpcklpd 970 0 16 6 48.20\nvunpcklpd 971 0 16 6 48.50.20\nvunpcklpd 972 0 32 6 54.56.21\nunpckhps 976 0 16 6 48.20\nvunpckhps 977 0 16 6 48.50.20\nvunpckhps 978 0 32 6 54.56.21\nunpckhpd 982 0 16 6 48.20\nvunpckhpd 983 0 16 6 48.50.20\nvunpckhpd 984 0 32 6 54.56.21\nmovlhps 988 0 0 6 48.49\nvmovlhps 989 0 0 6 48.50.49\nmovhps 991 0 8 6 48.4\nmovhps 1003 0 8 6 4.48\nvmovhps 992 0 8 6 48.50.4\nvmovhps 1004 0 8 6 4.48\nmovhpd 994 0 8 6 48.4\nmovhpd 1006 0 8 6 4.48\nvmovhpd 995 0 8 6 48.50.4\nvmovhpd 1007 0 8 6 4.48\nmovshdup 997 0 16 6 48.20\nvmovshdup 998 0 16 6 48.20\nvmovshdup 999 0 32 6 54.21\nprefetchnta 1033 0 1 6 4\nprefetcht0 1034 0 1 6 4\nprefetcht1 1035 0 1 6 4\nprefetcht2 1036 0 1 6 4\nbndldx 1037 0 0 6 66.6\nbndmov 1038 0 8 6 66.23\nbndmov 1045 0 8 6 23.66\nbndcl 1040 0 4 6 66.16\nbndcu 1042 0 4 6 66.16\nbndstx 1044 0 0 6 6.66\nbndmk 1047 0 4 6 66.5\nbndcn 1049 0 4 6 66.16\ncldemote 1051 0 1 6 4\nrdsspd 1052 0 0 6 33\nendbr64 1054 0 0 6 \nendbr32 1055 0 0 6 \nmovaps 1069 0 16 6 48.20\nmovaps 1081 0 16 6 20.48\nvmovaps 1070 0 16 6 48.20\nvmovaps 1071 0 32 6 54.21\nvmovaps 1082 0 16 6 20.48\nvmovaps 1083 0 32 6 21.54\nmovapd 1075 0 16 6 48.20\nmovapd 1087 0 16 6 20.48\nvmovapd 1076 0 16 6 48.20\nvmovapd 1077 0 32 6 54.21\nvmovapd 1088 0 16 6 20.48\nvmovapd 1089 0 32 6 21.54\ncvtpi2ps 1093 0 8 6 48.19\ncvtpi2pd 1094 0 8 6 48.19\ncvtsi2ss 1095 0 4 6 48.15\nvcvtsi2ss 1097 0 4 6 48.50.15\ncvtsi2sd 1101 0 4 6 48.15\nvcvtsi2sd 1103 0 4 6 48.50.15\nmovntps 1107 0 16 6 4.48\nvmovntps 1108 0 16 6 4.48\nvmovntps 1109 0 32 6 4.54\nmovntpd 1113 0 16 6 4.48\nvmovntpd 1114 0 16 6 4.48\nvmovntpd 1115 0 32 6 4.54\nmovntss 1119 0 4 6 4.48\nmovntsd 1120 0 8 6 4.48\ncvttps2pi 1121 0 8 6 46.20\ncvttpd2pi 1122 0 16 6 46.20\ncvttss2si 1123 0 4 6 31.20\nvcvttss2si 1125 0 4 6 31.20\ncvttsd2si 1129 0 8 6 31.20\nvcvttsd2si 1131 0 8 6 31.20\ncvtps2pi 1135 0 8 6 46.20\ncvtpd2pi 1136 0 16 6 46.20\ncvtss2si 1137 0 4 6 31.20\nvcvtss2si 1139 0 4 6 31.20\ncvtsd2si 1143 0 8 6 31.20\nvcvtsd2si 1145 0 8 6 31.20\nucomiss 1149 0 4 6 48.20\nvucomiss 1150 0 4 6 48.20\nucomisd 1152 0 8 6 48.20\nvucomisd 1153 0 8 6 48.20\ncomiss 1155 0 4 6 48.20\ncomisd 1156 0 8 6 48.20\nvcomiss 1157 0 4 6 48.20\nvcomisd 1158 0 8 6 48.20\nwrmsr 1161 0 0 6 \nrdtsc 1162 0 0 6 \nrdmsr 1163 0 0 6 \nrdpmc 1164 0 0 6 \nsysenter 1165 0 0 6 \nsysexit 1166 0 0 6 \ngetsec 1168 0 0 6 \ncmovo 1169 16 2 6 27.14\ncmovo 1170 32 4 6 31.15\ncmovno 1172 16 2 6 27.14\ncmovno 1173 32 4 6 31.15\ncmovb 1175 16 2 6 27.14\ncmovb 1176 32 4 6 31.15\ncmovae 1178 16 2 6 27.14\ncmovae 1179 32 4 6 31.15\ncmove 1181 16 2 6 27.14\ncmove 1182 32 4 6 31.15\ncmovne 1184 16 2 6 27.14\ncmovne 1185 32 4 6 31.15\ncmovbe 1187 16 2 6 27.14\ncmovbe 1188 32 4 6 31.15\ncmova 1190 16 2 6 27.14\ncmova 1191 32 4 6 31.15\ncmovs 1193 16 2 6 27.14\ncmovs 1194 32 4 6 31.15\ncmovns 1196 16 2 6 27.14\ncmovns 1197 32 4 6 31.15\ncmovp 1199 16 2 6 27.14\ncmovp 1200 32 4 6 31.15\ncmovnp 1202 16 2 6 27.14\ncmovnp 1203 32 4 6 31.15\ncmovl 1205 16 2 6 27.14\ncmovl 1206 32 4 6 31.15\ncmovge 1208 16 2 6 27.14\ncmovge 1209 32 4 6 31.15\ncmovle 1211 16 2 6 27.14\ncmovle 1212 32 4 6 31.15\ncmovg 1214 16 2 6 27.14\ncmovg 1215 32 4 6 31.15\nkandw 1217 0 0 6 42.45.44\nkandq 1218 0 0 6 42.45.44\nkandb 1219 0 0 6 42.45.44\nkandd 1220 0 0 6 42.45.44\nkandnw 1221 0 0 6 42.45.44\nkandnq 1222 0 0 6 42.45.44\nkandnb 1223 0 0 6 42.45.44\nkandnd 1224 0 0 6 42.45.44\nknotw 1225 0 0 6 42.44\nknotq 1226 0 0 6 42.44\nknotb 1227 0 0 6 42.44\nknotd 1228 0 0 6 42.44\nkorw 1229 0 0 6 42.45.44\nkorq 1230 0 0 6 42.45.44\nkorb 1231 0 0 6 42.45.44\nkord 1232 0 0 6 42.45.44\nkxnorw 1233 0 0 6 42.45.44\nkxnorq 1234 0 0 6 42.45.44\nkxnorb 1235 0 0 6 42.45.44\nkxnord 1236 0 0 6 42.45.44\nkxorw 1237 0 0 6 42.45.44\nkxorq 1238 0 0 6 42.45.44\nkxorb 1239 0 0 6 42.45.44\nkxord 1240 0 0 6 42.45.44\nkaddw 1241 0 0 6 42.45.44\nkaddq 1242 0 0 6 42.45.44\nkaddb 1243 0 0 6 42.45.44\nkaddd 1244 0 0 6 42.45.44\nkunpckwd 1245 0 0 6 42.45.44\nkunpckdq 1246 0 0 6 42.45.44\nkunpckbw 1247 0 0 6 42.45.44\nmovmskps 1248 0 0 6 31.49\nvmovmskps 1250 0 0 6 31.49\nvmovmskps 1252 0 0 6 31.55\nmovmskpd 1254 0 0 6 31.49\nvmovmskpd 1256 0 0 6 31.49\nvmovmskpd 1258 0 0 6 31.55\nsqrtps 1260 0 16 6 48.20\nvsqrtps 1261 0 16 6 48.20\nvsqrtps 1262 0 32 6 54.21\nsqrtpd 1266 0 16 6 48.20\nvsqrtpd 1267 0 16 6 48.20\nvsqrtpd 1268 0 32 6 54.21\nsqrtss 1272 0 4 6 48.20\nvsqrtss 1273 0 4 6 48.50.20\nsqrtsd 1275 0 8 6 48.20\nvsqrtsd 1276 0 8 6 48.50.20\nrsqrtps 1278 0 16 6 48.20\nvrsqrtps 1279 0 16 6 48.20\nvrsqrtps 1280 0 32 6 54.21\nrsqrtss 1281 0 4 6 48.20\nvrsqrtss 1282 0 4 6 48.50.20\nrcpps 1283 0 16 6 48.20\nvrcpps 1284 0 16 6 48.20\nvrcpps 1285 0 32 6 54.21\nrcpss 1286 0 4 6 48.20\nvrcpss 1287 0 4 6 48.50.20\nandps 1288 0 16 6 48.20\nvandps 1289 0 16 6 48.50.20\nvandps 1290 0 32 6 54.56.21\nandpd 1294 0 16 6 48.20\nvandpd 1295 0 16 6 48.50.20\nvandpd 1296 0 32 6 54.56.21\nandnps 1300 0 16 6 48.20\nvandnps 1301 0 16 6 48.50.20\nvandnps 1302 0 32 6 54.56.21\nandnpd 1306 0 16 6 48.20\nvandnpd 1307 0 16 6 48.50.20\nvandnpd 1308 0 32 6 54.56.21\norps 1312 0 16 6 48.20\nvorps 1313 0 16 6 48.50.20\nvorps 1314 0 32 6 54.56.21\norpd 1318 0 16 6 48.20\nvorpd 1319 0 16 6 48.50.20\nvorpd 1320 0 32 6 54.56.21\nxorps 1324 0 16 6 48.20\nvxorps 1325 0 16 6 48.50.20\nvxorps 1326 0 32 6 54.56.21\nxorpd 1330 0 16 6 48.20\nvxorpd 1331 0 16 6 48.50.20\nvxorpd 1332 0 32 6 54.56.21\naddps 1336 0 16 6 48.20\nvaddps 1337 0 16 6 48.50.20\nvaddps 1338 0 32 6 54.56.21\naddpd 1342 0 16 6 48.20\nvaddpd 1343 0 16 6 48.50.20\nvaddpd 1344 0 32 6 54.56.21\naddss 1348 0 4 6 48.20\nvaddss 1349 0 4 6 48.50.20\naddsd 1351 0 8 6 48.20\nvaddsd 1352 0 8 6 48.50.20\nmulps 1354 0 16 6 48.20\nvmulps 1355 0 16 6 48.50.20\nvmulps 1356 0 32 6 54.56.21\nmulpd 1360 0 16 6 48.20\nvmulpd 1361 0 16 6 48.50.20\nvmulpd 1362 0 32 6 54.56.21\nmulss 1366 0 4 6 48.20\nvmulss 1367 0 4 6 48.50.20\nmulsd 1369 0 8 6 48.20\nvmulsd 1370 0 8 6 48.50.20\ncvtps2pd 1372 0 8 6 48.20\nvcvtps2pd 1373 0 8 6 48.20\nvcvtps2pd 1374 0 16 6 54.20\ncvtpd2ps 1378 0 16 6 48.20\nvcvtpd2ps 1379 0 16 6 48.20\nvcvtpd2ps 1380 0 32 6 48.21\ncvtss2sd 1384 0 4 6 48.20\nvcvtss2sd 1385 0 4 6 48.50.20\ncvtsd2ss 1387 0 8 6 48.20\nvcvtsd2ss 1388 0 8 6 48.50.20\ncvtdq2ps 1390 0 16 6 48.20\nvcvtdq2ps 1391 0 16 6 48.20\nvcvtdq2ps 1392 0 32 6 54.21\ncvtps2dq 1399 0 16 6 48.20\nvcvtps2dq 1400 0 16 6 48.20\nvcvtps2dq 1401 0 32 6 54.21\ncvttps2dq 1405 0 16 6 48.20\nvcvttps2dq 1406 0 16 6 48.20\nvcvttps2dq 1407 0 32 6 54.21\nsubps 1411 0 16 6 48.20\nvsubps 1412 0 16 6 48.50.20\nvsubps 1413 0 32 6 54.56.21\nsubpd 1417 0 16 6 48.20\nvsubpd 1418 0 16 6 48.50.20\nvsubpd 1419 0 32 6 54.56.21\nsubss 1423 0 4 6 48.20\nvsubss 1424 0 4 6 48.50.20\nsubsd 1426 0 8 6 48.20\nvsubsd 1427 0 8 6 48.50.20\nminps 1429 0 16 6 48.20\nvminps 1430 0 16 6 48.50.20\nvminps 1431 0 32 6 54.56.21\nminpd 1435 0 16 6 48.20\nvminpd 1436 0 16 6 48.50.20\nvminpd 1437 0 32 6 54.56.21\nminss 1441 0 4 6 48.20\nvminss 1442 0 4 6 48.50.20\nminsd 1444 0 8 6 48.20\nvminsd 1445 0 8 6 48.50.20\ndivps 1447 0 16 6 48.20\nvdivps 1448 0 16 6 48.50.20\nvdivps 1449 0 32 6 54.56.21\ndivpd 1453 0 16 6 48.20\nvdivpd 1454 0 16 6 48.50.20\nvdivpd 1455 0 32 6 54.56.21\ndivss 1459 0 4 6 48.20\nvdivss 1460 0 4 6 48.50.20\ndivsd 1462 0 8 6 48.20\nvdivsd 1463 0 8 6 48.50.20\nmaxps 1465 0 16 6 48.20\nvmaxps 1466 0 16 6 48.50.20\nvmaxps 1467 0 32 6 54.56.21\nmaxpd 1471 0 16 6 48.20\nvmaxpd 1472 0 16 6 48.50.20\nvmaxpd 1473 0 32 6 54.56.21\nmaxss 1477 0 4 6 48.20\nvmaxss 1478 0 4 6 48.50.20\nmaxsd 1480 0 8 6 48.20\nvmaxsd 1481 0 8 6 48.50.20\npunpcklbw 1483 0 4 6 46.19\npunpcklbw 1484 0 16 6 48.20\nvpunpcklbw 1485 0 16 6 48.50.20\nvpunpcklbw 1486 0 32 6 54.56.21\npunpcklwd 1490 0 4 6 46.19\npunpcklwd 1491 0 16 6 48.20\nvpunpcklwd 1492 0 16 6 48.50.20\nvpunpcklwd 1493 0 32 6 54.56.21\npunpckldq 1497 0 4 6 46.19\npunpckldq 1498 0 16 6 48.20\nvpunpckldq 1499 0 16 6 48.50.20\nvpunpckldq 1500 0 32 6 54.56.21\npacksswb 1504 0 8 6 46.19\npacksswb 1505 0 16 6 48.20\nvpacksswb 1506 0 16 6 48.50.20\nvpacksswb 1507 0 32 6 54.56.21\npcmpgtb 1511 0 8 6 46.19\npcmpgtb 1512 0 16 6 48.20\nvpcmpgtb 1513 0 16 6 48.50.20\nvpcmpgtb 1514 0 32 6 54.56.21\npcmpgtw 1518 0 8 6 46.19\npcmpgtw 1519 0 16 6 48.20\nvpcmpgtw 1520 0 16 6 48.50.20\nvpcmpgtw 1521 0 32 6 54.56.21\npcmpgtd 1525 0 8 6 46.19\npcmpgtd 1526 0 16 6 48.20\nvpcmpgtd 1527 0 16 6 48.50.20\nvpcmpgtd 1528 0 32 6 54.56.21\npackuswb 1532 0 8 6 46.19\npackuswb 1533 0 16 6 48.20\nvpackuswb 1534 0 16 6 48.50.20\nvpackuswb 1535 0 32 6 54.56.21\npunpckhbw 1539 0 8 6 46.19\npunpckhbw 1540 0 16 6 48.20\nvpunpckhbw 1541 0 16 6 48.50.20\nvpunpckhbw 1542 0 32 6 54.56.21\npunpckhwd 1546 0 8 6 46.19\npunpckhwd 1547 0 16 6 48.20\nvpunpckhwd 1548 0 16 6 48.50.20\nvpunpckhwd 1549 0 32 6 54.56.21\npunpckhdq 1553 0 8 6 46.19\npunpckhdq 1554 0 16 6 48.20\nvpunpckhdq 1555 0 16 6 48.50.20\nvpunpckhdq 1556 0 32 6 54.56.21\npackssdw 1560 0 8 6 46.19\npackssdw 1561 0 16 6 48.20\nvpackssdw 1562 0 16 6 48.50.20\nvpackssdw 1563 0 32 6 54.56.21\npunpcklqdq 1567 0 16 6 48.20\nvpunpcklqdq 1568 0 16 6 48.50.20\nvpunpcklqdq 1569 0 32 6 54.56.21\npunpckhqdq 1573 0 16 6 48.20\nvpunpckhqdq 1574 0 16 6 48.50.20\nvpunpckhqdq 1575 0 32 6 54.56.21\nmovd 1579 0 4 6 46.15\nmovd 1581 0 4 6 48.15\nmovd 1818 0 4 6 15.46\nmovd 1820 0 4 6 15.48\nvmovd 1583 0 4 6 48.15\nvmovd 1822 0 4 6 15.48\nmovq 1587 0 8 6 46.19\nmovq 1826 0 8 6 48.20\nmovq 1829 0 8 6 19.46\nmovq 2252 0 8 6 20.48\nmovdqa 1588 0 16 6 48.20\nmovdqa 1830 0 16 6 20.48\nvmovdqa 1589 0 16 6 48.20\nvmovdqa 1590 0 32 6 54.21\nvmovdqa 1831 0 16 6 20.48\nvmovdqa 1832 0 32 6 21.54\nmovdqu 1597 0 16 6 48.20\nmovdqu 1839 0 16 6 20.48\nvmovdqu 1598 0 16 6 48.20\nvmovdqu 1599 0 32 6 54.21\nvmovdqu 1840 0 16 6 20.48\nvmovdqu 1841 0 32 6 21.54\npshufw 1612 0 8 6 46.19.82\npshufd 1613 0 16 6 48.20.82\nvpshufd 1614 0 16 6 48.20.82\nvpshufd 1615 0 32 6 54.21.82\npshufhw 1619 0 16 6 48.20.82\nvpshufhw 1620 0 16 6 48.20.82\nvpshufhw 1621 0 32 6 54.21.82\npshuflw 1625 0 16 6 48.20.82\nvpshuflw 1626 0 16 6 48.20.82\nvpshuflw 1627 0 32 6 54.21.82\npsrlw 1631 0 0 6 47.82\npsrlw 1632 0 0 6 49.82\npsrlw 2217 0 8 6 46.19\npsrlw 2218 0 16 6 48.20\nvpsrlw 1633 0 0 6 50.49.82\nvpsrlw 1634 0 0 6 56.55.82\nvpsrlw 2219 0 16 6 48.50.20\nvpsrlw 2220 0 16 6 54.56.20\npsraw 1638 0 0 6 47.82\npsraw 1639 0 0 6 49.82\npsraw 2334 0 8 6 46.19\npsraw 2335 0 16 6 48.20\nvpsraw 1640 0 0 6 50.49.82\nvpsraw 1641 0 0 6 56.55.82\nvpsraw 2336 0 16 6 48.50.20\nvpsraw 2337 0 16 6 54.56.20\npsllw 1645 0 0 6 47.82\npsllw 1646 0 0 6 49.82\npsllw 2465 0 8 6 46.19\npsllw 2466 0 16 6 48.20\nvpsllw 1647 0 0 6 50.49.82\nvpsllw 1648 0 0 6 56.55.82\nvpsllw 2467 0 16 6 48.50.20\nvpsllw 2468 0 16 6 54.56.20\npsrld 1664 0 0 6 47.82\npsrld 1665 0 0 6 49.82\npsrld 2224 0 8 6 46.19\npsrld 2225 0 16 6 48.20\nvpsrld 1666 0 0 6 50.49.82\nvpsrld 1667 0 0 6 56.55.82\nvpsrld 2226 0 16 6 48.50.20\nvpsrld 2227 0 16 6 54.56.20\npsrad 1671 0 0 6 47.82\npsrad 1672 0 0 6 49.82\npsrad 2341 0 8 6 46.19\npsrad 2342 0 16 6 48.20\nvpsrad 1673 0 0 6 50.49.82\nvpsrad 1674 0 0 6 56.55.82\nvpsrad 2343 0 16 6 48.50.20\nvpsrad 2344 0 16 6 54.56.20\npslld 1681 0 0 6 47.82\npslld 1682 0 0 6 49.82\npslld 2472 0 8 6 46.19\npslld 2473 0 16 6 48.20\nvpslld 1683 0 0 6 50.49.82\nvpslld 1684 0 0 6 56.55.82\nvpslld 2474 0 16 6 48.50.20\nvpslld 2475 0 16 6 54.56.20\npsrlq 1688 0 0 6 47.82\npsrlq 1689 0 0 6 49.82\npsrlq 2231 0 8 6 46.19\npsrlq 2232 0 16 6 48.20\nvpsrlq 1690 0 0 6 50.49.82\nvpsrlq 1691 0 0 6 56.55.82\nvpsrlq 2233 0 16 6 48.50.20\nvpsrlq 2234 0 16 6 54.56.20\npsrldq 1695 0 0 6 49.82\nvpsrldq 1696 0 0 6 50.49.82\nvpsrldq 1697 0 0 6 56.55.82\npsllq 1701 0 0 6 47.82\npsllq 1702 0 0 6 49.82\npsllq 2479 0 8 6 46.19\npsllq 2480 0 16 6 48.20\nvpsllq 1703 0 0 6 50.49.82\nvpsllq 1704 0 0 6 56.55.82\nvpsllq 2481 0 16 6 48.50.20\nvpsllq 2482 0 16 6 54.56.20\npslldq 1708 0 0 6 49.82\nvpslldq 1709 0 0 6 50.49.82\nvpslldq 1710 0 0 6 56.55.82\npcmpeqb 1714 0 8 6 46.19\npcmpeqb 1715 0 16 6 48.20\nvpcmpeqb 1716 0 16 6 48.50.20\nvpcmpeqb 1717 0 32 6 54.56.21\npcmpeqw 1721 0 8 6 46.19\npcmpeqw 1722 0 16 6 48.20\nvpcmpeqw 1723 0 16 6 48.50.20\nvpcmpeqw 1724 0 32 6 54.56.21\npcmpeqd 1728 0 8 6 46.19\npcmpeqd 1729 0 16 6 48.20\nvpcmpeqd 1730 0 16 6 48.50.20\nvpcmpeqd 1731 0 32 6 54.56.21\nemms 1735 0 0 6 \nvzeroupper 1736 0 0 6 \nvzeroall 1737 0 0 6 \nvmread 1738 0 4 6 15.31\nextrq 1746 0 0 6 49.82.82\nextrq 1766 0 0 6 48.49\ninsertq 1755 0 0 6 48.49.82.82\ninsertq 1775 0 0 6 48.49\nvmwrite 1758 0 4 6 31.15\nhaddpd 1806 0 16 6 48.20\nvhaddpd 1807 0 16 6 48.50.20\nvhaddpd 1808 0 32 6 54.56.21\nhaddps 1809 0 16 6 48.20\nvhaddps 1810 0 16 6 48.50.20\nvhaddps 1811 0 32 6 54.56.21\nhsubpd 1812 0 16 6 48.20\nvhsubpd 1813 0 16 6 48.50.20\nvhsubpd 1814 0 32 6 54.56.21\nhsubps 1815 0 16 6 48.20\nvhsubps 1816 0 16 6 48.50.20\nvhsubps 1817 0 32 6 54.56.21\nvmovq 1827 0 8 6 48.20\nvmovq 2253 0 8 6 20.48\nseto 1902 0 1 6 13\nsetno 1903 0 1 6 13\nsetb 1904 0 1 6 13\nsetae 1905 0 1 6 13\nsete 1906 0 1 6 13\nsetne 1907 0 1 6 13\nsetbe 1908 0 1 6 13\nseta 1909 0 1 6 13\nsets 1910 0 1 6 13\nsetns 1911 0 1 6 13\nsetp 1912 0 1 6 13\nsetnp 1913 0 1 6 13\nsetl 1914 0 1 6 13\nsetge 1915 0 1 6 13\nsetle 1916 0 1 6 13\nsetg 1917 0 1 6 13\nkmovw 1918 0 2 6 42.24\nkmovw 1922 0 2 6 4.42\nkmovw 1926 0 0 6 42.33\nkmovw 1930 0 0 6 31.44\nkmovq 1919 0 8 6 42.24\nkmovq 1923 0 8 6 4.42\nkmovb 1920 0 1 6 42.24\nkmovb 1924 0 1 6 4.42\nkmovb 1927 0 0 6 42.33\nkmovb 1931 0 0 6 31.44\nkmovd 1921 0 4 6 42.24\nkmovd 1925 0 4 6 4.42\nkmovd 1928 0 0 6 42.33\nkmovd 1932 0 0 6 31.44\nkortestw 1934 0 0 6 42.44\nkortestq 1935 0 0 6 42.44\nkortestb 1936 0 0 6 42.44\nkortestd 1937 0 0 6 42.44\nktestw 1938 0 0 6 42.44\nktestq 1939 0 0 6 42.44\nktestb 1940 0 0 6 42.44\nktestd 1941 0 0 6 42.44\ncpuid 1948 0 0 6 \nbt 1949 16 2 6 14.27\nbt 1950 32 4 6 15.31\nbt 2103 16 2 6 14.82\nbt 2104 32 4 6 15.82\nshld 1952 16 2 6 14.27.82\nshld 1953 32 4 6 15.31.82\nshld 1955 16 2 6 14.27.74\nshld 1956 32 4 6 15.31.74\nmontmul 1958 0 0 6 \nmontmul 1959 0 0 6 \nxsha1 1961 0 0 6 \nxsha1 1962 0 0 6 \nxsha256 1964 0 0 6 \nxsha256 1965 0 0 6 \nxbts 1967 16 2 6 27.14\nxbts 1968 32 4 6 31.15\nxstore 1969 0 0 6 \nxstore 1970 0 0 6 \nxcryptecb 1972 0 0 6 \nxcryptecb 1973 0 0 6 \nxcryptcbc 1975 0 0 6 \nxcryptcbc 1976 0 0 6 \nxcryptctr 1978 0 0 6 \nxcryptctr 1979 0 0 6 \nxcryptcfb 1981 0 0 6 \nxcryptcfb 1982 0 0 6 \nxcryptofb 1984 0 0 6 \nxcryptofb 1985 0 0 6 \nibts 1987 16 2 6 14.27\nibts 1988 32 4 6 15.31\nrsm 1998 0 0 6 \nbts 1999 16 2 6 14.27\nbts 2000 32 4 6 15.31\nbts 2106 16 2 6 14.82\nbts 2107 32 4 6 15.82\nshrd 2002 16 2 6 14.27.82\nshrd 2003 32 4 6 15.31.82\nshrd 2005 16 2 6 14.27.74\nshrd 2006 32 4 6 15.31.74\nfxsave 2008 0 512 6 4\nfxrstor 2012 0 512 6 4\nldmxcsr 2016 0 4 6 4\nvldmxcsr 2019 0 4 6 4\nstmxcsr 2020 0 4 6 4\nvstmxcsr 2023 0 4 6 4\nxsave 2024 0 0 6 4\nptwrite 2026 0 4 6 15\nxrstor 2028 0 0 6 4\nincsspd 2030 0 0 6 33\nxsaveopt 2032 0 0 6 4\nclwb 2034 0 1 6 4\ntpause 2035 0 0 6 33\nclrssbsy 2037 0 8 6 4\numonitor 2038 0 0 6 29\numonitor 2039 0 0 6 33\numwait 2041 0 0 6 33\nclflush 2043 0 1 6 4\nclflushopt 2044 0 1 6 4\nlfence 2045 0 0 6 \nlfence 2046 0 0 6 \nlfence 2047 0 0 6 \nlfence 2048 0 0 6 \nlfence 2049 0 0 6 \nlfence 2050 0 0 6 \nlfence 2051 0 0 6 \nlfence 2052 0 0 6 \nmfence 2053 0 0 6 \nmfence 2054 0 0 6 \nmfence 2055 0 0 6 \nmfence 2056 0 0 6 \nmfence 2057 0 0 6 \nmfence 2058 0 0 6 \nmfence 2059 0 0 6 \nmfence 2060 0 0 6 \nsfence 2061 0 0 6 \nsfence 2062 0 0 6 \nsfence 2063 0 0 6 \nsfence 2064 0 0 6 \nsfence 2065 0 0 6 \nsfence 2066 0 0 6 \nsfence 2067 0 0 6 \nsfence 2068 0 0 6 \npcommit 2069 0 0 6 \ncmpxchg 2073 0 1 6 13.25\ncmpxchg 2074 16 2 6 14.27\ncmpxchg 2075 32 4 6 15.31\nlss 2077 16 4 7 27.4\nlss 2078 32 6 7 31.4\nbtr 2080 16 2 6 14.27\nbtr 2081 32 4 6 15.31\nbtr 2109 16 2 6 14.82\nbtr 2110 32 4 6 15.82\nlfs 2083 16 4 7 27.4\nlfs 2084 32 6 7 31.4\nlgs 2086 16 4 7 27.4\nlgs 2087 32 6 7 31.4\nmovzx 2089 16 1 6 27.13\nmovzx 2090 32 1 6 31.13\nmovzx 2092 16 2 6 27.14\nmovzx 2093 32 2 6 31.14\npopcnt 2097 16 2 6 27.14\npopcnt 2098 32 4 6 31.15\nud1 2100 16 2 6 27.14\nud1 2101 32 4 6 31.15\nbtc 2112 16 2 6 14.82\nbtc 2113 32 4 6 15.82\nbtc 2115 16 2 6 14.27\nbtc 2116 32 4 6 15.31\nbsf 2118 16 2 6 27.14\nbsf 2119 32 4 6 31.15\ntzcnt 2121 16 2 6 27.14\ntzcnt 2122 32 4 6 31.15\nbsr 2124 16 2 6 27.14\nbsr 2125 32 4 6 31.15\nlzcnt 2127 16 2 6 27.14\nlzcnt 2128 32 4 6 31.15\nmovsx 2130 16 1 6 27.13\nmovsx 2131 32 1 6 31.13\nmovsx 2133 16 2 6 27.14\nmovsx 2134 32 2 6 31.14\nxadd 2136 0 1 6 13.25\nxadd 2137 16 2 6 14.27\nxadd 2138 32 4 6 15.31\ncmpps 2140 0 16 6 48.20.82\nvcmpps 2141 0 16 6 48.50.20.82\nvcmpps 2142 0 32 6 54.56.21.82\ncmppd 2146 0 16 6 48.20.82\nvcmppd 2147 0 16 6 48.50.20.82\nvcmppd 2148 0 32 6 54.56.21.82\ncmpss 2152 0 4 6 48.20.82\nvcmpss 2153 0 4 6 48.50.20.82\nvcmpsd 2156 0 8 6 48.50.20.82\nmovnti 2158 0 4 6 4.31\npinsrw 2160 0 2 6 46.15.82\npinsrw 2162 0 2 6 48.15.82\nvpinsrw 2164 0 2 6 48.50.15.82\npextrw 2168 0 0 6 31.47.82\npextrw 2170 0 0 6 31.49.82\npextrw 3779 0 2 6 15.48.82\nvpextrw 2172 0 0 6 31.49.82\nvpextrw 3781 0 2 6 15.48.82\nshufps 2176 0 16 6 48.20.82\nvshufps 2177 0 16 6 48.50.20.82\nvshufps 2178 0 32 6 54.56.21.82\nshufpd 2182 0 16 6 48.20.82\nvshufpd 2183 0 16 6 48.50.20.82\nvshufpd 2184 0 32 6 54.56.21.82\ncmpxchg8b 2188 0 8 6 4\nxrstors 2190 0 0 6 4\nxsavec 2192 0 0 6 4\nxsaves 2194 0 0 6 4\nvmptrld 2196 0 8 6 4\nvmclear 2197 0 8 6 4\nvmxon 2198 0 8 6 4\nrdrand 2199 16 0 6 29\nrdrand 2200 32 0 6 33\nvmptrst 2202 0 8 6 4\nrdseed 2203 16 0 6 29\nrdseed 2204 32 0 6 33\nrdpid 2206 0 0 6 33\nbswap 2208 16 0 6 30\nbswap 2209 32 0 6 34\naddsubpd 2211 0 16 6 48.20\nvaddsubpd 2212 0 16 6 48.50.20\nvaddsubpd 2213 0 32 6 54.56.21\naddsubps 2214 0 16 6 48.20\nvaddsubps 2215 0 16 6 48.50.20\nvaddsubps 2216 0 32 6 54.56.21\npaddq 2238 0 8 6 46.19\npaddq 2239 0 16 6 48.20\nvpaddq 2240 0 16 6 48.50.20\nvpaddq 2241 0 32 6 54.56.21\npmullw 2245 0 8 6 46.19\npmullw 2246 0 16 6 48.20\nvpmullw 2247 0 16 6 48.50.20\nvpmullw 2248 0 32 6 54.56.21\nmovq2dq 2255 0 0 6 48.47\nmovdq2q 2256 0 0 6 46.49\npmovmskb 2257 0 0 6 31.47\npmovmskb 2259 0 0 6 31.49\nvpmovmskb 2261 0 0 6 31.49\nvpmovmskb 2263 0 0 6 31.55\npsubusb 2265 0 8 6 46.19\npsubusb 2266 0 16 6 48.20\nvpsubusb 2267 0 16 6 48.50.20\nvpsubusb 2268 0 32 6 54.56.21\npsubusw 2272 0 8 6 46.19\npsubusw 2273 0 16 6 48.20\nvpsubusw 2274 0 16 6 48.50.20\nvpsubusw 2275 0 32 6 54.56.21\npminub 2279 0 8 6 46.19\npminub 2280 0 16 6 48.20\nvpminub 2281 0 16 6 48.50.20\nvpminub 2282 0 32 6 54.56.21\npand 2286 0 8 6 46.19\npand 2287 0 16 6 48.20\nvpand 2288 0 16 6 48.50.20\nvpand 2289 0 32 6 54.56.21\npaddusb 2296 0 8 6 46.19\npaddusb 2297 0 16 6 48.20\nvpaddusb 2298 0 16 6 48.50.20\nvpaddusb 2299 0 32 6 54.56.21\npaddusw 2303 0 8 6 46.19\npaddusw 2304 0 16 6 48.20\nvpaddusw 2305 0 16 6 48.50.20\nvpaddusw 2306 0 32 6 54.56.21\npmaxub 2310 0 8 6 46.19\npmaxub 2311 0 16 6 48.20\nvpmaxub 2312 0 16 6 48.50.20\nvpmaxub 2313 0 32 6 54.56.21\npandn 2317 0 8 6 46.19\npandn 2318 0 16 6 48.20\nvpandn 2319 0 16 6 48.50.20\nvpandn 2320 0 32 6 54.56.21\npavgb 2327 0 8 6 46.19\npavgb 2328 0 16 6 48.20\nvpavgb 2329 0 16 6 48.50.20\nvpavgb 2330 0 32 6 54.56.21\npavgw 2351 0 8 6 46.19\npavgw 2352 0 16 6 48.20\nvpavgw 2353 0 16 6 48.50.20\nvpavgw 2354 0 32 6 54.56.21\npmulhuw 2358 0 8 6 46.19\npmulhuw 2359 0 16 6 48.20\nvpmulhuw 2360 0 16 6 48.50.20\nvpmulhuw 2361 0 32 6 54.56.21\npmulhw 2365 0 8 6 46.19\npmulhw 2366 0 16 6 48.20\nvpmulhw 2367 0 16 6 48.50.20\nvpmulhw 2368 0 32 6 54.56.21\ncvttpd2dq 2372 0 16 6 48.20\nvcvttpd2dq 2373 0 16 6 48.20\nvcvttpd2dq 2374 0 32 6 48.21\ncvtdq2pd 2378 0 8 6 48.20\nvcvtdq2pd 2379 0 8 6 48.20\nvcvtdq2pd 2380 0 16 6 54.20\ncvtpd2dq 2387 0 16 6 48.20\nvcvtpd2dq 2388 0 16 6 48.20\nvcvtpd2dq 2389 0 32 6 48.21\nmovntq 2393 0 8 6 4.46\nmovntdq 2394 0 16 6 4.48\nvmovntdq 2395 0 16 6 4.48\nvmovntdq 2396 0 32 6 4.54\npsubsb 2400 0 8 6 46.19\npsubsb 2401 0 16 6 48.20\nvpsubsb 2402 0 16 6 48.50.20\nvpsubsb 2403 0 32 6 54.56.21\npsubsw 2407 0 8 6 46.19\npsubsw 2408 0 16 6 48.20\nvpsubsw 2409 0 16 6 48.50.20\nvpsubsw 2410 0 32 6 54.56.21\npminsw 2414 0 8 6 46.19\npminsw 2415 0 16 6 48.20\nvpminsw 2416 0 16 6 48.50.20\nvpminsw 2417 0 32 6 54.56.21\npor 2421 0 8 6 46.19\npor 2422 0 16 6 48.20\nvpor 2423 0 16 6 48.50.20\nvpor 2424 0 32 6 54.56.21\npaddsb 2431 0 8 6 46.19\npaddsb 2432 0 16 6 48.20\nvpaddsb 2433 0 16 6 48.50.20\nvpaddsb 2434 0 32 6 54.56.21\npaddsw 2438 0 8 6 46.19\npaddsw 2439 0 16 6 48.20\nvpaddsw 2440 0 16 6 48.50.20\nvpaddsw 2441 0 32 6 54.56.21\npmaxsw 2445 0 8 6 46.19\npmaxsw 2446 0 16 6 48.20\nvpmaxsw 2447 0 16 6 48.50.20\nvpmaxsw 2448 0 32 6 54.56.21\npxor 2452 0 8 6 46.19\npxor 2453 0 16 6 48.20\nvpxor 2454 0 16 6 48.50.20\nvpxor 2455 0 32 6 54.56.21\nlddqu 2462 0 16 6 48.4\nvlddqu 2463 0 16 6 48.4\nvlddqu 2464 0 32 6 54.4\npmuludq 2486 0 8 6 46.19\npmuludq 2487 0 16 6 48.20\nvpmuludq 2488 0 16 6 48.50.20\nvpmuludq 2489 0 32 6 54.56.21\npmaddwd 2493 0 8 6 46.19\npmaddwd 2494 0 16 6 48.20\nvpmaddwd 2495 0 16 6 48.50.20\nvpmaddwd 2496 0 32 6 54.56.21\npsadbw 2500 0 8 6 46.19\npsadbw 2501 0 16 6 48.20\nvpsadbw 2502 0 16 6 48.50.20\nvpsadbw 2503 0 32 6 54.56.21\nmaskmovq 2507 0 8 6 93.46.47\nmaskmovdqu 2508 0 16 6 93.48.49\nvmaskmovdqu 2509 0 16 6 93.48.49\npsubb 2510 0 8 6 46.19\npsubb 2511 0 16 6 48.20\nvpsubb 2512 0 16 6 48.50.20\nvpsubb 2513 0 32 6 54.56.21\npsubw 2517 0 8 6 46.19\npsubw 2518 0 16 6 48.20\nvpsubw 2519 0 16 6 48.50.20\nvpsubw 2520 0 32 6 54.56.21\npsubd 2524 0 8 6 46.19\npsubd 2525 0 16 6 48.20\nvpsubd 2526 0 16 6 48.50.20\nvpsubd 2527 0 32 6 54.56.21\npsubq 2531 0 8 6 46.19\npsubq 2532 0 16 6 48.20\nvpsubq 2533 0 16 6 48.50.20\nvpsubq 2534 0 32 6 54.56.21\npaddb 2538 0 8 6 46.19\npaddb 2539 0 16 6 48.20\nvpaddb 2540 0 16 6 48.50.20\nvpaddb 2541 0 32 6 54.56.21\npaddw 2545 0 8 6 46.19\npaddw 2546 0 16 6 48.20\nvpaddw 2547 0 16 6 48.50.20\nvpaddw 2548 0 32 6 54.56.21\npaddd 2552 0 8 6 46.19\npaddd 2553 0 16 6 48.20\nvpaddd 2554 0 16 6 48.50.20\nvpaddd 2555 0 32 6 54.56.21\nud0 2559 16 2 6 27.14\nud0 2560 32 4 6 31.15\nud0 4221 0 0 6 \npshufb 2562 0 8 6 46.19\npshufb 2563 0 16 6 48.20\nvpshufb 2564 0 16 6 48.50.20\nvpshufb 2565 0 32 6 54.56.21\nphaddw 2569 0 8 6 46.19\nphaddw 2570 0 16 6 48.20\nvphaddw 2571 0 16 6 48.50.20\nvphaddw 2572 0 32 6 54.56.21\nphaddd 2573 0 8 6 46.19\nphaddd 2574 0 16 6 48.20\nvphaddd 2575 0 16 6 48.50.20\nvphaddd 2576 0 32 6 54.56.21\nphaddsw 2577 0 8 6 46.19\nphaddsw 2578 0 16 6 48.20\nvphaddsw 2579 0 16 6 48.50.20\nvphaddsw 2580 0 32 6 54.56.21\npmaddubsw 2581 0 8 6 46.19\npmaddubsw 2582 0 16 6 48.20\nvpmaddubsw 2583 0 16 6 48.50.20\nvpmaddubsw 2584 0 32 6 54.56.21\nphsubw 2588 0 8 6 46.19\nphsubw 2589 0 16 6 48.20\nvphsubw 2590 0 16 6 48.50.20\nvphsubw 2591 0 32 6 54.56.21\nphsubd 2592 0 8 6 46.19\nphsubd 2593 0 16 6 48.20\nvphsubd 2594 0 16 6 48.50.20\nvphsubd 2595 0 32 6 54.56.21\nphsubsw 2596 0 8 6 46.19\nphsubsw 2597 0 16 6 48.20\nvphsubsw 2598 0 16 6 48.50.20\nvphsubsw 2599 0 32 6 54.56.21\npsignb 2600 0 8 6 46.19\npsignb 2601 0 16 6 48.20\nvpsignb 2602 0 16 6 48.50.20\nvpsignb 2603 0 32 6 54.56.21\npsignw 2604 0 8 6 46.19\npsignw 2605 0 16 6 48.20\nvpsignw 2606 0 16 6 48.50.20\nvpsignw 2607 0 32 6 54.56.21\npsignd 2608 0 8 6 46.19\npsignd 2609 0 16 6 48.20\nvpsignd 2610 0 16 6 48.50.20\nvpsignd 2611 0 32 6 54.56.21\npmulhrsw 2612 0 8 6 46.19\npmulhrsw 2613 0 16 6 48.20\nvpmulhrsw 2614 0 16 6 48.50.20\nvpmulhrsw 2615 0 32 6 54.56.21\nvpermilps 2619 0 16 6 48.50.20\nvpermilps 2620 0 32 6 54.56.21\nvpermilps 3728 0 16 6 48.20.82\nvpermilps 3729 0 32 6 54.21.82\nvpermilpd 2624 0 16 6 48.50.20\nvpermilpd 2625 0 32 6 54.56.21\nvpermilpd 3733 0 16 6 48.20.82\nvpermilpd 3734 0 32 6 54.21.82\nvtestps 2629 0 16 6 48.20\nvtestps 2630 0 32 6 54.21\nvtestpd 2631 0 16 6 48.20\nvtestpd 2632 0 32 6 54.21\npblendvb 2633 0 16 6 48.20\nvcvtph2ps 2652 0 8 6 48.20\nvcvtph2ps 2653 0 16 6 54.20\nblendvps 2660 0 16 6 48.20\nblendvpd 2670 0 16 6 48.20\nvpermps 2680 0 32 6 54.56.21\nptest 2685 0 16 6 48.20\nvptest 2686 0 16 6 48.20\nvptest 2687 0 32 6 54.21\nvbroadcastss 2688 0 4 6 48.4\nvbroadcastss 2689 0 4 6 54.4\nvbroadcastss 4294 0 0 6 48.49\nvbroadcastss 4295 0 0 6 54.49\nvbroadcastsd 2693 0 8 6 54.4\nvbroadcastsd 4296 0 0 6 54.49\nvbroadcastf128 2698 0 16 6 54.4\npabsb 2705 0 8 6 46.19\npabsb 2706 0 16 6 48.20\nvpabsb 2707 0 16 6 48.20\nvpabsb 2708 0 32 6 54.21\npabsw 2712 0 8 6 46.19\npabsw 2713 0 16 6 48.20\nvpabsw 2714 0 16 6 48.20\nvpabsw 2715 0 32 6 54.21\npabsd 2719 0 8 6 46.19\npabsd 2720 0 16 6 48.20\nvpabsd 2721 0 16 6 48.20\nvpabsd 2722 0 32 6 54.21\npmovsxbw 2729 0 8 6 48.20\nvpmovsxbw 2730 0 8 6 48.20\nvpmovsxbw 2731 0 16 6 54.20\npmovsxbd 2738 0 4 6 48.20\nvpmovsxbd 2739 0 4 6 48.20\nvpmovsxbd 2740 0 8 6 54.20\npmovsxbq 2747 0 2 6 48.20\nvpmovsxbq 2748 0 2 6 48.20\nvpmovsxbq 2749 0 4 6 54.20\npmovsxwd 2756 0 8 6 48.20\nvpmovsxwd 2757 0 8 6 48.20\nvpmovsxwd 2758 0 16 6 54.20\npmovsxwq 2765 0 4 6 48.20\nvpmovsxwq 2766 0 4 6 48.20\nvpmovsxwq 2767 0 8 6 54.20\npmovsxdq 2774 0 8 6 48.20\nvpmovsxdq 2775 0 8 6 48.20\nvpmovsxdq 2776 0 16 6 54.20\npmuldq 2807 0 16 6 48.20\nvpmuldq 2808 0 16 6 48.50.20\nvpmuldq 2809 0 32 6 54.56.21\npcmpeqq 2819 0 16 6 48.20\nvpcmpeqq 2820 0 16 6 48.50.20\nvpcmpeqq 2821 0 32 6 54.56.21\nmovntdqa 2831 0 16 6 48.4\nvmovntdqa 2832 0 16 6 48.4\nvmovntdqa 2833 0 32 6 54.4\npackusdw 2840 0 16 6 48.20\nvpackusdw 2841 0 16 6 48.50.20\nvpackusdw 2842 0 32 6 54.56.21\nvmaskmovps 2846 0 16 6 48.50.4\nvmaskmovps 2847 0 32 6 54.56.4\nvmaskmovps 2858 0 16 6 4.50.48\nvmaskmovps 2859 0 32 6 4.56.54\nvmaskmovpd 2854 0 16 6 48.50.4\nvmaskmovpd 2855 0 32 6 54.56.4\nvmaskmovpd 2860 0 16 6 4.50.48\nvmaskmovpd 2861 0 32 6 4.56.54\npmovzxbw 2862 0 8 6 48.20\nvpmovzxbw 2863 0 8 6 48.20\nvpmovzxbw 2864 0 16 6 54.20\npmovzxbd 2871 0 4 6 48.20\nvpmovzxbd 2872 0 4 6 48.20\nvpmovzxbd 2873 0 8 6 54.20\npmovzxbq 2880 0 2 6 48.20\nvpmovzxbq 2881 0 2 6 48.20\nvpmovzxbq 2882 0 4 6 54.20\npmovzxwd 2889 0 8 6 48.20\nvpmovzxwd 2890 0 8 6 48.20\nvpmovzxwd 2891 0 16 6 54.20\npmovzxwq 2898 0 4 6 48.20\nvpmovzxwq 2899 0 4 6 48.20\nvpmovzxwq 2900 0 8 6 54.20\npmovzxdq 2907 0 8 6 48.20\nvpmovzxdq 2908 0 8 6 48.20\nvpmovzxdq 2909 0 16 6 54.20\nvpermd 2916 0 32 6 54.56.21\npcmpgtq 2921 0 16 6 48.20\nvpcmpgtq 2922 0 16 6 48.50.20\nvpcmpgtq 2923 0 32 6 54.56.21\npminsb 2927 0 16 6 48.20\nvpminsb 2928 0 16 6 48.50.20\nvpminsb 2929 0 32 6 54.56.21\npminsd 2939 0 16 6 48.20\nvpminsd 2940 0 16 6 48.50.20\nvpminsd 2941 0 32 6 54.56.21\npminuw 2954 0 16 6 48.20\nvpminuw 2955 0 16 6 48.50.20\nvpminuw 2956 0 32 6 54.56.21\npminud 2963 0 16 6 48.20\nvpminud 2964 0 16 6 48.50.20\nvpminud 2965 0 32 6 54.56.21\npmaxsb 2972 0 16 6 48.20\nvpmaxsb 2973 0 16 6 48.50.20\nvpmaxsb 2974 0 32 6 54.56.21\npmaxsd 2978 0 16 6 48.20\nvpmaxsd 2979 0 16 6 48.50.20\nvpmaxsd 2980 0 32 6 54.56.21\npmaxuw 2987 0 16 6 48.20\nvpmaxuw 2988 0 16 6 48.50.20\nvpmaxuw 2989 0 32 6 54.56.21\npmaxud 2993 0 16 6 48.20\nvpmaxud 2994 0 16 6 48.50.20\nvpmaxud 2995 0 32 6 54.56.21\npmulld 3002 0 16 6 48.20\nvpmulld 3003 0 16 6 48.50.20\nvpmulld 3004 0 32 6 54.56.21\nphminposuw 3011 0 16 6 48.20\nvphminposuw 3012 0 16 6 48.20\nvpsrlvd 3027 0 16 6 48.50.20\nvpsrlvd 3028 0 32 6 54.56.21\nvpsrlvq 3029 0 16 6 48.50.20\nvpsrlvq 3030 0 32 6 54.56.21\nvpsravd 3037 0 16 6 48.50.20\nvpsravd 3038 0 32 6 54.56.21\nvpsllvd 3045 0 16 6 48.50.20\nvpsllvd 3046 0 32 6 54.56.21\nvpsllvq 3047 0 16 6 48.50.20\nvpsllvq 3048 0 32 6 54.56.21\nvpbroadcastd 3100 0 4 6 48.20\nvpbroadcastd 3101 0 4 6 54.20\nvpbroadcastq 3105 0 8 6 48.20\nvpbroadcastq 3106 0 8 6 54.20\nvbroadcasti128 3113 0 16 6 54.4\nvpbroadcastb 3198 0 1 6 48.20\nvpbroadcastb 3199 0 1 6 54.20\nvpbroadcastw 3203 0 2 6 48.20\nvpbroadcastw 3204 0 2 6 54.20\ninvept 3238 0 16 6 31.4\ninvvpid 3240 0 16 6 31.4\ninvpcid 3242 0 16 6 31.4\nvpmaskmovd 3271 0 16 6 48.50.4\nvpmaskmovd 3272 0 32 6 54.56.4\nvpmaskmovd 3281 0 16 6 4.50.48\nvpmaskmovd 3282 0 32 6 4.56.54\nvpmaskmovq 3273 0 16 6 48.50.4\nvpmaskmovq 3274 0 32 6 54.56.4\nvpmaskmovq 3283 0 16 6 4.50.48\nvpmaskmovq 3284 0 32 6 4.56.54\nvpgatherdd 3288 0 4 6 48.7.50\nvpgatherdd 3289 0 4 6 54.9.56\nvpgatherdq 3290 0 8 6 48.7.50\nvpgatherdq 3291 0 8 6 54.7.56\nvpgatherqd 3298 0 4 6 48.8.50\nvpgatherqd 3299 0 4 6 48.10.50\nvpgatherqq 3300 0 8 6 48.8.50\nvpgatherqq 3301 0 8 6 54.10.56\nvgatherdps 3308 0 4 6 48.7.50\nvgatherdps 3309 0 4 6 54.9.56\nvgatherdpd 3310 0 8 6 48.7.50\nvgatherdpd 3311 0 8 6 54.7.56\nvgatherqps 3318 0 4 6 48.8.50\nvgatherqps 3319 0 4 6 48.10.50\nvgatherqpd 3320 0 8 6 48.8.50\nvgatherqpd 3321 0 8 6 54.10.56\nvfmaddsub132ps 3328 0 16 6 48.50.20\nvfmaddsub132ps 3329 0 32 6 54.56.21\nvfmaddsub132pd 3330 0 16 6 48.50.20\nvfmaddsub132pd 3331 0 32 6 54.56.21\nvfmsubadd132ps 3338 0 16 6 48.50.20\nvfmsubadd132ps 3339 0 32 6 54.56.21\nvfmsubadd132pd 3340 0 16 6 48.50.20\nvfmsubadd132pd 3341 0 32 6 54.56.21\nvfmadd132ps 3348 0 16 6 48.50.20\nvfmadd132ps 3349 0 32 6 54.56.21\nvfmadd132pd 3350 0 16 6 48.50.20\nvfmadd132pd 3351 0 32 6 54.56.21\nvfmadd132ss 3358 0 4 6 48.50.20\nvfmadd132sd 3359 0 8 6 48.50.20\nvfmsub132ps 3362 0 16 6 48.50.20\nvfmsub132ps 3363 0 32 6 54.56.21\nvfmsub132pd 3364 0 16 6 48.50.20\nvfmsub132pd 3365 0 32 6 54.56.21\nvfmsub132ss 3373 0 4 6 48.50.20\nvfmsub132sd 3374 0 8 6 48.50.20\nvfnmadd132ps 3378 0 16 6 48.50.20\nvfnmadd132ps 3379 0 32 6 54.56.21\nvfnmadd132pd 3380 0 16 6 48.50.20\nvfnmadd132pd 3381 0 32 6 54.56.21\nvfnmadd132ss 3388 0 4 6 48.50.20\nvfnmadd132sd 3389 0 8 6 48.50.20\nvfnmsub132ps 3392 0 16 6 48.50.20\nvfnmsub132ps 3393 0 32 6 54.56.21\nvfnmsub132pd 3394 0 16 6 48.50.20\nvfnmsub132pd 3395 0 32 6 54.56.21\nvfnmsub132ss 3402 0 4 6 48.50.20\nvfnmsub132sd 3403 0 8 6 48.50.20\nvfmaddsub213ps 3430 0 16 6 48.50.20\nvfmaddsub213ps 3431 0 32 6 54.56.21\nvfmaddsub213pd 3432 0 16 6 48.50.20\nvfmaddsub213pd 3433 0 32 6 54.56.21\nvfmsubadd213ps 3440 0 16 6 48.50.20\nvfmsubadd213ps 3441 0 32 6 54.56.21\nvfmsubadd213pd 3442 0 16 6 48.50.20\nvfmsubadd213pd 3443 0 32 6 54.56.21\nvfmadd213ps 3450 0 16 6 48.50.20\nvfmadd213ps 3451 0 32 6 54.56.21\nvfmadd213pd 3452 0 16 6 48.50.20\nvfmadd213pd 3453 0 32 6 54.56.21\nvfmadd213ss 3460 0 4 6 48.50.20\nvfmadd213sd 3461 0 8 6 48.50.20\nvfmsub213ps 3464 0 16 6 48.50.20\nvfmsub213ps 3465 0 32 6 54.56.21\nvfmsub213pd 3466 0 16 6 48.50.20\nvfmsub213pd 3467 0 32 6 54.56.21\nvfmsub213ss 3475 0 4 6 48.50.20\nvfmsub213sd 3476 0 8 6 48.50.20\nvfnmadd213ps 3480 0 16 6 48.50.20\nvfnmadd213ps 3481 0 32 6 54.56.21\nvfnmadd213pd 3482 0 16 6 48.50.20\nvfnmadd213pd 3483 0 32 6 54.56.21\nvfnmadd213ss 3490 0 4 6 48.50.20\nvfnmadd213sd 3491 0 8 6 48.50.20\nvfnmsub213ps 3494 0 16 6 48.50.20\nvfnmsub213ps 3495 0 32 6 54.56.21\nvfnmsub213pd 3496 0 16 6 48.50.20\nvfnmsub213pd 3497 0 32 6 54.56.21\nvfnmsub213ss 3504 0 4 6 48.50.20\nvfnmsub213sd 3505 0 8 6 48.50.20\nvfmaddsub231ps 3514 0 16 6 48.50.20\nvfmaddsub231ps 3515 0 32 6 54.56.21\nvfmaddsub231pd 3516 0 16 6 48.50.20\nvfmaddsub231pd 3517 0 32 6 54.56.21\nvfmsubadd231ps 3524 0 16 6 48.50.20\nvfmsubadd231ps 3525 0 32 6 54.56.21\nvfmsubadd231pd 3526 0 16 6 48.50.20\nvfmsubadd231pd 3527 0 32 6 54.56.21\nvfmadd231ps 3534 0 16 6 48.50.20\nvfmadd231ps 3535 0 32 6 54.56.21\nvfmadd231pd 3536 0 16 6 48.50.20\nvfmadd231pd 3537 0 32 6 54.56.21\nvfmadd231ss 3544 0 4 6 48.50.20\nvfmadd231sd 3545 0 8 6 48.50.20\nvfmsub231ps 3548 0 16 6 48.50.20\nvfmsub231ps 3549 0 32 6 54.56.21\nvfmsub231pd 3550 0 16 6 48.50.20\nvfmsub231pd 3551 0 32 6 54.56.21\nvfmsub231ss 3558 0 4 6 48.50.20\nvfmsub231sd 3559 0 8 6 48.50.20\nvfnmadd231ps 3562 0 16 6 48.50.20\nvfnmadd231ps 3563 0 32 6 54.56.21\nvfnmadd231pd 3564 0 16 6 48.50.20\nvfnmadd231pd 3565 0 32 6 54.56.21\nvfnmadd231ss 3572 0 4 6 48.50.20\nvfnmadd231sd 3573 0 8 6 48.50.20\nvfnmsub231ps 3576 0 16 6 48.50.20\nvfnmsub231ps 3577 0 32 6 54.56.21\nvfnmsub231pd 3578 0 16 6 48.50.20\nvfnmsub231pd 3579 0 32 6 54.56.21\nvfnmsub231ss 3586 0 4 6 48.50.20\nvfnmsub231sd 3587 0 8 6 48.50.20\nsha1nexte 3612 0 16 6 48.20\nsha1msg1 3615 0 16 6 48.20\nsha1msg2 3616 0 16 6 48.20\nsha256rnds2 3619 0 16 6 48.20\nsha256msg1 3622 0 16 6 48.20\nsha256msg2 3625 0 16 6 48.20\ngf2p8mulb 3628 0 16 6 48.20\nvgf2p8mulb 3629 0 16 6 48.50.20\nvgf2p8mulb 3630 0 32 6 54.56.21\naesimc 3634 0 16 6 48.20\nvaesimc 3635 0 16 6 48.20\naesenc 3636 0 16 6 48.20\nvaesenc 3637 0 16 6 48.50.20\nvaesenc 3638 0 32 6 54.56.21\naesenclast 3642 0 16 6 48.20\nvaesenclast 3643 0 16 6 48.50.20\nvaesenclast 3644 0 32 6 54.56.21\naesdec 3648 0 16 6 48.20\nvaesdec 3649 0 16 6 48.50.20\nvaesdec 3650 0 32 6 54.56.21\naesdeclast 3654 0 16 6 48.20\nvaesdeclast 3655 0 16 6 48.50.20\nvaesdeclast 3656 0 32 6 54.56.21\nmovbe 3660 16 2 6 27.4\nmovbe 3661 32 4 6 31.4\nmovbe 3665 16 2 6 4.27\nmovbe 3666 32 4 6 4.31\ncrc32 3663 0 1 6 31.13\ncrc32 3668 16 2 6 31.14\ncrc32 3669 32 4 6 31.15\nandn 3671 0 4 6 31.35.15\nblsr 3673 0 4 6 35.15\nblsmsk 3675 0 4 6 35.15\nblsi 3677 0 4 6 35.15\nbzhi 3679 0 4 6 31.15.35\nwrussd 3681 0 4 6 4.31\npext 3683 0 4 6 31.35.15\npdep 3685 0 4 6 31.35.15\nwrssd 3687 0 4 6 4.31\nadcx 3689 0 4 6 31.15\nadox 3691 0 4 6 31.15\nmulx 3693 0 4 6 31.35.15\nbextr 3695 0 4 6 31.15.35\nshlx 3697 0 4 6 31.15.35\nsarx 3699 0 4 6 31.15.35\nshrx 3701 0 4 6 31.15.35\nmovdir64b 3703 0 64 6 28.4\nmovdir64b 3704 0 64 6 32.4\nenqcmds 3706 0 64 6 28.4\nenqcmds 3707 0 64 6 32.4\nenqcmd 3709 0 64 6 28.4\nenqcmd 3710 0 64 6 32.4\nmovdiri 3712 0 4 6 4.31\nvpermq 3714 0 32 6 54.21.82\nvpermpd 3717 0 32 6 54.21.82\nvpblendd 3720 0 16 6 48.50.20.82\nvpblendd 3721 0 32 6 54.56.21.82\nvperm2f128 3738 0 32 6 54.56.21.82\nroundps 3739 0 16 6 48.20.82\nvroundps 3740 0 16 6 48.20.82\nvroundps 3741 0 32 6 54.21.82\nroundpd 3745 0 16 6 48.20.82\nvroundpd 3746 0 16 6 48.20.82\nvroundpd 3747 0 32 6 54.21.82\nroundss 3751 0 4 6 48.20.82\nvroundss 3752 0 4 6 48.50.20.82\nroundsd 3754 0 8 6 48.20.82\nvroundsd 3755 0 8 6 48.50.20.82\nblendps 3757 0 16 6 48.20.82\nvblendps 3758 0 16 6 48.50.20.82\nvblendps 3759 0 32 6 54.56.21.82\nblendpd 3760 0 16 6 48.20.82\nvblendpd 3761 0 16 6 48.50.20.82\nvblendpd 3762 0 32 6 54.56.21.82\npblendw 3763 0 16 6 48.20.82\nvpblendw 3764 0 16 6 48.50.20.82\nvpblendw 3765 0 32 6 54.56.21.82\npalignr 3766 0 8 6 46.19.82\npalignr 3767 0 16 6 48.20.82\nvpalignr 3768 0 16 6 48.50.20.82\nvpalignr 3769 0 32 6 54.56.21.82\npextrb 3773 0 1 6 15.48.82\nvpextrb 3775 0 1 6 15.48.82\npextrd 3785 0 4 6 15.48.82\nvpextrd 3787 0 4 6 15.48.82\nextractps 3791 0 4 6 15.48.82\nvextractps 3793 0 4 6 15.48.82\nvinsertf128 3797 0 16 6 54.56.20.82\nvextractf128 3802 0 16 6 20.54.82\nvcvtps2ph 3811 0 8 6 20.48.82\nvcvtps2ph 3812 0 16 6 20.54.82\npinsrb 3828 0 1 6 48.15.82\nvpinsrb 3830 0 1 6 48.50.15.82\ninsertps 3834 0 4 6 48.20.82\nvinsertps 3835 0 4 6 48.50.20.82\npinsrd 3837 0 4 6 48.15.82\nvpinsrd 3839 0 4 6 48.50.15.82\nkshiftrb 3861 0 0 6 42.44.82\nkshiftrw 3862 0 0 6 42.44.82\nkshiftrd 3863 0 0 6 42.44.82\nkshiftrq 3864 0 0 6 42.44.82\nkshiftlb 3865 0 0 6 42.44.82\nkshiftlw 3866 0 0 6 42.44.82\nkshiftld 3867 0 0 6 42.44.82\nkshiftlq 3868 0 0 6 42.44.82\nvinserti128 3869 0 16 6 54.56.20.82\nvextracti128 3874 0 16 6 20.54.82\ndpps 3895 0 16 6 48.20.82\nvdpps 3896 0 16 6 48.50.20.82\nvdpps 3897 0 32 6 54.56.21.82\ndppd 3898 0 16 6 48.20.82\nvdppd 3899 0 16 6 48.50.20.82\nmpsadbw 3900 0 16 6 48.20.82\nvmpsadbw 3901 0 16 6 48.50.20.82\nvmpsadbw 3902 0 32 6 54.56.21.82\npclmulqdq 3910 0 16 6 48.20.82\nvpclmulqdq 3911 0 16 6 48.50.20.82\nvpclmulqdq 3912 0 32 6 54.56.21.82\nvperm2i128 3916 0 32 6 54.56.21.82\nvpermil2ps 3917 0 16 6 48.50.20.53.81\nvpermil2ps 3918 0 32 6 54.56.21.58.81\nvpermil2ps 3919 0 16 6 48.50.53.20.81\nvpermil2ps 3920 0 32 6 54.56.58.21.81\nvpermil2pd 3921 0 16 6 48.50.20.53.81\nvpermil2pd 3922 0 32 6 54.56.21.58.81\nvpermil2pd 3923 0 16 6 48.50.53.20.81\nvpermil2pd 3924 0 32 6 54.56.58.21.81\nvblendvps 3925 0 16 6 48.50.20.52\nvblendvps 3926 0 32 6 54.56.21.57\nvblendvpd 3927 0 16 6 48.50.20.52\nvblendvpd 3928 0 32 6 54.56.21.57\nvpblendvb 3929 0 16 6 48.50.20.52\nvpblendvb 3930 0 32 6 54.56.21.57\nvfmaddsubps 3955 0 16 6 48.50.20.52\nvfmaddsubps 3956 0 32 6 54.56.21.57\nvfmaddsubps 3957 0 16 6 48.50.52.20\nvfmaddsubps 3958 0 32 6 54.56.57.21\nvfmaddsubpd 3959 0 16 6 48.50.20.52\nvfmaddsubpd 3960 0 32 6 54.56.21.57\nvfmaddsubpd 3961 0 16 6 48.50.52.20\nvfmaddsubpd 3962 0 32 6 54.56.57.21\nvfmsubaddps 3963 0 16 6 48.50.20.52\nvfmsubaddps 3964 0 32 6 54.56.21.57\nvfmsubaddps 3965 0 16 6 48.50.52.20\nvfmsubaddps 3966 0 32 6 54.56.57.21\nvfmsubaddpd 3967 0 16 6 48.50.20.52\nvfmsubaddpd 3968 0 32 6 54.56.21.57\nvfmsubaddpd 3969 0 16 6 48.50.52.20\nvfmsubaddpd 3970 0 32 6 54.56.57.21\npcmpestrm 3971 0 16 6 48.20.82\nvpcmpestrm 3973 0 16 6 48.20.82\npcmpestri 3975 0 16 6 48.20.82\nvpcmpestri 3977 0 16 6 48.20.82\npcmpistrm 3979 0 16 6 48.20.82\nvpcmpistrm 3980 0 16 6 48.20.82\npcmpistri 3981 0 16 6 48.20.82\nvpcmpistri 3982 0 16 6 48.20.82\nvfmaddps 3991 0 16 6 48.50.20.52\nvfmaddps 3992 0 32 6 54.56.21.57\nvfmaddps 3993 0 16 6 48.50.52.20\nvfmaddps 3994 0 32 6 54.56.57.21\nvfmaddpd 3995 0 16 6 48.50.20.52\nvfmaddpd 3996 0 32 6 54.56.21.57\nvfmaddpd 3997 0 16 6 48.50.52.20\nvfmaddpd 3998 0 32 6 54.56.57.21\nvfmaddss 3999 0 4 6 48.50.20.52\nvfmaddss 4000 0 4 6 48.50.52.20\nvfmaddsd 4001 0 8 6 48.50.20.52\nvfmaddsd 4002 0 8 6 48.50.52.20\nvfmsubps 4003 0 16 6 48.50.20.52\nvfmsubps 4004 0 32 6 54.56.21.57\nvfmsubps 4005 0 16 6 48.50.52.20\nvfmsubps 4006 0 32 6 54.56.57.21\nvfmsubpd 4007 0 16 6 48.50.20.52\nvfmsubpd 4008 0 32 6 54.56.21.57\nvfmsubpd 4009 0 16 6 48.50.52.20\nvfmsubpd 4010 0 32 6 54.56.57.21\nvfmsubss 4011 0 4 6 48.50.20.52\nvfmsubss 4012 0 4 6 48.50.52.20\nvfmsubsd 4013 0 8 6 48.50.20.52\nvfmsubsd 4014 0 8 6 48.50.52.20\nvfnmaddps 4033 0 16 6 48.50.20.52\nvfnmaddps 4034 0 32 6 54.56.21.57\nvfnmaddps 4035 0 16 6 48.50.52.20\nvfnmaddps 4036 0 32 6 54.56.57.21\nvfnmaddpd 4037 0 16 6 48.50.20.52\nvfnmaddpd 4038 0 32 6 54.56.21.57\nvfnmaddpd 4039 0 16 6 48.50.52.20\nvfnmaddpd 4040 0 32 6 54.56.57.21\nvfnmaddss 4041 0 4 6 48.50.20.52\nvfnmaddss 4042 0 4 6 48.50.52.20\nvfnmaddsd 4043 0 8 6 48.50.20.52\nvfnmaddsd 4044 0 8 6 48.50.52.20\nvfnmsubps 4045 0 16 6 48.50.20.52\nvfnmsubps 4046 0 32 6 54.56.21.57\nvfnmsubps 4047 0 16 6 48.50.52.20\nvfnmsubps 4048 0 32 6 54.56.57.21\nvfnmsubpd 4049 0 16 6 48.50.20.52\nvfnmsubpd 4050 0 32 6 54.56.21.57\nvfnmsubpd 4051 0 16 6 48.50.52.20\nvfnmsubpd 4052 0 32 6 54.56.57.21\nvfnmsubss 4053 0 4 6 48.50.20.52\nvfnmsubss 4054 0 4 6 48.50.52.20\nvfnmsubsd 4055 0 8 6 48.50.20.52\nvfnmsubsd 4056 0 8 6 48.50.52.20\nsha1rnds4 4057 0 16 6 48.20.82\ngf2p8affineqb 4058 0 16 6 48.20.82\nvgf2p8affineqb 4059 0 16 6 48.50.20.82\nvgf2p8affineqb 4060 0 32 6 54.56.21.82\ngf2p8affineinvqb 4064 0 16 6 48.20.82\nvgf2p8affineinvqb 4065 0 16 6 48.50.20.82\nvgf2p8affineinvqb 4066 0 32 6 54.56.21.82\naeskeygenassist 4070 0 16 6 48.20.82\nvaeskeygenassist 4071 0 16 6 48.20.82\nrorx 4072 0 4 6 31.15.82\npvalidate 4206 0 0 6 \npvalidate 4207 0 0 6 \nserialize 4209 0 0 6 \nxsusldtrk 4210 0 0 6 \nxresldtrk 4211 0 0 6 \ninvlpgb 4212 0 0 6 \ninvlpgb 4213 0 0 6 \ntlbsync 4215 0 0 6 \nvmgexit 4222 0 0 6 \nvmgexit 4297 0 0 6 \nfnstdw 4236 0 0 6 75\nfnstsg 4237 0 0 6 75\nrdshr 4238 0 4 6 15\nwrshr 4239 0 4 6 15\nsmint 4240 0 0 6 \nsmint 4249 0 0 6 \ndmint 4241 0 0 6 \nrdm 4242 0 0 6 \nsvdc 4243 0 10 6 4.41\nrsdc 4244 0 10 6 41.4\nsvldt 4245 0 10 6 4\nrsldt 4246 0 10 6 4\nsvts 4247 0 10 6 4\nrsts 4248 0 10 6 4\nbb0_reset 4250 0 0 6 \nbb1_reset 4251 0 0 6 \ncpu_write 4252 0 0 6 \ncpu_read 4253 0 0 6 \naltinst 4254 0 0 6 \npaveb 4255 0 8 6 46.19\npaddsiw 4256 0 8 6 46.19\npmagw 4257 0 8 6 46.19\npdistib 4258 0 8 6 46.4\npsubsiw 4259 0 8 6 46.19\npmvzb 4260 0 8 6 46.4\npmulhrw 4261 0 8 6 46.19\npmvnzb 4262 0 8 6 46.4\npmvlzb 4263 0 8 6 46.4\npmvgezb 4264 0 8 6 46.4\npmulhriw 4265 0 8 6 46.19\npmachriw 4266 0 8 6 46.4\nundoc 4267 0 0 6 \nundoc 4268 0 0 6 \nundoc 4270 0 0 6 \nundoc 4273 0 0 6 \nundoc 4274 0 0 6 \nundoc 4275 0 0 6 \nundoc 4276 0 0 6 \nundoc 4277 0 0 6 \nundoc 4818 0 0 6 \nundoc 4819 0 0 6 \nundoc 4821 0 0 6 \nundoc 4822 0 0 6 \nftstp 4269 0 0 6 \nfrint2 4271 0 0 6 \nfrichop 4272 0 0 6 \nfrinear 4278 0 0 6 \ntdcall 4279 0 0 6 \naesencwide128kl 4283 0 48 6 4\naesdecwide128kl 4284 0 48 6 4\naesencwide256kl 4285 0 64 6 4\naesdecwide256kl 4286 0 64 6 4\nloadiwkey 4287 0 0 6 48.49\naesenc128kl 4288 0 48 6 48.4\naesdec128kl 4289 0 48 6 48.4\naesenc256kl 4290 0 64 6 48.4\naesdec256kl 4291 0 64 6 48.4\nencodekey128 4292 0 0 6 31.33\nencodekey256 4293 0 0 6 31.33\nhreset 4303 0 0 6 82\nvpdpbusd 4304 0 16 6 48.50.20\nvpdpbusd 4305 0 32 6 54.56.21\nvpdpbusds 4306 0 16 6 48.50.20\nvpdpbusds 4307 0 32 6 54.56.21\nvpdpwssd 4308 0 16 6 48.50.20\nvpdpwssd 4309 0 32 6 54.56.21\nvpdpwssds 4310 0 16 6 48.50.20\nvpdpwssds 4311 0 32 6 54.56.21\nccs_hash 4312 0 0 6 \nccs_hash 4313 0 0 6 \nccs_encrypt 4315 0 0 6 \nccs_encrypt 4316 0 0 6 \nrdudbg 4561 0 0 6 \nwrudbg 4562 0 0 6 \nxsha512 4824 0 0 6 \nxsha512 4825 0 0 6 \nxstore_alt 4827 0 0 6 \nxstore_alt 4828 0 0 6 \nxsha512_alt 4830 0 0 6 \nxsha512_alt 4831 0 0 6 \nwrmsrns 4834 0 0 6 \nprefetchit1 4838 0 1 6 4\nprefetchit0 4839 0 1 6 4\naadd 4840 0 4 6 4.31\naand 4842 0 4 6 4.31\naxor 4844 0 4 6 4.31\naor 4846 0 4 6 4.31\nvpdpbuud 4848 0 16 6 48.50.20\nvpdpbuud 4849 0 32 6 54.56.21\nvpdpbsud 4850 0 16 6 48.50.20\nvpdpbsud 4851 0 32 6 54.56.21\nvpdpbssd 4852 0 16 6 48.50.20\nvpdpbssd 4853 0 32 6 54.56.21\nvpdpbuuds 4854 0 16 6 48.50.20\nvpdpbuuds 4855 0 32 6 54.56.21\nvpdpbsuds 4856 0 16 6 48.50.20\nvpdpbsuds 4857 0 32 6 54.56.21\nvpdpbssds 4858 0 16 6 48.50.20\nvpdpbssds 4859 0 32 6 54.56.21\nvcvtneps2bf16 4861 0 16 6 48.20\nvcvtneps2bf16 4862 0 32 6 48.21\nvcvtneoph2ps 4863 0 16 6 48.4\nvcvtneoph2ps 4864 0 32 6 54.4\nvcvtneeph2ps 4865 0 16 6 48.4\nvcvtneeph2ps 4866 0 32 6 54.4\nvcvtneebf162ps 4867 0 16 6 48.4\nvcvtneebf162ps 4868 0 32 6 54.4\nvcvtneobf162ps 4869 0 16 6 48.4\nvcvtneobf162ps 4870 0 32 6 54.4\nvbcstnesh2ps 4871 0 2 6 48.4\nvbcstnesh2ps 4872 0 2 6 54.4\nvbcstnebf162ps 4873 0 2 6 48.4\nvbcstnebf162ps 4874 0 2 6 54.4\nvpmadd52luq 4875 0 16 6 48.50.20\nvpmadd52luq 4876 0 32 6 54.56.21\nvpmadd52huq 4877 0 16 6 48.50.20\nvpmadd52huq 4878 0 32 6 54.56.21\nvsha512rnds2 4914 0 0 6 54.56.49\nvsha512msg1 4915 0 0 6 54.49\nvsha512msg2 4916 0 0 6 54.55\nvpdpwuud 4917 0 16 6 48.50.20\nvpdpwuud 4918 0 32 6 54.56.21\nvpdpwusd 4919 0 16 6 48.50.20\nvpdpwusd 4920 0 32 6 54.56.21\nvpdpwsud 4921 0 16 6 48.50.20\nvpdpwsud 4922 0 32 6 54.56.21\nvpdpwuuds 4923 0 16 6 48.50.20\nvpdpwuuds 4924 0 32 6 54.56.21\nvpdpwusds 4925 0 16 6 48.50.20\nvpdpwusds 4926 0 32 6 54.56.21\nvpdpwsuds 4927 0 16 6 48.50.20\nvpdpwsuds 4928 0 32 6 54.56.21\nvsm3msg1 4929 0 16 6 48.50.20\nvsm3msg2 4930 0 16 6 48.50.20\nvsm4key4 4931 0 16 6 48.50.20\nvsm4key4 4932 0 32 6 54.56.21\nvsm4rnds4 4933 0 16 6 48.50.20\nvsm4rnds4 4934 0 32 6 54.56.21\nvsm3rnds2 4935 0 16 6 48.50.20.82";

// toolchain/asm/forms.ts
var index = null;
var CC_ALIASES = {
  e: ["z"],
  ne: ["nz"],
  b: ["c", "nae"],
  ae: ["nb", "nc"],
  be: ["na"],
  a: ["nbe"],
  l: ["nge"],
  ge: ["nl"],
  le: ["ng"],
  g: ["nle"],
  p: ["pe"],
  np: ["po"],
  s: [],
  ns: [],
  o: [],
  no: []
};
var NAME_ALIASES = {
  pusha: ["pusha", "pushad"],
  popa: ["popa", "popad"],
  pushaw: ["pusha"],
  popaw: ["popa"],
  pushf: ["pushf", "pushfd"],
  popf: ["popf", "popfd"],
  pushfw: ["pushf"],
  popfw: ["popf"],
  iret: ["iret", "iretd"],
  iretw: ["iret"],
  retn: ["ret"],
  sal: ["shl"],
  xlat: ["xlatb"],
  icebp: ["int1"],
  fwait: ["wait"],
  retfw: ["retf"],
  retfd: ["retf"],
  movsx: ["movsx"],
  movzx: ["movzx"]
};
var FLAG_FAR = 1;
var FLAG_16 = 2;
var FLAG_32 = 4;
function parseFormsData(text) {
  const map = /* @__PURE__ */ new Map();
  for (const line of text.split("\n")) {
    const [name, code, operandSize, memSize, flags, ops] = line.split(" ");
    const c = Number(code), fl = Number(flags);
    const form = {
      code: c,
      name,
      ops: ops ? ops.split(".").map(Number) : [],
      operandSize: Number(operandSize),
      memSize: Number(memSize),
      farMem: (fl & FLAG_FAR) !== 0,
      mode16: (fl & FLAG_16) !== 0,
      mode32: (fl & FLAG_32) !== 0,
      order: c
    };
    let list = map.get(name);
    if (!list) map.set(name, list = []);
    list.push(form);
  }
  return map;
}
function forms() {
  return index ??= parseFormsData(FORMS_DATA);
}
function icedNames(nasm) {
  const a = NAME_ALIASES[nasm];
  if (a) return a;
  for (const p of ["j", "set", "cmov"]) {
    if (!nasm.startsWith(p)) continue;
    const cc = nasm.slice(p.length);
    for (const [canon, al] of Object.entries(CC_ALIASES)) if (al.includes(cc)) return [p + canon];
  }
  return [nasm];
}
function formsFor(nasm) {
  const out = [];
  for (const n of icedNames(nasm)) {
    const f = forms().get(n);
    if (f) out.push(...f);
  }
  return out;
}
var EXTRA = /* @__PURE__ */ new Set([
  "jmp",
  "call",
  "loop",
  "loope",
  "loopz",
  "loopne",
  "loopnz",
  "jcxz",
  "jecxz",
  "xlatb",
  "xlat",
  "movsb",
  "movsw",
  "movsd",
  "cmpsb",
  "cmpsw",
  "cmpsd",
  "scasb",
  "scasw",
  "scasd",
  "lodsb",
  "lodsw",
  "lodsd",
  "stosb",
  "stosw",
  "stosd",
  "insb",
  "insw",
  "insd",
  "outsb",
  "outsw",
  "outsd"
]);
function isMnemonic(word) {
  if (EXTRA.has(word)) return true;
  return formsFor(word).length > 0;
}

// toolchain/asm/encode.ts
var LEGACY_PREFIXES = /* @__PURE__ */ new Set([240, 242, 243, 102, 103, 38, 46, 54, 62, 100, 101, 155]);
var SIZE_NAME = { 1: "byte", 2: "word", 4: "dword", 8: "qword" };
function overflowsGeneral(n, width) {
  const bits = BigInt(width * 8);
  return n > (1n << bits) - 1n || n < -(1n << bits);
}
var EncodeError = class extends Error {
  constructor(message, operand = -1, code = "invalid-operands") {
    super(message);
    this.operand = operand;
    this.code = code;
  }
  operand;
  code;
};
var encoders = /* @__PURE__ */ new Map();
function encoder(bits) {
  let e = encoders.get(bits);
  if (!e) encoders.set(bits, e = new Encoder(bits));
  return e;
}
function splitAddress(v, bits) {
  const regs = v.terms.filter((t) => t.id >= REG_TERM).map((t) => ({ reg: t.id - REG_TERM, k: Number(t.k) }));
  const disp = { n: v.n, terms: v.terms.filter((t) => t.id < REG_TERM), unknown: v.unknown };
  let base = Register.None, index2 = Register.None, scale = 1;
  for (const r of regs) {
    const info = registerInfo(r.reg);
    if (info.cls !== "gpr16" && info.cls !== "gpr32") return `register '${info.name}' cannot be used in an address`;
  }
  if (regs.length > 2) return "too many registers in address";
  if (regs.length === 1) {
    const r = regs[0];
    if (r.k === 1) base = r.reg;
    else if (r.k === 2 || r.k === 4 || r.k === 8) {
      if (r.k === 2) {
        base = r.reg;
        index2 = r.reg;
      } else {
        index2 = r.reg;
        scale = r.k;
      }
    } else if (r.k === 3 || r.k === 5 || r.k === 9) {
      base = r.reg;
      index2 = r.reg;
      scale = r.k - 1;
    } else return `invalid scale ${r.k} in address`;
  } else if (regs.length === 2) {
    let [a, b] = regs;
    if (a.k !== 1 && b.k === 1) [a, b] = [b, a];
    if (a.k !== 1 || ![1, 2, 4, 8].includes(b.k)) return "invalid effective address";
    base = a.reg;
    index2 = b.reg;
    scale = b.k;
    if (index2 === Register.ESP && scale === 1) {
      [base, index2] = [index2, base];
    }
  }
  if (index2 === Register.ESP) return "esp cannot be used as an index register";
  const all = [base, index2].filter((r) => r !== Register.None).map((r) => registerInfo(r));
  if (all.length && all.some((r) => r.cls !== all[0].cls)) return "mixed 16- and 32-bit registers in address";
  if (all.length && all[0].cls === "gpr16") {
    const isB = (r) => r === Register.BX || r === Register.BP;
    const isI = (r) => r === Register.SI || r === Register.DI;
    if (scale !== 1) return "scaled index in 16-bit address";
    if (index2 !== Register.None && isB(index2) && (base === Register.None || isI(base))) [base, index2] = [index2, base];
    if (base !== Register.None && !isB(base) && !(index2 === Register.None && isI(base))) return "invalid 16-bit effective address";
    if (index2 !== Register.None && !isI(index2)) return "invalid 16-bit effective address";
  }
  void bits;
  return { base, index: index2, scale, disp };
}
var SIZE_OF_KIND = {
  [OpCodeOperandKind.r8_or_mem]: 1,
  [OpCodeOperandKind.r16_or_mem]: 2,
  [OpCodeOperandKind.r32_or_mem]: 4,
  [OpCodeOperandKind.r8_reg]: 1,
  [OpCodeOperandKind.r8_opcode]: 1,
  [OpCodeOperandKind.r16_reg]: 2,
  [OpCodeOperandKind.r16_reg_mem]: 2,
  [OpCodeOperandKind.r16_rm]: 2,
  [OpCodeOperandKind.r16_opcode]: 2,
  [OpCodeOperandKind.r32_reg]: 4,
  [OpCodeOperandKind.r32_reg_mem]: 4,
  [OpCodeOperandKind.r32_rm]: 4,
  [OpCodeOperandKind.r32_opcode]: 4,
  [OpCodeOperandKind.r32_vvvv]: 4,
  [OpCodeOperandKind.mm_or_mem]: 8,
  [OpCodeOperandKind.xmm_or_mem]: 16,
  [OpCodeOperandKind.ymm_or_mem]: 32
};
var IMPLICIT = /* @__PURE__ */ new Set([OpCodeOperandKind.seg_rSI, OpCodeOperandKind.es_rDI, OpCodeOperandKind.seg_rDI, OpCodeOperandKind.seg_rBX_al]);
var BRANCH = /* @__PURE__ */ new Set([
  OpCodeOperandKind.br16_1,
  OpCodeOperandKind.br32_1,
  OpCodeOperandKind.br64_1,
  OpCodeOperandKind.br16_2,
  OpCodeOperandKind.br32_4,
  OpCodeOperandKind.br64_4,
  OpCodeOperandKind.farbr2_2,
  OpCodeOperandKind.farbr4_2,
  OpCodeOperandKind.xbegin_2,
  OpCodeOperandKind.xbegin_4,
  OpCodeOperandKind.brdisp_2,
  OpCodeOperandKind.brdisp_4
]);
var MEM_KINDS = /* @__PURE__ */ new Set([
  OpCodeOperandKind.mem,
  OpCodeOperandKind.mem_offs,
  OpCodeOperandKind.r8_or_mem,
  OpCodeOperandKind.r16_or_mem,
  OpCodeOperandKind.r32_or_mem,
  OpCodeOperandKind.r32_or_mem_mpx,
  OpCodeOperandKind.mm_or_mem,
  OpCodeOperandKind.xmm_or_mem,
  OpCodeOperandKind.ymm_or_mem,
  OpCodeOperandKind.mem_mpx,
  OpCodeOperandKind.mem_mib,
  OpCodeOperandKind.sibmem
]);
var IMM_SIZE = { [OpCodeOperandKind.imm8]: 1, [OpCodeOperandKind.imm16]: 2, [OpCodeOperandKind.imm32]: 4, [OpCodeOperandKind.imm8sex16]: 2, [OpCodeOperandKind.imm8sex32]: 4, [OpCodeOperandKind.imm8_const_1]: 1 };
function regMatches(kind, r) {
  switch (kind) {
    case OpCodeOperandKind.r8_or_mem:
    case OpCodeOperandKind.r8_reg:
    case OpCodeOperandKind.r8_opcode:
      return r.cls === "gpr8";
    case OpCodeOperandKind.r16_or_mem:
    case OpCodeOperandKind.r16_reg:
    case OpCodeOperandKind.r16_reg_mem:
    case OpCodeOperandKind.r16_rm:
    case OpCodeOperandKind.r16_opcode:
      return r.cls === "gpr16";
    case OpCodeOperandKind.r32_or_mem:
    case OpCodeOperandKind.r32_reg:
    case OpCodeOperandKind.r32_reg_mem:
    case OpCodeOperandKind.r32_rm:
    case OpCodeOperandKind.r32_opcode:
    case OpCodeOperandKind.r32_vvvv:
    case OpCodeOperandKind.r32_or_mem_mpx:
      return r.cls === "gpr32";
    case OpCodeOperandKind.seg_reg:
      return r.cls === "seg";
    case OpCodeOperandKind.cr_reg:
      return r.cls === "cr";
    case OpCodeOperandKind.dr_reg:
      return r.cls === "dr";
    case OpCodeOperandKind.tr_reg:
      return r.cls === "tr";
    case OpCodeOperandKind.mm_reg:
    case OpCodeOperandKind.mm_rm:
    case OpCodeOperandKind.mm_or_mem:
      return r.cls === "mm";
    case OpCodeOperandKind.xmm_reg:
    case OpCodeOperandKind.xmm_rm:
    case OpCodeOperandKind.xmm_vvvv:
    case OpCodeOperandKind.xmm_or_mem:
    case OpCodeOperandKind.xmm_is4:
    case OpCodeOperandKind.xmm_is5:
      return r.cls === "xmm";
    case OpCodeOperandKind.ymm_reg:
    case OpCodeOperandKind.ymm_rm:
    case OpCodeOperandKind.ymm_vvvv:
    case OpCodeOperandKind.ymm_or_mem:
    case OpCodeOperandKind.ymm_is4:
    case OpCodeOperandKind.ymm_is5:
      return r.cls === "ymm";
    case OpCodeOperandKind.es:
      return r.reg === Register.ES;
    case OpCodeOperandKind.cs:
      return r.reg === Register.CS;
    case OpCodeOperandKind.ss:
      return r.reg === Register.SS;
    case OpCodeOperandKind.ds:
      return r.reg === Register.DS;
    case OpCodeOperandKind.fs:
      return r.reg === Register.FS;
    case OpCodeOperandKind.gs:
      return r.reg === Register.GS;
    case OpCodeOperandKind.al:
      return r.reg === Register.AL;
    case OpCodeOperandKind.cl:
      return r.reg === Register.CL;
    case OpCodeOperandKind.ax:
      return r.reg === Register.AX;
    case OpCodeOperandKind.dx:
      return r.reg === Register.DX;
    case OpCodeOperandKind.eax:
      return r.reg === Register.EAX;
    case OpCodeOperandKind.st0:
      return r.reg === Register.ST0;
    case OpCodeOperandKind.sti_opcode:
      return r.cls === "st";
  }
  return false;
}
function fitsS8(n, width) {
  const w = BigInt(width * 8);
  const m = BigInt.asUintN(Number(w), n + 128n);
  return m <= 255n;
}
function operandMatches(kind, o, form, opt) {
  if (o.kind === "reg") return regMatches(kind, o.reg);
  if (o.kind === "mem") {
    if (!MEM_KINDS.has(kind)) return false;
    if (kind === OpCodeOperandKind.mem_offs && (o.base !== Register.None || o.index !== Register.None)) return false;
    const ms = form.memSize || (SIZE_OF_KIND[kind] ?? 0);
    if (o.size && ms && kind !== OpCodeOperandKind.mem_offs && o.size !== ms && !(kind === OpCodeOperandKind.mem && ![1, 2, 4, 8, 10, 16, 32].includes(ms))) return false;
    if (o.size && kind === OpCodeOperandKind.mem_offs && form.memSize && o.size !== form.memSize) return false;
    if ((form.name === "jmp" || form.name === "call") && form.farMem !== (o.branch === "far")) return false;
    return true;
  }
  if (o.kind === "imm") {
    const v = o.value;
    const reloc = v.terms.length > 0;
    switch (kind) {
      case OpCodeOperandKind.imm8_const_1:
        return !reloc && !v.unknown && v.n === 1n && !o.strict;
      case OpCodeOperandKind.imm8sex16:
      case OpCodeOperandKind.imm8sex32: {
        if (reloc || opt < 0 && o.size !== 1) return false;
        const w = kind === OpCodeOperandKind.imm8sex16 ? 2 : 4;
        if (o.strict && o.size !== 1) return false;
        if (o.size && o.size !== 1 && o.size !== w) return false;
        return v.unknown || fitsS8(v.n, w) || o.size === 1;
      }
      case OpCodeOperandKind.imm8:
      case OpCodeOperandKind.imm16:
      case OpCodeOperandKind.imm32: {
        const w = IMM_SIZE[kind];
        if (o.size && o.size !== w && !(kind === OpCodeOperandKind.imm8 && form.ops.length > 1 && o.size !== 1 && !o.strict && isImm8Only(form))) return false;
        return true;
      }
    }
    return false;
  }
  return false;
}
function isImm8Only(form) {
  return form.ops.some((k) => SIZE_OF_KIND[k] !== void 0 && SIZE_OF_KIND[k] !== 1);
}
function memOperand(o, bits) {
  const base = o.base ?? Register.None, index2 = o.index ?? Register.None;
  const sixteen = base !== Register.None && registerInfo(base).cls === "gpr16" || index2 !== Register.None && registerInfo(index2).cls === "gpr16" || base === Register.None && index2 === Register.None && bits === 16;
  const full = sixteen ? 2 : 4;
  const v = o.value;
  const n = sixteen ? BigInt.asUintN(16, v.n) : BigInt.asUintN(32, v.n);
  let ds;
  if (base === Register.None) ds = full;
  else if (o.dispSize === 1) ds = 1;
  else if (o.dispSize === 2 || o.dispSize === 4) ds = full;
  else if (v.terms.length || v.unknown) ds = full;
  else {
    const sn = sixteen ? BigInt.asIntN(16, v.n) : BigInt.asIntN(32, v.n);
    if (sn === 0n && base !== Register.EBP && base !== Register.BP) ds = 0;
    else if (sn >= -128n && sn <= 127n) ds = 1;
    else ds = full;
  }
  if (ds === 0 && n !== 0n) ds = 1;
  return new MemoryOperand(base, index2, o.scale ?? 1, ds === 1 ? BigInt.asIntN(sixteen ? 16 : 32, v.n) : n, ds, false, o.seg ?? Register.None);
}
function immValue(kind, v) {
  switch (kind) {
    case OpCodeOperandKind.imm8sex16:
    case OpCodeOperandKind.imm8sex32:
      return Number(BigInt.asIntN(8, v.n));
    case OpCodeOperandKind.imm8:
    case OpCodeOperandKind.imm8_const_1:
      return Number(BigInt.asUintN(8, v.n));
    case OpCodeOperandKind.imm16:
      return Number(BigInt.asUintN(16, v.n));
    default:
      return Number(BigInt.asUintN(32, v.n));
  }
}
function build(form, ops, bits) {
  const ins = Instruction.create(form.code);
  void ins;
  const args = [];
  let pat = "";
  ops.forEach((o, i) => {
    const kind = form.ops[i];
    if (o.kind === "reg") {
      args.push(o.reg.reg);
      pat += "R";
    } else if (o.kind === "mem") {
      args.push(memOperand(o, bits));
      pat += "M";
    } else {
      const v = immValue(kind, o.value);
      args.push(v);
      pat += v < 0 ? "I" : "U";
    }
  });
  ins.free();
  const c = form.code;
  const a = args;
  switch (pat) {
    case "":
      return Instruction.create(c);
    case "R":
      return Instruction.createReg(c, a[0]);
    case "M":
      return Instruction.createMem(c, a[0]);
    case "U":
      return Instruction.createU32(c, a[0]);
    case "I":
      return Instruction.createI32(c, a[0]);
    case "RI":
      return Instruction.createRegI32(c, a[0], a[1]);
    case "MI":
      return Instruction.createMemI32(c, a[0], a[1]);
    case "IU":
    case "UI":
    case "II":
      return Instruction.createI32I32(c, a[0], a[1]);
    case "RRI":
      return Instruction.createRegRegI32(c, a[0], a[1], a[2]);
    case "RMI":
      return Instruction.createRegMemI32(c, a[0], a[1], a[2]);
    case "MRI":
      return Instruction.createMemRegI32(c, a[0], a[1], a[2]);
    case "RRRI":
      return Instruction.createRegRegRegI32(c, a[0], a[1], a[2], a[3]);
    case "RRMI":
      return Instruction.createRegRegMemI32(c, a[0], a[1], a[2], a[3]);
    case "RR":
      return Instruction.createRegReg(c, a[0], a[1]);
    case "RM":
      return Instruction.createRegMem(c, a[0], a[1]);
    case "MR":
      return Instruction.createMemReg(c, a[0], a[1]);
    case "RU":
      return Instruction.createRegU32(c, a[0], a[1]);
    case "MU":
      return Instruction.createMemU32(c, a[0], a[1]);
    case "UR":
      return Instruction.createU32Reg(c, a[0], a[1]);
    case "UU":
      return Instruction.createU32U32(c, a[0], a[1]);
    case "RRR":
      return Instruction.createRegRegReg(c, a[0], a[1], a[2]);
    case "RRM":
      return Instruction.createRegRegMem(c, a[0], a[1], a[2]);
    case "RRU":
      return Instruction.createRegRegU32(c, a[0], a[1], a[2]);
    case "RMU":
      return Instruction.createRegMemU32(c, a[0], a[1], a[2]);
    case "MRU":
      return Instruction.createMemRegU32(c, a[0], a[1], a[2]);
    case "MRR":
      return Instruction.createMemRegReg(c, a[0], a[1], a[2]);
    case "RMR":
      return Instruction.createRegMemReg(c, a[0], a[1], a[2]);
    case "RRRR":
      return Instruction.createRegRegRegReg(c, a[0], a[1], a[2], a[3]);
    case "RRRM":
      return Instruction.createRegRegRegMem(c, a[0], a[1], a[2], a[3]);
    case "RRMR":
      return Instruction.createRegRegMemReg(c, a[0], a[1], a[2], a[3]);
    case "RRRU":
      return Instruction.createRegRegRegU32(c, a[0], a[1], a[2], a[3]);
    case "RRMU":
      return Instruction.createRegRegMemU32(c, a[0], a[1], a[2], a[3]);
  }
  throw new EncodeError("unsupported operand combination");
}
function tryEncode(form, ops, bits, prefixes) {
  let ins;
  try {
    ins = build(form, ops, bits);
  } catch {
    return null;
  }
  try {
    if (prefixes.includes("lock")) ins.hasLockPrefix = true;
    if (prefixes.some((p) => p === "rep" || p === "repe" || p === "repz")) ins.hasRepePrefix = true;
    if (prefixes.some((p) => p === "repne" || p === "repnz")) ins.hasRepnePrefix = true;
    const e = encoder(bits);
    try {
      e.encode(ins, 0n);
    } catch {
      e.takeBuffer();
      return null;
    }
    const bytes = e.takeBuffer();
    const co = e.getConstantOffsets();
    const fixups = [];
    ops.forEach((o, i) => {
      const kind = form.ops[i];
      if (o.kind === "mem" && o.value && (o.value.terms.length || o.value.unknown)) {
        if (co.hasDisplacement) fixups.push({ offset: co.displacementOffset, size: co.displacementSize, value: o.value });
      } else if (o.kind === "imm" && (o.value.terms.length || o.value.unknown)) {
        const second = ops.slice(0, i).some((p) => p.kind === "imm");
        if (second && co.hasImmediate2) fixups.push({ offset: co.immediateOffset2, size: co.immediateSize2, value: o.value });
        else if (co.hasImmediate) fixups.push({ offset: co.immediateOffset, size: co.immediateSize, value: o.value });
      }
      void kind;
    });
    let prefixCount = 0;
    while (prefixCount < bytes.length && LEGACY_PREFIXES.has(bytes[prefixCount])) prefixCount++;
    const opcodeLen = bytes[prefixCount] !== 15 ? 1 : bytes[prefixCount + 1] === 56 || bytes[prefixCount + 1] === 58 ? 3 : 2;
    const firstField = Math.min(co.hasDisplacement ? co.displacementOffset : bytes.length, co.hasImmediate ? co.immediateOffset : bytes.length);
    const fields = prefixCount + 1 + (firstField > prefixCount + opcodeLen ? 1 : 0) + (co.hasDisplacement ? 1 : 0) + (co.hasImmediate ? 1 : 0) + (co.hasImmediate2 ? 1 : 0);
    co.free();
    return { form, bytes, fixups, fields };
  } finally {
    ins.free();
  }
}
var NO_O16 = /* @__PURE__ */ new Set(["lldt", "ltr", "verr", "verw", "lmsw", "arpl"]);
var DEFAULT_SIZE_MNEMONICS = /* @__PURE__ */ new Set(["push", "pop", "call", "jmp"]);
function encodeInstruction(mnemonic, prefixes, ops, bits, opt) {
  const str = encodeString(mnemonic, prefixes, ops, bits);
  if (str) return str;
  let list = formsFor(mnemonic);
  if (!list.length) throw new EncodeError(`unknown instruction '${mnemonic}'`, -1, "unknown-instruction");
  if (opt > 0 && mnemonic === "mov" && ops.length === 2 && ops[0].kind === "reg" && ops[0].reg.cls === "seg" && ops[1].kind === "reg" && (ops[1].reg.cls === "gpr16" || ops[1].reg.cls === "gpr32")) {
    const r = ops[1].reg;
    const reg = (bits === 32 ? Register.EAX : Register.AX) + r.num;
    ops = [ops[0], { ...ops[1], reg: registerInfo(reg) }];
  }
  if (opt > 0 && bits === 32 && NO_O16.has(mnemonic) && ops.every((o) => o.kind !== "reg" || o.reg.cls === "gpr16")) {
    ops = ops.map((o) => o.kind === "reg" ? { ...o, reg: registerInfo(Register.EAX + o.reg.num) } : o);
  }
  if (mnemonic === "imul" && ops.length === 2 && ops[1].kind === "imm") ops = [ops[0], ops[0], ops[1]];
  let variants = [ops];
  if (mnemonic === "xchg" && ops.length === 2) {
    const swapped = [ops[1], ops[0]];
    variants = ops[0].kind === "reg" && ops[1].kind === "reg" && ops[0].reg.reg !== Register.EAX && ops[0].reg.reg !== Register.AX ? [swapped, ops] : [ops, swapped];
  }
  if (mnemonic.startsWith("f")) {
    if (ops.length === 0) variants.push([stReg(1)], [stReg(1), stReg(0)]);
    if (ops.length === 1 && ops[0].kind === "reg" && ops[0].reg.cls === "st") variants.push(ops[0].to ? [ops[0], stReg(0)] : [stReg(0), ops[0]]);
  }
  const modeOk = (f) => bits === 16 ? f.mode16 : f.mode32;
  list = list.filter((f) => modeOk(f) && !f.ops.some((k) => BRANCH.has(k) || IMPLICIT.has(k)));
  let lastError = "";
  let overall = null;
  let overallOps = ops;
  for (const vops of variants) {
    const cands = list.filter((f) => f.ops.length === vops.length && vops.every((o, i) => operandMatches(f.ops[i], o, f, opt)));
    if (!cands.length) continue;
    let pick2 = cands;
    const want = prefixes.includes("o16") ? 16 : prefixes.includes("o32") ? 32 : bits;
    if (pick2.some((f) => f.operandSize === want) && pick2.some((f) => f.operandSize !== want && f.operandSize !== 0)) {
      pick2 = pick2.filter((f) => f.operandSize === want || f.operandSize === 0);
    }
    const memIdx = vops.findIndex((o) => o.kind === "mem" && !o.size);
    if (memIdx >= 0 && !vops.some((o) => o.kind === "reg" && o.reg.cls.startsWith("gpr"))) {
      const sizes = new Set(pick2.map((f) => f.memSize || SIZE_OF_KIND[f.ops[memIdx]]));
      if (sizes.size > 1 && !DEFAULT_SIZE_MNEMONICS.has(mnemonic)) {
        const immSized = vops.some((o) => o.kind === "imm" && o.size);
        if (!immSized) throw new EncodeError("operation size not specified", memIdx, "size-not-specified");
      }
    }
    let best = null;
    for (const f of pick2) {
      const a = tryEncode(f, vops, bits, prefixes);
      if (!a) {
        lastError = "invalid combination of opcode and operands";
        continue;
      }
      if (!best || a.bytes.length < best.bytes.length || a.bytes.length === best.bytes.length && prefer(a.form, best.form)) best = a;
    }
    if (best && mnemonic !== "xchg") return withOverflow(withRawPrefixes(best, prefixes, bits), best.form, vops, list, opt, bits, prefixes);
    if (best && (!overall || best.bytes.length < overall.bytes.length)) {
      overall = best;
      overallOps = vops;
    }
  }
  if (overall) return withOverflow(withRawPrefixes(overall, prefixes, bits), overall.form, overallOps, list, opt, bits, prefixes);
  throw new EncodeError(lastError || "invalid combination of opcode and operands");
}
function withOverflow(enc2, form, ops, list, opt, bits, prefixes) {
  let out;
  for (const o of ops) {
    if (o.kind !== "mem" || (o.base ?? Register.None) !== Register.None || (o.index ?? Register.None) !== Register.None) continue;
    if (!o.value || o.value.terms.length || o.value.unknown) continue;
    const w = bits === 16 !== prefixes.includes(bits === 16 ? "a32" : "a16") ? 2 : 4;
    if (overflowsGeneral(o.value.n, w)) (out ??= []).push(`${SIZE_NAME[w]} data exceeds bounds`);
  }
  ops.forEach((o, i) => {
    if (o.kind !== "imm" || o.value.terms.length || o.value.unknown) return;
    const kind = form.ops[i], n = o.value.n;
    if (kind === OpCodeOperandKind.imm8sex16 || kind === OpCodeOperandKind.imm8sex32) {
      const w2 = kind === OpCodeOperandKind.imm8sex16 ? 2 : 4;
      const um = kind === OpCodeOperandKind.imm8sex16 ? 0xffffn : 0xffffffffn;
      const uv = BigInt.asUintN(64, n);
      if (o.size !== 1 && overflowsGeneral(n, w2)) (out ??= []).push(`${SIZE_NAME[w2]} value exceeds bounds`);
      else if (uv > 127n && uv < BigInt.asUintN(64, -128n) && (uv < um - 127n || uv > um)) (out ??= []).push("signed byte value exceeds bounds");
      return;
    }
    const w = kind === OpCodeOperandKind.imm8 ? 1 : kind === OpCodeOperandKind.imm16 ? 2 : kind === OpCodeOperandKind.imm32 ? 4 : 0;
    if (!w || !overflowsGeneral(n, w)) return;
    const triedByte = w > 1 && opt >= 0 && !o.strict && list.some((f) => f.ops.length === ops.length && (f.ops[i] === OpCodeOperandKind.imm8sex16 || f.ops[i] === OpCodeOperandKind.imm8sex32) && ops.every((p, j) => j === i || operandMatches(f.ops[j], p, f, opt)));
    (out ??= []).push(`${SIZE_NAME[w]} ${triedByte ? "value" : "data"} exceeds bounds`);
  });
  return out ? { ...enc2, overflow: out } : enc2;
}
function stReg(n) {
  const r = registerInfo(Register.ST0 + n);
  return { kind: "reg", col: 0, len: 0, size: 0, strict: false, branch: "", reg: r };
}
var SIMD = /* @__PURE__ */ new Set([OpCodeOperandKind.mm_or_mem, OpCodeOperandKind.xmm_or_mem, OpCodeOperandKind.ymm_or_mem, OpCodeOperandKind.mm_reg, OpCodeOperandKind.xmm_reg, OpCodeOperandKind.ymm_reg, OpCodeOperandKind.mm_rm, OpCodeOperandKind.xmm_rm, OpCodeOperandKind.ymm_rm]);
function prefer(a, b) {
  if (SIMD.has(a.ops[0] ?? -1) || SIMD.has(b.ops[0] ?? -1)) return a.order < b.order;
  const rmA = MEM_KINDS.has(a.ops[0] ?? -1) ? 1 : 0, rmB = MEM_KINDS.has(b.ops[0] ?? -1) ? 1 : 0;
  if (rmA !== rmB) return rmA > rmB;
  return a.order < b.order;
}
function withRawPrefixes(a, prefixes, bits) {
  const raw = [];
  if (prefixes.includes("a16") && bits === 32) raw.push(103);
  if (prefixes.includes("a32") && bits === 16) raw.push(103);
  if (prefixes.includes("wait")) raw.unshift(155);
  if (!raw.length) return { bytes: a.bytes, fixups: a.fixups, fields: a.fields };
  const bytes = new Uint8Array(raw.length + a.bytes.length);
  bytes.set(raw);
  bytes.set(a.bytes, raw.length);
  return { bytes, fixups: a.fixups.map((f) => ({ ...f, offset: f.offset + raw.length })), fields: a.fields + raw.length };
}
var STRING_OPS = {
  movs: [164, 0],
  cmps: [166, 0],
  stos: [170, 0],
  lods: [172, 0],
  scas: [174, 0],
  ins: [108, 0],
  outs: [110, 0]
};
function encodeString(mnemonic, prefixes, ops, bits) {
  if (mnemonic === "xlatb" || mnemonic === "xlat" && ops.length === 0) return { bytes: prefixBytes(prefixes, bits, 0, [215]), fixups: [] };
  if (ops.length) return null;
  const m = /^(movs|cmps|stos|lods|scas|ins|outs)([bwd])$/.exec(mnemonic);
  if (!m) return null;
  const [op] = STRING_OPS[m[1]];
  const size = { b: 1, w: 2, d: 4 }[m[2]];
  const opcode = size === 1 ? op : op + 1;
  return { bytes: prefixBytes(prefixes, bits, size, [opcode]), fixups: [] };
}
function prefixBytes(prefixes, bits, size, body) {
  const out = [];
  if (prefixes.some((p) => p === "repne" || p === "repnz")) out.push(242);
  if (prefixes.some((p) => p === "rep" || p === "repe" || p === "repz")) out.push(243);
  if (prefixes.includes("lock")) out.push(240);
  if (size === 2 && bits === 32 || size === 4 && bits === 16) out.push(102);
  if (prefixes.includes("a16") && bits === 32 || prefixes.includes("a32") && bits === 16) out.push(103);
  return new Uint8Array([...out, ...body]);
}
var CC = {
  o: 0,
  no: 1,
  b: 2,
  c: 2,
  nae: 2,
  ae: 3,
  nb: 3,
  nc: 3,
  e: 4,
  z: 4,
  ne: 5,
  nz: 5,
  be: 6,
  na: 6,
  a: 7,
  nbe: 7,
  s: 8,
  ns: 9,
  p: 10,
  pe: 10,
  np: 11,
  po: 11,
  l: 12,
  nge: 12,
  ge: 13,
  nl: 13,
  le: 14,
  ng: 14,
  g: 15,
  nle: 15
};
function branchShape(mnemonic, bits, size, prefixes) {
  const osz = size === 2 || size === 4 ? size * 8 : prefixes.includes("o16") ? 16 : prefixes.includes("o32") ? 32 : bits;
  const o662 = osz !== bits ? [102] : [];
  const nearSize = osz === 16 ? 2 : 4;
  if (mnemonic === "jmp") return { short: [235], near: [...o662, 233], nearSize, isCall: false };
  if (mnemonic === "call") return { short: null, near: [...o662, 232], nearSize, isCall: true };
  const loops = { loop: 226, loope: 225, loopz: 225, loopne: 224, loopnz: 224, jcxz: 227, jecxz: 227 };
  if (mnemonic in loops) {
    const asz = mnemonic === "jcxz" ? 16 : mnemonic === "jecxz" ? 32 : prefixes.includes("a16") ? 16 : prefixes.includes("a32") ? 32 : bits;
    return { short: [...asz !== bits ? [103] : [], loops[mnemonic]], near: null, nearSize, isCall: false };
  }
  if (mnemonic.startsWith("j")) {
    const cc = CC[mnemonic.slice(1)];
    if (cc === void 0) return null;
    return { short: [112 + cc], near: [...o662, 15, 128 + cc], nearSize, isCall: false };
  }
  return null;
}

// toolchain/asm/lex.ts
var LexError = class extends Error {
  constructor(message, col, len = 1) {
    super(message);
    this.col = col;
    this.len = len;
  }
  col;
  len;
};
var ID_START = /[A-Za-z_.?@\x80-\xff]/;
var ID_CHAR = /[A-Za-z0-9_.?@$#~\x80-\xff]/;
var OPS = [
  "<<<",
  ">>>",
  "<=>",
  "//",
  "%%",
  "<<",
  ">>",
  "<=",
  ">=",
  "==",
  "!=",
  "<>",
  "&&",
  "||",
  "^^",
  "+",
  "-",
  "*",
  "/",
  "%",
  "&",
  "|",
  "^",
  "~",
  "!",
  "(",
  ")",
  "[",
  "]",
  ",",
  ":",
  "<",
  ">",
  "=",
  "?"
];
function parseNumber(raw) {
  let s = raw.replace(/_/g, "").toLowerCase();
  let radix = 10;
  const pre = /^0([xhbyoqdt])/.exec(s);
  if (pre && s.length > 2) {
    radix = { x: 16, h: 16, b: 2, y: 2, o: 8, q: 8, d: 10, t: 10 }[pre[1]];
    s = s.slice(2);
  } else {
    const last = s[s.length - 1];
    if (last === "h" || last === "x") {
      radix = 16;
      s = s.slice(0, -1);
    } else if ((last === "b" || last === "y") && /^[01]+[by]$/.test(s)) {
      radix = 2;
      s = s.slice(0, -1);
    } else if (last === "o" || last === "q") {
      radix = 8;
      s = s.slice(0, -1);
    } else if (last === "d" || last === "t") {
      radix = 10;
      s = s.slice(0, -1);
    }
  }
  if (!s.length) return null;
  const digits = "0123456789abcdef".slice(0, radix);
  let v = 0n;
  const R = BigInt(radix);
  for (const ch of s) {
    const d = digits.indexOf(ch);
    if (d < 0) return null;
    v = v * R + BigInt(d);
  }
  return BigInt.asUintN(64, v);
}
function decodeBackquote(body, col) {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = body[++i];
    if (n === void 0) throw new LexError("unterminated escape in string", col);
    const simple = { n: "\n", t: "	", r: "\r", "0": "\0", a: "\x07", b: "\b", f: "\f", v: "\v", e: "\x1B", "\\": "\\", "'": "'", '"': '"', "`": "`", "?": "?" };
    if (n === "x") {
      const m = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 1));
      if (!m) throw new LexError("bad \\x escape", col);
      out += String.fromCharCode(parseInt(m[0], 16));
      i += m[0].length;
    } else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i));
      out += String.fromCharCode(parseInt(m[0], 8) & 255);
      i += m[0].length - 1;
    } else if (n === "u" || n === "U") {
      const m = (n === "u" ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(body.slice(i + 1));
      const cp = m ? parseInt(m[0], 16) : 0;
      if (m) i += m[0].length;
      out += byteString(encodeSourceText(cp <= 1114111 ? String.fromCodePoint(cp) : "\uFFFD"));
    } else if (n in simple) out += simple[n];
    else out += n;
  }
  return out;
}
function lex(line) {
  const toks = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i];
    if (c === " " || c === "	" || c === "\r" || c === "\f" || c === "\v") {
      i++;
      continue;
    }
    if (c === ";") break;
    const col = i + 1;
    if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      while (j < n && line[j] !== c) {
        if (c === "`" && line[j] === "\\") j++;
        j++;
      }
      if (j >= n) throw new LexError("unterminated string", col);
      const body = line.slice(i + 1, j);
      toks.push({ kind: "str", text: c === "`" ? decodeBackquote(body, col) : body, value: 0n, col, len: j + 1 - i });
      i = j + 1;
      continue;
    }
    if (c >= "0" && c <= "9") {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(line[j])) {
        if ((line[j] === "e" || line[j] === "E") && /^[0-9.]+$/.test(line.slice(i, j)) && line.slice(i, j).includes(".") && (line[j + 1] === "+" || line[j + 1] === "-")) j += 2;
        else j++;
      }
      const raw = line.slice(i, j);
      if (/^[0-9]+\.[0-9]*(e[+-]?[0-9]+)?$/i.test(raw)) {
        toks.push({ kind: "float", text: raw, value: 0n, col, len: j - i });
      } else {
        const v = parseNumber(raw);
        if (v === null) throw new LexError(`invalid number '${raw}'`, col, j - i);
        toks.push({ kind: "num", text: raw, value: v, col, len: j - i });
      }
      i = j;
      continue;
    }
    if (c === "$") {
      if (line[i + 1] === "$") {
        toks.push({ kind: "base", text: "$$", value: 0n, col, len: 2 });
        i += 2;
        continue;
      }
      if (/[0-9]/.test(line[i + 1] ?? "")) {
        let j = i + 1;
        while (j < n && /[0-9A-Za-z_]/.test(line[j])) j++;
        const v = parseNumber("0x" + line.slice(i + 1, j));
        if (v === null) throw new LexError(`invalid number '${line.slice(i, j)}'`, col, j - i);
        toks.push({ kind: "num", text: line.slice(i, j), value: v, col, len: j - i });
        i = j;
        continue;
      }
      if (ID_START.test(line[i + 1] ?? "")) {
        let j = i + 1;
        while (j < n && ID_CHAR.test(line[j])) j++;
        toks.push({ kind: "id", text: line.slice(i, j), value: 0n, col, len: j - i });
        i = j;
        continue;
      }
      toks.push({ kind: "here", text: "$", value: 0n, col, len: 1 });
      i++;
      continue;
    }
    if (ID_START.test(c)) {
      let j = i + 1;
      while (j < n && ID_CHAR.test(line[j])) j++;
      toks.push({ kind: "id", text: line.slice(i, j), value: 0n, col, len: j - i });
      i = j;
      continue;
    }
    const op = OPS.find((o) => line.startsWith(o, i));
    if (!op) throw new LexError(`unexpected character '${c}'`, col);
    toks.push({ kind: "op", text: op, value: 0n, col, len: op.length });
    i += op.length;
  }
  return toks;
}

// toolchain/asm/parse.ts
var ParseError = class extends Error {
  constructor(message, col, len = 1, code = "syntax") {
    super(message);
    this.col = col;
    this.len = len;
    this.code = code;
  }
  col;
  len;
  code;
};
var PREFIXES = /* @__PURE__ */ new Set(["lock", "rep", "repe", "repz", "repne", "repnz", "a16", "a32", "o16", "o32", "wait", "xacquire", "xrelease", "bnd", "nobnd"]);
var SIZES = { byte: 1, word: 2, dword: 4, qword: 8, tword: 10, oword: 16, yword: 32 };
var DATA = { db: 1, dw: 2, dd: 4, dq: 8, dt: 10, do: 16, dy: 32 };
var RES = { resb: 1, resw: 2, resd: 4, resq: 8, rest: 10, reso: 16, resy: 32 };
var DIRECTIVES = /* @__PURE__ */ new Set([
  "section",
  "segment",
  "bits",
  "use16",
  "use32",
  "global",
  "extern",
  "common",
  "org",
  "absolute",
  "cpu",
  "default",
  "align",
  "alignb",
  "sectalign",
  "struc",
  "endstruc",
  "istruc",
  "at",
  "iend",
  "incbin",
  "equ",
  "times",
  "static",
  "required",
  "float",
  "warning",
  "list",
  "map",
  "debug",
  "gprefix",
  "gpostfix",
  "lprefix",
  "lpostfix"
]);
var ParseState = class {
  constructor(isMnemonic2) {
    this.isMnemonic = isMnemonic2;
  }
  isMnemonic;
  parent = "";
  resolve = (name) => {
    if (name.startsWith(".") && !name.startsWith("..")) return this.parent + name;
    return name;
  };
};
function isKeyword(word, state) {
  const w = word.toLowerCase();
  return state.isMnemonic(w) || PREFIXES.has(w) || w in DATA || w in RES || DIRECTIVES.has(w);
}
function parseLine(text, state) {
  let toks;
  try {
    toks = lex(text);
  } catch (e) {
    if (e instanceof LexError) throw new ParseError(e.message, e.col, e.len);
    throw e;
  }
  const ts = new TokenStream(toks, text.length);
  try {
    return parseTokens(ts, state);
  } catch (e) {
    if (e instanceof ExprError) throw new ParseError(e.message, e.col, e.len, e.code);
    throw e;
  }
}
function parseTokens(ts, state) {
  const out = { label: null, times: null, stmt: { k: "none" } };
  if (ts.atEnd()) return out;
  if (ts.isOp("[")) {
    const t = ts.peek(1);
    if (t && t.kind === "id" && DIRECTIVES.has(t.text.toLowerCase())) {
      const close = ts.toks.findIndex((x, i) => i > ts.pos && x.kind === "op" && x.text === "]");
      if (close < 0) throw new ParseError("expected ']' to close the directive", ts.endCol());
      const inner = new TokenStream(ts.toks.slice(ts.pos + 1, close), ts.lineLength);
      if (close !== ts.toks.length - 1) {
        const x = ts.toks[close + 1];
        throw new ParseError("junk after ']'", x.col, x.len);
      }
      out.stmt = parseDirective(inner, state, false);
      return out;
    }
  }
  const first = ts.peek();
  if (first.kind === "id" && (ts.isOp(":", 1) || !isKeyword(first.text, state) || ts.isWord("equ", 1))) {
    if (!ts.isOp(":", 1) && !ts.isWord("equ", 1) && !first.text.startsWith("$") && lookupRegister(first.text)) {
      throw new ParseError(`'${first.text}' is a register, not an instruction`, first.col, first.len);
    }
    const after = ts.peek(1);
    if (!ts.isOp(":", 1) && !ts.isWord("equ", 1) && after && !(after.kind === "id" && (isKeyword(after.text, state) || after.text.toLowerCase() === "times"))) {
      throw new ParseError(`unknown instruction '${first.text}'`, first.col, first.len, "unknown-instruction");
    }
    ts.next();
    const raw = first.text.startsWith("$") ? first.text.slice(1) : first.text;
    const name = state.resolve(raw);
    if (!raw.startsWith(".") && !raw.startsWith("..@")) state.parent = raw;
    out.label = { name, col: first.col, len: first.len };
    const colon = ts.isOp(":");
    if (colon) ts.next();
    if (ts.isWord("equ")) {
      ts.next();
      const expr = parseExpr(ts, state.resolve);
      expectEnd(ts);
      out.stmt = { k: "equ", name, expr };
      out.label = null;
      return out;
    }
    if (ts.atEnd()) {
      if (!colon) out.label.orphan = true;
      return out;
    }
  }
  if (ts.isWord("times")) {
    ts.next();
    out.times = parseExpr(ts, state.resolve);
  }
  out.stmt = parseStatement(ts, state);
  return out;
}
function expectEnd(ts) {
  const t = ts.peek();
  if (t) throw new ParseError(`unexpected '${t.kind === "str" ? "string" : t.text}' at end of statement`, t.col, t.len);
}
function parseStatement(ts, state) {
  const t = ts.peek();
  if (!t) return { k: "none" };
  if (t.kind !== "id") throw new ParseError(`expected an instruction or directive, found '${t.text}'`, t.col, t.len);
  const w = t.text.toLowerCase();
  if (w in DATA) {
    ts.next();
    return { k: "data", width: DATA[w], items: parseDataItems(ts, state) };
  }
  if (w in RES) {
    ts.next();
    const count = parseExpr(ts, state.resolve);
    expectEnd(ts);
    return { k: "res", width: RES[w], count };
  }
  if (DIRECTIVES.has(w) && w !== "times") return parseDirective(ts, state, true);
  const prefixes = [];
  while (ts.peek() && ts.peek().kind === "id" && PREFIXES.has(ts.peek().text.toLowerCase())) {
    prefixes.push(ts.next().text.toLowerCase());
  }
  const m = ts.peek();
  if (!m) return { k: "insn", mnemonic: "", mnemonicCol: t.col, prefixes, ops: [] };
  if (m.kind !== "id" || !state.isMnemonic(m.text.toLowerCase())) {
    throw new ParseError(`unknown instruction '${m.text}'`, m.col, m.len, "unknown-instruction");
  }
  ts.next();
  const ops = [];
  if (!ts.atEnd()) {
    for (; ; ) {
      ops.push(parseOperand(ts, state));
      if (ts.atEnd()) break;
      if (!ts.isOp(",")) {
        const x = ts.peek();
        throw new ParseError(`expected ',' or end of line, found '${x.text}'`, x.col, x.len);
      }
      ts.next();
    }
  }
  return { k: "insn", mnemonic: m.text.toLowerCase(), mnemonicCol: m.col, prefixes, ops };
}
function parseDataItems(ts, state) {
  const items = [];
  if (ts.atEnd()) return items;
  for (; ; ) {
    const t = ts.peek();
    const n1 = ts.peek(1);
    if (t.kind === "str" && (!n1 || n1.kind === "op" && n1.text === ",")) {
      ts.next();
      items.push({ kind: "str", text: t.text, col: t.col });
    } else if (t.kind === "float" || t.kind === "op" && (t.text === "-" || t.text === "+") && n1?.kind === "float") {
      let neg = false;
      if (t.kind === "op") {
        ts.next();
        neg = t.text === "-";
      }
      const f = ts.next();
      items.push({ kind: "float", text: f.text, col: f.col, neg });
    } else {
      items.push({ kind: "expr", expr: parseExpr(ts, state.resolve) });
    }
    if (ts.atEnd()) break;
    if (!ts.isOp(",")) {
      const x = ts.peek();
      throw new ParseError(`expected ',' in data list, found '${x.text}'`, x.col, x.len);
    }
    ts.next();
    if (ts.atEnd()) break;
  }
  return items;
}
function parseOperand(ts, state) {
  const start = ts.here();
  const op = { kind: "imm", col: start.col, len: 1, size: 0, strict: false, branch: "", dispSize: 0 };
  for (; ; ) {
    const t2 = ts.peek();
    if (!t2 || t2.kind !== "id") break;
    const w = t2.text.toLowerCase();
    if (w in SIZES) op.size = SIZES[w];
    else if (w === "strict") op.strict = true;
    else if (w === "short" || w === "near" || w === "far") op.branch = w;
    else if (w === "to") op.to = true;
    else break;
    ts.next();
  }
  const t = ts.peek();
  if (!t || t.kind === "op" && t.text === ",") throw new ParseError("expected an operand", t ? t.col : ts.endCol());
  if (t.kind === "op" && t.text === "[") {
    ts.next();
    op.kind = "mem";
    for (; ; ) {
      const x = ts.peek();
      if (!x || x.kind !== "id") break;
      const w = x.text.toLowerCase();
      if (w in SIZES) {
        op.dispSize = SIZES[w];
        ts.next();
        continue;
      }
      if (w === "nosplit" || w === "rel" || w === "abs") {
        ts.next();
        continue;
      }
      break;
    }
    const sx = ts.peek();
    if (sx && sx.kind === "id" && ts.isOp(":", 1)) {
      const r = lookupRegister(sx.text);
      if (r && r.cls === "seg") {
        op.seg = r;
        ts.next();
        ts.next();
      }
    }
    op.expr = parseExpr(ts, state.resolve, true);
    if (!ts.isOp("]")) {
      const h = ts.here();
      throw new ParseError("expected ']'", h.col, h.len);
    }
    const close = ts.next();
    op.len = close.col + 1 - op.col;
    return op;
  }
  if (t.kind === "id" && !t.text.startsWith("$")) {
    const r = lookupRegister(t.text);
    if (r) {
      if (r.cls === "seg" && ts.isOp(":", 1) && ts.isOp("[", 2)) {
        ts.next();
        ts.next();
        const m = parseOperand(ts, state);
        m.seg = r;
        m.col = op.col;
        m.size = m.size || op.size;
        return m;
      }
      ts.next();
      op.kind = "reg";
      op.reg = r;
      op.len = t.col + t.len - op.col;
      return op;
    }
  }
  const e = parseExpr(ts, state.resolve);
  if (ts.isOp(":")) {
    ts.next();
    const off = parseExpr(ts, state.resolve);
    op.kind = "far";
    op.segExpr = e;
    op.expr = off;
    op.len = off.col + off.len - op.col;
    return op;
  }
  op.expr = e;
  op.len = e.col + e.len - op.col;
  return op;
}
function parseNameList(ts, state, kind) {
  const names = [];
  if (ts.atEnd()) throw new ParseError(`'${kind}' needs a symbol name`, ts.endCol());
  while (!ts.atEnd()) {
    const t = ts.next();
    if (t.kind !== "id") throw new ParseError(`expected a symbol name, found '${t.text}'`, t.col, t.len);
    const raw = t.text.startsWith("$") ? t.text.slice(1) : t.text;
    const item = { name: state.resolve(raw), col: t.col, len: t.len };
    if (kind === "common") {
      item.size = parseExpr(ts, state.resolve);
      if (ts.isOp(":")) {
        ts.next();
        item.align = parseExpr(ts, state.resolve);
      }
    } else if (ts.isOp(":")) {
      ts.next();
      const ty = ts.peek();
      if (ty && ty.kind === "id" && /^(function|data|object|notype|hidden|protected|internal|default|weak|strong)$/i.test(ty.text)) {
        ts.next();
        item.type = ty.text.toLowerCase();
        if (!ts.atEnd() && !ts.isOp(",")) item.size = parseExpr(ts, state.resolve);
      } else if (ty) {
        throw new ParseError(`unknown symbol type '${ty.text}'`, ty.col, ty.len);
      }
    }
    names.push(item);
    if (ts.isOp(",")) ts.next();
    else if (!ts.atEnd()) {
      const x = ts.peek();
      throw new ParseError(`unexpected '${x.text}' in ${kind} list`, x.col, x.len);
    }
  }
  return { k: kind, names };
}
function parseDirective(ts, state, user) {
  const t = ts.next();
  const w = t.text.toLowerCase();
  switch (w) {
    case "section":
    case "segment": {
      const n = ts.next();
      if (!n) throw new ParseError("section directive needs a name", ts.endCol());
      let name = n.text;
      while (ts.peek() && ts.peek().col === n.col + name.length && !(ts.peek().kind === "id" && false)) {
        const x = ts.next();
        name += x.kind === "str" ? x.text : x.text;
      }
      const attrs = [];
      while (!ts.atEnd()) {
        const a = ts.next();
        if (a.kind !== "id") throw new ParseError(`unexpected '${a.text}' in section attributes`, a.col, a.len);
        let value = null;
        if (ts.isOp("=")) {
          ts.next();
          value = parseExpr(ts, state.resolve);
        }
        attrs.push({ key: a.text.toLowerCase(), value, col: a.col, len: a.len });
      }
      return { k: "section", name, attrs, user };
    }
    case "absolute": {
      const expr = parseExpr(ts, state.resolve);
      expectEnd(ts);
      return { k: "absolute", expr, user };
    }
    case "use16":
    case "use32":
      return { k: "bits", bits: w === "use16" ? 16 : 32 };
    case "bits": {
      const n = ts.next();
      if (!n || n.kind !== "num" || n.value !== 16n && n.value !== 32n) {
        if (n && n.kind === "num" && n.value === 64n) throw new ParseError("bits 64 is not supported by elf32/bin i386 output", n.col, n.len, "unsupported");
        throw new ParseError("bits must be 16 or 32", n ? n.col : t.col, n ? n.len : t.len);
      }
      expectEnd(ts);
      return { k: "bits", bits: Number(n.value) };
    }
    case "global":
    case "static":
    case "required":
      return parseNameList(ts, state, "global");
    case "extern":
      return parseNameList(ts, state, "extern");
    case "common":
      return parseNameList(ts, state, "common");
    case "org": {
      const expr = parseExpr(ts, state.resolve);
      expectEnd(ts);
      return { k: "org", expr };
    }
    case "align":
    case "alignb": {
      const n = parseExpr(ts, state.resolve);
      let fill = null;
      if (ts.isOp(",")) {
        ts.next();
        fill = parseStatement(ts, state);
      } else expectEnd(ts);
      return { k: "align", n, fill, b: w === "alignb" };
    }
    case "sectalign": {
      if (ts.isWord("on") || ts.isWord("off")) {
        const on = ts.next().text.toLowerCase() === "on";
        return { k: "sectalign", n: null, on };
      }
      return { k: "sectalign", n: parseExpr(ts, state.resolve) };
    }
    case "struc": {
      const n = ts.next();
      if (!n || n.kind !== "id") throw new ParseError("struc needs a name", n ? n.col : ts.endCol());
      state.parent = n.text;
      let offset = null;
      if (ts.isOp(",")) {
        ts.next();
        offset = parseExpr(ts, state.resolve);
      }
      expectEnd(ts);
      return { k: "struc", name: n.text, offset };
    }
    case "endstruc":
      expectEnd(ts);
      return { k: "endstruc" };
    case "istruc": {
      const n = ts.next();
      if (!n || n.kind !== "id") throw new ParseError("istruc needs a structure name", n ? n.col : ts.endCol());
      expectEnd(ts);
      return { k: "istruc", name: n.text };
    }
    case "at": {
      const field = parseExpr(ts, state.resolve);
      let inner = null;
      if (ts.isOp(",")) {
        ts.next();
        inner = parseStatement(ts, state);
      } else expectEnd(ts);
      return { k: "at", field, inner };
    }
    case "iend":
      expectEnd(ts);
      return { k: "iend" };
    case "incbin": {
      const f = ts.next();
      if (!f || f.kind !== "str") throw new ParseError("incbin needs a file name in quotes", f ? f.col : ts.endCol());
      let skip = null, len = null;
      if (ts.isOp(",")) {
        ts.next();
        skip = parseExpr(ts, state.resolve);
      }
      if (ts.isOp(",")) {
        ts.next();
        len = parseExpr(ts, state.resolve);
      }
      expectEnd(ts);
      return { k: "incbin", file: f.text, skip, len };
    }
    case "warning": {
      let spec = "";
      for (let x = ts.next(); x; x = ts.next()) spec += x.text;
      return { k: "warning", spec };
    }
    case "cpu":
    case "default":
    case "float":
    case "list":
    case "map":
    case "debug":
    case "gprefix":
    case "gpostfix":
    case "lprefix":
    case "lpostfix":
      return { k: "ignored" };
    case "equ":
      throw new ParseError("'equ' needs a label before it", t.col, t.len);
  }
  throw new ParseError(`unknown directive '${t.text}'`, t.col, t.len);
}

// toolchain/asm/relax.ts
var LABEL = 0;
var FIXED = 1;
var SECTION = 2;
var ALIGN = 3;
var BRANCH2 = 4;
function relax(p, initialLabels, maxIterations = 1e5) {
  const { kind, a, b, c } = p;
  const n = kind.length;
  const labels = initialLabels;
  const short = new Uint8Array(n);
  const offs = new Float64Array(p.sectionCount);
  let iterations = 0;
  for (; ; ) {
    iterations++;
    let changed = false;
    offs.fill(0);
    let cur = p.startSection;
    for (let i = 0; i < n; i++) {
      switch (kind[i]) {
        case LABEL: {
          const v = offs[cur];
          if (labels[a[i]] !== v) {
            labels[a[i]] = v;
            changed = true;
          }
          break;
        }
        case FIXED:
          offs[cur] += a[i];
          break;
        case SECTION:
          cur = a[i];
          break;
        case ALIGN: {
          const al = a[i];
          const o = offs[cur];
          offs[cur] = o + (al - o % al) % al;
          break;
        }
        case BRANCH2: {
          const d = labels[a[i]] - (offs[cur] + b[i]);
          const s = d >= -128 && d <= 127 ? 1 : 0;
          if (short[i] !== s) {
            short[i] = s;
            changed = true;
          }
          offs[cur] += s ? b[i] : c[i];
          break;
        }
      }
    }
    if (!changed) return { labels, short, iterations, converged: true, sizes: offs };
    if (iterations >= maxIterations) return { labels, short, iterations, converged: false, sizes: offs };
  }
}

// toolchain/asm/sections.ts
var ByteBuffer = class {
  bytes = new Uint8Array(256);
  length = 0;
  ensure(n) {
    if (n <= this.bytes.length) return;
    let c = this.bytes.length;
    while (c < n) c *= 2;
    const b = new Uint8Array(c);
    b.set(this.bytes.subarray(0, this.length));
    this.bytes = b;
  }
  /** Writes at `offset` (zero-filling any gap). */
  write(offset, data) {
    this.ensure(offset + data.length);
    this.bytes.set(data, offset);
    if (offset + data.length > this.length) this.length = offset + data.length;
  }
  fill(offset, count, value) {
    this.ensure(offset + count);
    this.bytes.fill(value, offset, offset + count);
    if (offset + count > this.length) this.length = offset + count;
  }
  view() {
    return this.bytes.subarray(0, this.length);
  }
};
var ELF_DEFAULTS = {
  ".text": { progbits: true, alloc: true, exec: true, write: false, align: 16 },
  ".rodata": { progbits: true, alloc: true, exec: false, write: false, align: 4 },
  ".lrodata": { progbits: true, alloc: true, exec: false, write: false, align: 4 },
  ".data": { progbits: true, alloc: true, exec: false, write: true, align: 4 },
  ".ldata": { progbits: true, alloc: true, exec: false, write: true, align: 4 },
  ".bss": { progbits: false, alloc: true, exec: false, write: true, align: 4 },
  ".lbss": { progbits: false, alloc: true, exec: false, write: true, align: 4 },
  ".tdata": { progbits: true, alloc: true, exec: false, write: true, align: 4, tls: true },
  ".tbss": { progbits: false, alloc: true, exec: false, write: true, align: 4, tls: true },
  ".comment": { progbits: true, alloc: false, exec: false, write: false, align: 1 },
  ".preinit_array": { progbits: true, alloc: true, exec: false, write: true, align: 4, shType: 16 },
  ".init_array": { progbits: true, alloc: true, exec: false, write: true, align: 4, shType: 14 },
  ".fini_array": { progbits: true, alloc: true, exec: false, write: true, align: 4, shType: 15 },
  ".note": { progbits: true, alloc: false, exec: false, write: false, align: 4, shType: 7 }
};
function newSection(seg, name, format) {
  let d;
  if (format === "elf") {
    d = ELF_DEFAULTS[name] ?? (name.startsWith(".debug") ? { progbits: true, alloc: false, exec: false, write: false, align: 1 } : { progbits: true, alloc: true, exec: false, write: false, align: 1 });
  } else {
    const bss = name === ".bss";
    d = { progbits: !bss, alloc: true, exec: name === ".text", write: !bss, align: 4 };
  }
  return {
    seg,
    name,
    progbits: d.progbits,
    alloc: d.alloc,
    exec: d.exec,
    write: d.write,
    align: d.align,
    shType: d.shType ?? 0,
    tls: d.tls ?? false,
    start: null,
    vstart: null,
    follows: null,
    vfollows: null,
    offset: 0,
    size: 0,
    data: new ByteBuffer(),
    fixups: []
  };
}

// toolchain/asm/debug/trace.ts
var DATA_SIZE = { 1: 1, 2: 2, 4: 4, 8: 8, 10: 10, 16: 32, 32: 64 };
var RES_SIZE = { 1: 1, 2: 2, 4: 4, 8: 8, 10: 10, 16: 16, 32: 32, 64: 64 };
var DebugTrace = class {
  outs = [];
  typing = [];
  /** An output call; consecutive calls from one line into one segment are recorded once. */
  out(file, line, seg, offset) {
    const last = this.outs[this.outs.length - 1];
    if (last && last.file === file && last.line === line && last.seg === seg) return;
    this.outs.push({ file, line, seg, offset });
  }
  /** A symbol handed to the output format (label, equ, extern, common), in definition order. */
  defined(sym) {
    if (sym.name.startsWith("..") && !sym.name.startsWith("..@")) return;
    this.typing.push({ k: "def", sym });
  }
  /** A `dX` statement with `items` operands of `width` bytes (run at least once). */
  data(width, items) {
    const size = DATA_SIZE[width];
    if (items > 0 && size !== void 0) this.typing.push({ k: "data", size });
  }
  /** A `resX` statement of `width`-byte units. */
  reserved(width) {
    const size = RES_SIZE[width];
    if (size !== void 0) this.typing.push({ k: "data", size });
  }
  /**
   * NASM's rule: a data or reserve statement types the most recently defined symbol when that symbol is
   * local, still untyped and not absolute. `inTable` says which symbols NASM's ELF back end holds (an
   * extern nothing refers to is never handed to it).
   */
  objectSizes(inTable) {
    const out = /* @__PURE__ */ new Map();
    let last = null;
    for (const e of this.typing) {
      if (e.k === "def") {
        if (inTable(e.sym)) last = e.sym;
        continue;
      }
      if (!last || out.has(last) || last.global || last.kind === "extern" || last.kind === "common" || last.elfType) continue;
      const t = last.value?.terms ?? [];
      if (t.length !== 1 || t[0].k !== 1n || last.absolute) continue;
      out.set(last, e.size);
    }
    return out;
  }
};

// toolchain/asm/assembler.ts
var SECTION_LIMIT = 0xffffffffn;
var PROGBITS_LIMIT = 256 * 1024 * 1024;
var AsmError = class extends Error {
  constructor(message, col = 0, len = 1, code = "syntax") {
    super(message);
    this.col = col;
    this.len = len;
    this.code = code;
  }
  col;
  len;
  code;
};
var ABS = -1;
var WARNINGS = ["label-orphan", "number-overflow", "zeroing", "other", "db-empty", "prefix-lock"];
var SECTION_FLAGS = /* @__PURE__ */ new Set(["progbits", "nobits", "alloc", "noalloc", "exec", "noexec", "write", "nowrite", "tls"]);
var codeInAbsolute = () => new AsmError("attempt to assemble code in [ABSOLUTE] space", 0, 1, "code-in-absolute");
var LOCKABLE = /* @__PURE__ */ new Set(["add", "adc", "and", "btc", "btr", "bts", "cmpxchg", "cmpxchg8b", "dec", "inc", "neg", "not", "or", "sbb", "sub", "xor", "xadd", "xchg"]);
var WARNING_ALIASES = { "orphan-labels": "label-orphan" };
var FIRST_PASS_WARNINGS = /* @__PURE__ */ new WeakSet();
function warningSwitches(switches) {
  const out = new Map(WARNINGS.map((w) => [w, { enabled: true, error: false }]));
  const named = (n) => out.get(WARNING_ALIASES[n] ?? n);
  for (const [key, on] of Object.entries(switches)) {
    if (key === "all") for (const s of out.values()) s.enabled = on;
    else if (key === "error") for (const s of out.values()) s.error = on;
    else if (key.startsWith("error=")) {
      const s = named(key.slice(6));
      if (s) {
        s.error = on;
        if (on) s.enabled = true;
      }
    } else {
      const s = named(key);
      if (s) s.enabled = on;
    }
  }
  return out;
}
function runAssembler(input) {
  return new Engine(input).run();
}
var Engine = class {
  constructor(input) {
    this.input = input;
  }
  input;
  sections = [];
  sectionByName = /* @__PURE__ */ new Map();
  symbols = /* @__PURE__ */ new Map();
  symbolOrder = [];
  segments = /* @__PURE__ */ new Map();
  nextSeg = 0;
  lines = [];
  recording = false;
  lineDefs = [];
  /** Encodings shared by identical instructions (same mnemonic, prefixes, operand values, BITS). */
  encodings = /* @__PURE__ */ new Map();
  diagnostics = [];
  passErrors = [];
  listing = [];
  dependencies = [];
  trace = null;
  /** -l: the current line's output calls (final pass), and NASM's suppression after a TIMES or INCBIN. */
  chunks = null;
  listSuppress = false;
  /** The bytes being emitted are a branch: NASM lists its relative field with the target's offset. */
  listBranch = false;
  // per-pass state
  pass = 0;
  final = false;
  changed = false;
  curSection = null;
  lineHere = null;
  /** The current section; NASM creates the default .text only when something needs it. */
  get cur() {
    return this.curSection ??= this.getSection(".text", true);
  }
  set cur(s) {
    this.curSection = s;
  }
  absolute = null;
  absStart = 0n;
  bits = 32;
  org = null;
  userSection = null;
  strucStack = [];
  istrucStack = [];
  istrucCounter = 0;
  lineNo = 0;
  stmtStart = 0;
  /** `[warning ±name]` in force (absent: as the command line says), and the `[warning push]` stack. */
  warningState = /* @__PURE__ */ new Map();
  warningStack = [];
  /** Sections named by a section directive so far in this pass (the implicit .text is not declared). */
  declaredSections = /* @__PURE__ */ new Set();
  run() {
    const state = new ParseState(isMnemonic);
    const parseCache = /* @__PURE__ */ new Map();
    for (const src of this.input.lines) {
      const ls = { src, parsed: null, cacheKey: null, cache: null, constant: false, short: true };
      const spec = src.smartAlign;
      if (spec) {
        const jmp = parseLine(`jmp ${spec.label}`, state).stmt;
        if (jmp.k === "insn") ls.smart = { spec, jmp };
        ls.parsed = { label: null, times: null, stmt: { k: "none" } };
        this.lines.push(ls);
        continue;
      }
      try {
        const cached = parseCache.get(src.text);
        if (cached) {
          ls.parsed = cached;
          this.lines.push(ls);
          continue;
        }
        ls.parsed = parseLine(src.text, state);
        if (!ls.parsed.label && !src.text.includes(".") && ls.parsed.stmt.k === "insn") parseCache.set(src.text, ls.parsed);
      } catch (e) {
        if (e instanceof ParseError) this.diagnostics.push(this.diag(src, e.code, e.message, e.col, e.len));
        else throw e;
      }
      this.lines.push(ls);
    }
    let passes = 0;
    const stallLimit = this.input.limits?.stalledPasses ?? 1e3;
    const passLimit = this.input.limits?.passes ?? Number.MAX_SAFE_INTEGER;
    let stalled = 0;
    let relaxed = false;
    for (; ; ) {
      passes++;
      this.recording = passes === 2;
      this.sizeChanged = false;
      this.runPass(passes, false);
      this.recording = false;
      if (!this.changed && passes > 1) break;
      if (passes === 2 && !relaxed) {
        relaxed = true;
        const prog = this.buildRelaxProgram();
        if (prog) this.applyRelaxation(prog);
      }
      stalled = this.sizeChanged ? 0 : stalled + 1;
      if (stalled > stallLimit || passes >= passLimit) {
        this.diagnostics.push(diagnostic("phase-error", `unable to find valid values for all labels after ${passes} passes; stalled for ${stalled}, giving up (--limit-stalled-passes, --limit-passes)`, this.lastChange, [
          { text: "possible causes: recursive EQUs, macro abuse, or branch sizes that never settle" }
        ]));
        break;
      }
    }
    this.runPass(passes + 1, true);
    this.diagnostics.push(...this.passErrors);
    return {
      sections: this.sections,
      symbols: this.symbolOrder,
      segments: this.segments,
      org: this.org,
      diagnostics: this.diagnostics,
      listing: this.listing,
      dependencies: this.dependencies,
      passes: passes + 1,
      relaxIterations: this.relaxIterations,
      debug: this.trace ?? void 0
    };
  }
  diag(src, code, text, col, len = 1, severity = "error") {
    let loc = { file: src.file, line: src.line, column: src.verbatim ? col : 0, lineText: src.verbatim ? src.text : void 0, length: len };
    let chain = src.chain;
    const inner = chain[chain.length - 1];
    if (!src.verbatim && inner && inner.file === src.file && inner.line === src.line) {
      loc = { ...inner, length: inner.length ?? 1 };
      chain = chain.slice(0, -1);
    }
    const notes = chain.slice().reverse().map((c) => ({ text: "in macro expansion called from here", location: c }));
    return diagnostic(code, text, loc, notes, severity);
  }
  /**
   * A NASM default warning on the current line (final pass only, so each is reported once per statement
   * executed, as NASM does). `code` is NASM's warning name (`-w-label-orphan`); index.ts filters by -w.
   */
  warn(code, text, firstPass = false) {
    const cmd = this.input.warnings?.get(code) ?? { enabled: true, error: false };
    if (!this.final || !(this.warningState.get(code) ?? cmd.enabled)) return;
    const src = this.lines[this.lineNo].src;
    const d = this.diag(src, code, text, 1, 1, cmd.error ? "error" : "warning");
    if (firstPass) FIRST_PASS_WARNINGS.add(d);
    this.passErrors.push(d);
    this.listWarning(d);
  }
  getSection(name, create) {
    let s = this.sectionByName.get(name);
    if (!s && create) {
      s = newSection(this.nextSeg++, name, this.input.format);
      this.sections.push(s);
      this.sectionByName.set(name, s);
      this.segments.set(s.seg, s);
    }
    return s;
  }
  // ------------------------------------------------------------------ pass
  /** Where the last pass changed a value or size (the location of a phase error). */
  lastChange = null;
  /** A section's size changed in this pass (NASM's forward progress). */
  sizeChanged = false;
  noteChange() {
    const src = this.lines[this.lineNo]?.src;
    if (src) this.lastChange = { file: src.file, line: src.line, column: 0 };
  }
  runPass(pass, final) {
    this.pass = pass;
    this.final = final;
    this.changed = false;
    this.passErrors = [];
    for (const s of this.sections) {
      s.offset = 0;
      if (final) {
        s.fixups = [];
      }
    }
    this.curSection = null;
    this.absolute = null;
    this.bits = this.input.format === "bin" ? 16 : 32;
    this.userSection = null;
    this.strucStack = [];
    this.istrucStack = [];
    this.istrucCounter = 0;
    this.warningState = /* @__PURE__ */ new Map();
    this.warningStack = [];
    this.declaredSections.clear();
    if (final) this.listing = [];
    if (final && this.input.debug) this.trace = new DebugTrace();
    for (let i = 0; i < this.lines.length; i++) {
      const ls = this.lines[i];
      this.lineNo = i;
      if (!ls.parsed) continue;
      this.lineHere = null;
      this.lineStart = this.curSection?.offset ?? -1;
      this.lineAbs = this.absolute;
      const emits = ls.smart !== void 0 || ls.parsed.label !== null || ls.parsed.stmt.k === "insn" || ls.parsed.stmt.k === "data" || ls.parsed.stmt.k === "res" || ls.parsed.stmt.k === "align" || ls.parsed.stmt.k === "incbin";
      const secBefore = emits || this.curSection ? this.cur : null;
      const startOff = secBefore ? this.here() : 0;
      const fixBefore = secBefore ? secBefore.fixups.length : 0;
      const diagsBefore = this.passErrors.length;
      if (final && this.input.listing) {
        this.chunks = [];
        this.listSuppress = false;
      }
      const rec = this.recording;
      let segB = -1, offB = 0, absB = false;
      if (rec) {
        const cs = this.curSection;
        segB = cs ? cs.seg : -1;
        offB = cs ? cs.offset : 0;
        absB = this.absolute !== null;
        this.lineDefs = [];
        ls.branch = null;
        ls.valueDependent = false;
        ls.failed = false;
      }
      try {
        this.execLine(ls, ls.parsed);
        if (rec) {
          const cs = this.curSection;
          ls.segBefore = segB;
          ls.segAfter = cs ? cs.seg : -1;
          ls.absBefore = absB;
          ls.absAfter = this.absolute !== null;
          ls.delta = cs && (cs.seg === segB || segB === -1) ? cs.offset - (segB === -1 ? 0 : offB) : 0;
          ls.defs = this.lineDefs;
        }
      } catch (e) {
        if (rec) ls.failed = true;
        if (e instanceof AsmError || e instanceof ExprError || e instanceof EncodeError || e instanceof ParseError) {
          const col = e instanceof EncodeError ? ls.parsed.stmt.k === "insn" ? ls.parsed.stmt.mnemonicCol : 1 : e.col;
          const len = e instanceof EncodeError ? 1 : e.len;
          const code = e instanceof EncodeError ? e.code : e.code;
          this.passErrors.push(this.diag(ls.src, code, e.message, col, len));
        } else throw e;
      }
      if (!final || !this.input.listing) {
      } else if (!secBefore) {
        this.listing.push({ line: ls.src.line, file: ls.src.file, section: -1, offset: 0, bytes: [], size: 0, text: ls.src.text, reloc: false, warnings: this.listedWarnings(diagsBefore), chunks: this.chunks ?? [], listed: ls.src.listed });
      } else {
        const endOff = this.curSection === secBefore ? this.here() : startOff;
        const size = endOff - startOff;
        const bytes = secBefore.progbits && this.absolute === null ? Array.from(secBefore.data.bytes.subarray(startOff, startOff + size)) : [];
        this.listing.push({ line: ls.src.line, file: ls.src.file, section: secBefore.seg, offset: startOff, bytes, size, text: ls.src.text, reloc: secBefore.fixups.length > fixBefore, warnings: this.listedWarnings(diagsBefore), chunks: this.chunks ?? [], listed: ls.src.listed });
      }
    }
    for (const s of this.sections) {
      if (s.size !== s.offset) {
        this.changed = true;
        this.sizeChanged = true;
        this.noteChange();
      }
      s.size = s.offset;
    }
    if (final) this.finishSymbols();
  }
  /** The warnings made since `from` (this line's), for the listing; undefined when none. */
  listedWarnings(from) {
    const list = this.passErrors.slice(from).filter((d) => d.severity === "warning" && WARNINGS.includes(d.code));
    return list.length ? list.map((d) => `${d.text} [-w+${d.code}]`) : void 0;
  }
  lineStart = -1;
  lineAbs = null;
  /** `$`: the position at the start of the current line. */
  lineValue() {
    if (this.lineAbs !== null) return { n: this.lineAbs, terms: [], unknown: false };
    if (this.lineStart >= 0 && this.curSection) return { n: BigInt(this.lineStart), terms: [{ id: this.curSection.seg, k: 1n }], unknown: false };
    return this.hereValue();
  }
  here() {
    return this.absolute !== null ? Number(this.absolute) : this.cur.offset;
  }
  hereValue() {
    if (this.absolute !== null) return { n: this.absolute, terms: [], unknown: false };
    return { n: BigInt(this.cur.offset), terms: [{ id: this.cur.seg, k: 1n }], unknown: false };
  }
  evalContext = null;
  ctx() {
    return this.evalContext ??= this.makeContext();
  }
  makeContext() {
    return {
      symbol: (name, col, len) => this.symbolValue(name, col, len),
      here: () => this.lineHere ??= this.lineValue(),
      base: () => this.absolute !== null ? { n: this.absStart, terms: [], unknown: false } : { n: 0n, terms: [{ id: this.cur.seg, k: 1n }], unknown: false }
    };
  }
  symbolValue(name, col, len) {
    const s = this.symbols.get(name);
    if (s && s.value) return s.value;
    if (this.final) throw new ExprError(`symbol '${name}' not defined`, col, len, "undefined-symbol");
    return { n: 0n, terms: [], unknown: true };
  }
  eval(e) {
    return evaluate(e, this.ctx());
  }
  evalScalar(e, what) {
    const v = this.eval(e);
    if (v.unknown) {
      if (this.final) throw new AsmError(`${what} is not constant`, e.col, e.len);
      return 0n;
    }
    if (v.terms.length) throw new AsmError(`${what} must be a constant, not an address`, e.col, e.len, "not-constant");
    return v.n;
  }
  // ------------------------------------------------------------------ fast relaxation (relax.ts)
  /** The program as relax.ts items, or null when some size depends on values other than branch targets. */
  buildRelaxProgram() {
    const prog = { kind: [], a: [], b: [], c: [], labelCount: 0, sectionCount: 0, startSection: 0 };
    const labelSlot = /* @__PURE__ */ new Map();
    const secSlot = /* @__PURE__ */ new Map();
    const sec = (seg) => {
      let v = secSlot.get(seg);
      if (v === void 0) secSlot.set(seg, v = secSlot.size);
      return v;
    };
    const slot = (s) => {
      let v = labelSlot.get(s);
      if (v === void 0) labelSlot.set(s, v = labelSlot.size);
      return v;
    };
    const push = (k, a, b = 0, c = 0) => {
      prog.kind.push(k);
      prog.a.push(a);
      prog.b.push(b);
      prog.c.push(c);
    };
    prog.startSection = sec(this.getSection(".text", true).seg);
    let branches = 0;
    for (const ls of this.lines) {
      const p = ls.parsed;
      if (!p) continue;
      if (ls.failed || ls.segAfter === void 0 || ls.smart) return null;
      const st = p.stmt;
      if (p.times && !isConstantExpr(p.times)) return null;
      if (ls.absBefore || ls.absAfter) {
        if (!ls.absAfter && ls.segAfter >= 0) push(SECTION, sec(ls.segAfter));
        continue;
      }
      if (ls.segBefore === -1 && ls.segAfter >= 0 && st.k !== "section") push(SECTION, sec(ls.segAfter));
      for (const d of ls.defs ?? []) {
        if (!d.value || d.value.terms.length !== 1 || d.value.terms[0].id !== ls.segAfter) return null;
        push(LABEL, slot(d));
      }
      if (ls.branch) {
        push(BRANCH2, slot(ls.branch.target), ls.branch.shortLen, ls.branch.nearLen);
        branches++;
        continue;
      }
      if (st.k === "insn" && ls.valueDependent) return null;
      if (st.k === "res" && !isConstantExpr(st.count)) return null;
      if (st.k === "align") {
        if (st.fill || !isConstantExpr(st.n)) return null;
        push(ALIGN, Number(this.evalScalar(st.n, "alignment")));
        continue;
      }
      if (st.k === "at" || st.k === "iend" || st.k === "equ" || st.k === "org") {
        if (ls.delta) push(FIXED, ls.delta);
        continue;
      }
      if (ls.segAfter !== ls.segBefore && ls.segAfter >= 0) {
        push(SECTION, sec(ls.segAfter));
        if (ls.delta) push(FIXED, ls.delta);
        continue;
      }
      if (ls.delta) push(FIXED, ls.delta);
    }
    if (!branches) return null;
    prog.labelCount = labelSlot.size;
    prog.sectionCount = secSlot.size;
    this.relaxSlots = [...labelSlot.keys()];
    this.relaxSections = [...secSlot.keys()];
    return prog;
  }
  relaxSlots = [];
  relaxSections = [];
  relaxIterations = 0;
  applyRelaxation(prog) {
    const init = new Float64Array(prog.labelCount);
    this.relaxSlots.forEach((s, i) => {
      init[i] = Number(s.value.n);
    });
    const r = relax(prog, init);
    this.relaxIterations = r.iterations;
    if (!r.converged) return;
    this.relaxSlots.forEach((s, i) => {
      s.value = { n: BigInt(r.labels[i]), terms: s.value.terms, unknown: false };
    });
    this.relaxSections.forEach((seg, i) => {
      const sec = this.segments.get(seg);
      if (sec && "progbits" in sec) sec.size = r.sizes[i];
    });
  }
  // ------------------------------------------------------------------ symbols
  defineSymbol(name, value, col, kind) {
    let s = this.symbols.get(name);
    if (!s) {
      s = {
        name,
        kind,
        value: null,
        definedPass: 0,
        definedLine: -1,
        col,
        global: false,
        elfType: "",
        sizeExpr: null,
        seg: -1,
        commonSize: 0n,
        commonAlign: 0n,
        order: this.symbolOrder.length,
        absolute: false,
        size: null,
        sizeLine: -1
      };
      this.symbols.set(name, s);
      this.symbolOrder.push(s);
    } else if (s.kind === "extern" || s.kind === "common") {
      s.kind = kind;
    }
    if (s.definedPass === this.pass && s.definedLine !== this.lineNo) {
      throw new AsmError(`symbol '${name}' redefined`, col, name.length, "duplicate-symbol");
    }
    if (s.definedPass === 0 && s.order !== this.symbolOrder.indexOf(s)) {
    }
    if (s.definedPass === 0 && !s.value) {
      const idx = this.symbolOrder.indexOf(s);
      if (idx >= 0) {
        this.symbolOrder.splice(idx, 1);
        this.symbolOrder.push(s);
      }
    }
    s.kind = kind;
    if (this.final) this.trace?.defined(s);
    if (this.recording && kind === "label" && this.absolute === null) this.lineDefs.push(s);
    s.definedPass = this.pass;
    s.definedLine = this.lineNo;
    s.absolute = this.absolute !== null;
    if (!s.value || s.value.n !== value.n || !sameTerms(s.value.terms, value.terms) || s.value.unknown !== value.unknown) {
      this.changed = true;
      this.noteChange();
    }
    s.value = value;
  }
  declare(name, col) {
    let s = this.symbols.get(name);
    if (!s) {
      s = {
        name,
        kind: "label",
        value: null,
        definedPass: 0,
        definedLine: -1,
        col,
        global: false,
        elfType: "",
        sizeExpr: null,
        seg: -1,
        commonSize: 0n,
        commonAlign: 0n,
        order: this.symbolOrder.length,
        absolute: false,
        size: null,
        sizeLine: -1
      };
      this.symbols.set(name, s);
      this.symbolOrder.push(s);
    }
    return s;
  }
  finishSymbols() {
    for (const s of this.symbolOrder) {
      if (s.sizeExpr) {
        try {
          s.size = this.evalScalar(s.sizeExpr, "symbol size");
        } catch (e) {
          if (!(e instanceof AsmError || e instanceof ExprError)) throw e;
          const src = this.lines[s.sizeLine]?.src;
          this.passErrors.push(src ? this.diag(src, e.code, e.message, e.col, e.len) : diagnostic(e.code, e.message, null));
        }
      }
      if (s.global && !s.value && s.kind === "label") {
        s.kind = "extern";
        s.seg = this.nextSeg++;
        this.segments.set(s.seg, s);
        s.value = { n: 0n, terms: [{ id: s.seg, k: 1n }], unknown: false };
      }
    }
  }
  // ------------------------------------------------------------------ statements
  execLine(ls, p) {
    if (ls.smart) return this.execSmartAlign(ls, ls.smart);
    if (p.label) {
      const name = p.label.name;
      this.defineSymbol(name, this.hereValue(), p.label.col, "label");
      if (p.label.orphan) this.warn("label-orphan", "label alone on a line without a colon might be in error", true);
    }
    const st = p.stmt;
    if (p.times) {
      const count = this.evalScalar(p.times, "TIMES count");
      if (count < 0n) throw new AsmError(`TIMES value ${count} is negative`, p.times.col, p.times.len, "negative-times");
      if (count > SECTION_LIMIT) throw new AsmError(`TIMES value ${count} is too large (more than 4 GiB of output)`, p.times.col, p.times.len, "section-too-large");
      const n = Number(count);
      if (n === 0) return;
      const before = this.here();
      const fixupsBefore = this.absolute === null ? this.cur.fixups.length : 0;
      const warningsBefore = this.passErrors.length;
      this.execStmt(ls, st);
      const one = this.here() - before;
      if (this.chunks && n > 1) this.listTimes(n, st.k === "res");
      if (one * (n - 1) > SECTION_LIMIT) throw new AsmError(`TIMES ${n} of ${one} bytes is more than 4 GiB of output`, p.times.col, p.times.len, "section-too-large");
      const sized = st.k === "data" || st.k === "insn" || st.k === "res";
      if (sized && (!this.final || one === 0)) {
        this.advance(one * (n - 1));
        return;
      }
      if (sized && this.absolute === null && this.cur.progbits && this.cur.fixups.length === fixupsBefore) {
        this.checkGrowth(one * (n - 1));
        const repeated = this.passErrors.slice(warningsBefore).filter((d) => WARNINGS.includes(d.code));
        for (let i = 1; i < n && repeated.length && st.k !== "res"; i++) {
          this.passErrors.push(...repeated);
          repeated.forEach((d) => this.listWarning(d));
        }
        const unit = this.cur.data.bytes.slice(before, before + one);
        const run = new Uint8Array(one * (n - 1));
        if (run.length) {
          run.set(unit);
          for (let filled = one; filled < run.length; filled *= 2) run.copyWithin(filled, 0, Math.min(filled, run.length - filled));
        }
        this.emit(run);
        return;
      }
      for (let i = 1; i < n; i++) this.execStmt(ls, st);
      return;
    }
    this.execStmt(ls, st);
  }
  advance(n) {
    if (this.absolute !== null) this.absolute += BigInt(n);
    else {
      this.checkGrowth(n);
      this.cur.offset += n;
    }
  }
  /** A section never grows beyond 4 GiB (ELF32 offsets), whatever a count or a string constant says. */
  checkGrowth(n) {
    const limit = this.cur.progbits ? PROGBITS_LIMIT : Number(SECTION_LIMIT);
    if (this.cur.offset + n > limit) {
      if (this.cur.progbits && n <= Number(SECTION_LIMIT)) {
        throw new AsmError(`section '${this.cur.name}' would hold more than 256 MiB of bytes (by ${n} bytes at offset 0x${this.cur.offset.toString(16)}); kernlab keeps sections in memory`, 0, 1, "section-too-large");
      }
      throw new AsmError(`section '${this.cur.name}' would grow beyond 4 GiB (by ${n} bytes at offset 0x${this.cur.offset.toString(16)})`, 0, 1, "section-too-large");
    }
  }
  /** `items`: how many items NASM would write these bytes as (for its per-item nobits warning). */
  emit(bytes, items = 1) {
    if (this.trace && bytes.length) this.traceOut();
    if (this.absolute !== null) {
      if (this.final && bytes.length) throw codeInAbsolute();
      this.absolute += BigInt(bytes.length);
      return;
    }
    if (this.chunks && !this.listSuppress && bytes.length) this.listBytes(bytes);
    if (this.final && this.cur.progbits) this.cur.data.write(this.cur.offset, bytes);
    else if (this.final && bytes.length) for (let i = 0; i < items; i++) this.warnNoBits();
    this.cur.offset += bytes.length;
  }
  /**
   * -l: bytes as NASM's listing gets them: a relocated field (a fixup) as one address, bracketed `[…]`,
   * or `(…)` when PC-relative; the other bytes one by one.
   */
  listBytes(bytes) {
    const start = this.cur.offset, end = start + bytes.length;
    const fixups = this.cur.fixups;
    let i = fixups.length;
    while (i > 0 && fixups[i - 1].offset >= start) i--;
    const fields = fixups.slice(i).filter((f) => f.offset < end).sort((a, b) => a.offset - b.offset);
    let at = start;
    const raw = (upTo) => {
      if (upTo > at) this.chunks.push({ k: "raw", offset: at, bytes: Array.from(bytes).slice(at - start, upTo - start) });
    };
    for (const f of fields) {
      raw(f.offset);
      const rel = f.value.terms.some((t) => t.id === this.cur.seg && t.k === -1n);
      const value = rel && this.listBranch ? f.value.n + BigInt(f.offset + f.size) : f.value.n;
      this.chunks.push({ k: "addr", offset: f.offset, size: f.size, value, rel });
      at = f.offset + f.size;
    }
    raw(end);
  }
  /** -l: a warning is listed after the rows output before it (NASM prints it with the next row). */
  listWarning(d) {
    if (this.chunks && d.severity === "warning") this.chunks.push({ k: "warn", text: `${d.text} [-w+${d.code}]` });
  }
  /** -l after a TIMES statement's first run: `<rep N>` (a reservation is one merged reservation), then nothing. */
  listTimes(n, reservation) {
    if (this.listSuppress) return;
    const last = this.chunks.findLast((c) => c.k !== "warn");
    if (!reservation) this.chunks.push({ k: "size", tag: "rep", n });
    else if (last?.k === "res") last.size *= n;
    this.listSuppress = true;
  }
  /** An output call of the final pass, for the debug formats (NASM reports each new line or segment). */
  traceOut() {
    const src = this.lines[this.lineNo].src;
    this.trace.out(src.file, src.line, this.absolute !== null ? -1 : this.cur.seg, this.here());
  }
  /** Initialised bytes in a nobits section: NASM drops them with a warning (per emitted item). */
  warnNoBits() {
    this.warn("other", `attempt to initialize memory in BSS section \`${this.cur.name}': ignored`);
  }
  reserve(n) {
    if (n < 0) throw new AsmError("negative reservation");
    if (this.trace && n) this.traceOut();
    if (this.chunks && !this.listSuppress && n) this.chunks.push({ k: "res", offset: this.here(), size: n });
    if (this.absolute !== null) {
      this.absolute += BigInt(n);
      return;
    }
    this.checkGrowth(n);
    if (this.final && this.cur.progbits) this.cur.data.fill(this.cur.offset, n, 0);
    this.cur.offset += n;
  }
  fixup(offset, size, value, e) {
    if (!this.final || this.absolute !== null) return;
    const src = this.lines[this.lineNo].src;
    const location = { file: src.file, line: src.line, column: src.verbatim ? e.col : 0, lineText: src.verbatim ? src.text : void 0, length: e.len };
    this.cur.fixups.push({ offset, size, value, location });
  }
  execStmt(ls, st) {
    switch (st.k) {
      case "none":
      case "ignored":
        return;
      case "insn":
        return this.execInsn(ls, st);
      case "data":
        this.trace?.data(st.width, st.items.length);
        return this.execData(st.width, st.items);
      case "res": {
        this.trace?.reserved(st.width);
        const c = this.evalScalar(st.count, "reservation count");
        if (c < 0n) throw new AsmError("negative reservation count", st.count.col, st.count.len);
        const zeroing = c > 0n && this.absolute === null && this.cur.progbits;
        this.reserve(Number(c) * st.width);
        if (zeroing) this.warn("zeroing", `uninitialized space declared in non-BSS section \`${this.cur.name}': zeroing`);
        return;
      }
      case "equ": {
        const v = this.eval(st.expr);
        this.defineSymbol(st.name, v, st.expr.col, "equ");
        return;
      }
      case "bits":
        this.bits = st.bits;
        return;
      case "warning":
        return this.execWarning(st.spec);
      case "section": {
        this.switchSection(st.name, st.attrs);
        if (st.user) this.userSection = { name: st.name };
        return;
      }
      case "absolute": {
        const v = this.eval(st.expr);
        let n = v.n;
        if (v.terms.length === 1 && v.terms[0].k === 1n && !v.unknown) n = v.n;
        this.absolute = n;
        this.absStart = n;
        if (st.user) this.userSection = { abs: n };
        return;
      }
      case "org": {
        if (this.input.format !== "bin") throw new AsmError("'org' is only supported by the bin output format", 1, 3, "unsupported");
        this.org = this.evalScalar(st.expr, "org address");
        return;
      }
      case "global":
      case "extern":
      case "common":
        return this.execNames(st);
      case "align":
        return this.execAlign(ls, st);
      case "sectalign": {
        if (st.n && this.absolute === null) {
          const n = Number(this.evalScalar(st.n, "alignment"));
          if (n > this.cur.align) this.cur.align = n;
        }
        return;
      }
      case "struc": {
        const off = st.offset ? this.evalScalar(st.offset, "struc offset") : 0n;
        this.strucStack.push({ name: st.name, prev: this.cur, prevAbs: this.absolute });
        this.absolute = off;
        this.absStart = off;
        this.defineSymbol(st.name, { n: off, terms: [], unknown: false }, 1, "label");
        return;
      }
      case "endstruc": {
        const s = this.strucStack.pop();
        if (!s) throw new AsmError("'endstruc' without 'struc'", 1, 8, "syntax");
        const start = this.symbols.get(s.name)?.value?.n ?? 0n;
        this.defineSymbol(`${s.name}_size`, { n: this.absolute - start, terms: [], unknown: false }, 1, "equ");
        const u = this.userSection;
        if (u && "abs" in u) {
          this.absolute = u.abs;
          this.absStart = u.abs;
        } else {
          this.absolute = null;
          this.cur = u ? this.getSection(u.name, true) : this.getSection(".text", true);
        }
        return;
      }
      case "istruc": {
        this.istrucCounter++;
        const label = `..@${this.istrucCounter}.strucstart`;
        this.defineSymbol(label, this.hereValue(), 1, "label");
        this.istrucStack.push({ name: st.name, start: this.here() });
        return;
      }
      case "at": {
        const top = this.istrucStack[this.istrucStack.length - 1];
        if (!top) throw new AsmError("'at' outside 'istruc'", st.field.col, st.field.len);
        const field = this.evalScalar(st.field, "field offset");
        const base = this.symbolValue(top.name, st.field.col, st.field.len).n;
        const pad = Number(field - base) - (this.here() - top.start);
        if (pad < 0) throw new AsmError("'at' field lies before the current position in istruc", st.field.col, st.field.len, "negative-times");
        this.emit(new Uint8Array(pad));
        if (st.inner) this.execStmt(ls, st.inner);
        return;
      }
      case "iend": {
        const top = this.istrucStack.pop();
        if (!top) throw new AsmError("'iend' without 'istruc'");
        const size = this.symbolValue(`${top.name}_size`, 1, 4).n;
        const pad = Number(size) - (this.here() - top.start);
        if (pad < 0) throw new AsmError("istruc data exceeds the structure size", 1, 4, "negative-times");
        this.emit(new Uint8Array(pad));
        return;
      }
      case "incbin":
        return this.execIncbin(st);
    }
  }
  switchSection(name, attrs) {
    const existed = this.sectionByName.has(name);
    const s = this.getSection(name, true);
    this.absolute = null;
    this.cur = s;
    const redeclared = this.input.format === "elf" && this.declaredSections.has(name);
    this.declaredSections.add(name);
    if (existed && this.pass > 1 && !attrs.length) return;
    const flags = (x) => [x.progbits, x.alloc, x.exec, x.write, x.tls];
    const before = redeclared ? flags(s) : null;
    if (!redeclared && this.input.format === "elf" && attrs.some((a) => SECTION_FLAGS.has(a.key))) s.align = 1;
    this.applySectionAttributes(s, attrs);
    if (before && flags(s).some((f, i) => f !== before[i])) {
      [s.progbits, s.alloc, s.exec, s.write, s.tls] = before;
      this.warn("other", `incompatible section attributes ignored on redeclaration of section \`${name}'`, true);
    }
  }
  applySectionAttributes(s, attrs) {
    for (const a of attrs) {
      switch (a.key) {
        case "progbits":
          s.progbits = true;
          break;
        case "nobits":
          s.progbits = false;
          break;
        case "alloc":
          s.alloc = true;
          break;
        case "noalloc":
          s.alloc = false;
          break;
        case "exec":
          s.exec = true;
          break;
        case "noexec":
          s.exec = false;
          break;
        case "write":
          s.write = true;
          break;
        case "nowrite":
          s.write = false;
          break;
        case "tls":
          s.tls = true;
          break;
        case "align": {
          if (!a.value) throw new AsmError("align= needs a value", a.col, a.len);
          const n = Number(this.evalScalar(a.value, "section alignment"));
          if (n & n - 1) throw new AsmError(`section alignment ${n} is not a power of two`, a.value.col, a.value.len, "bad-alignment");
          s.align = n;
          break;
        }
        case "start":
          if (a.value) s.start = this.evalScalar(a.value, "start");
          break;
        case "vstart":
          if (a.value) s.vstart = this.evalScalar(a.value, "vstart");
          break;
        case "follows":
        case "vfollows": {
          const t = a.value && a.value.k === "sym" ? a.value.name : null;
          if (!t) throw new AsmError(`${a.key}= needs a section name`, a.col, a.len);
          if (a.key === "follows") s.follows = t;
          else s.vfollows = t;
          break;
        }
        default:
          if (a.key.startsWith("pointer") || a.key === "contents" || a.key === "data" || a.key === "code" || a.key === "text" || a.key === "bss" || a.key === "rdata" || a.key === "info") {
            if (a.key === "bss") s.progbits = false;
            if (a.key === "code" || a.key === "text") s.exec = true;
            break;
          }
          throw new AsmError(`unknown section attribute '${a.key}'`, a.col, a.len, "unknown-attribute");
      }
    }
  }
  execNames(st) {
    for (const n of st.names) {
      const s = this.declare(n.name, n.col);
      if (st.k === "global") {
        s.global = true;
        if (n.type) s.elfType = n.type;
        if (n.size) {
          s.sizeExpr = n.size;
          s.sizeLine = this.lineNo;
        }
      } else if (st.k === "extern") {
        if (s.value && s.kind !== "extern") continue;
        if (s.kind !== "extern") {
          s.kind = "extern";
          s.global = true;
          s.seg = this.nextSeg++;
          this.segments.set(s.seg, s);
          s.value = { n: 0n, terms: [{ id: s.seg, k: 1n }], unknown: false };
          const idx = this.symbolOrder.indexOf(s);
          this.symbolOrder.splice(idx, 1);
          this.symbolOrder.push(s);
        }
        if (this.final) this.trace?.defined(s);
      } else {
        if (s.kind !== "common") {
          s.kind = "common";
          s.global = true;
          s.seg = this.nextSeg++;
          this.segments.set(s.seg, s);
          s.value = { n: 0n, terms: [{ id: s.seg, k: 1n }], unknown: false };
          const idx = this.symbolOrder.indexOf(s);
          this.symbolOrder.splice(idx, 1);
          this.symbolOrder.push(s);
        }
        s.commonSize = this.evalScalar(n.size, "common size");
        s.commonAlign = n.align ? this.evalScalar(n.align, "common alignment") : 0n;
        if (this.final) this.trace?.defined(s);
      }
    }
  }
  /**
   * `align N` under `%use smartalign`, as NASM's macro pads at this `$`: more than the ALIGNMODE
   * threshold (when not negative) becomes `jmp label` and NOPs up to the boundary; otherwise the
   * mode's group-sized fillers and one filler for the rest. `label` (the macro's `%$end`) follows.
   */
  execSmartAlign(ls, smart) {
    const { spec } = smart;
    const n = spec.align;
    if (n <= 0) throw new AsmError(`alignment ${n} is not positive`, 0, 1, "bad-alignment");
    const rel = this.absolute !== null ? Number(this.absolute - this.absStart) : this.cur.offset;
    const pad = (n - rel % n) % n;
    if (pad > 0 && this.absolute !== null) throw codeInAbsolute();
    const jump = pad > 0 && spec.threshold >= 0 && pad > spec.threshold;
    if (pad > 0) this.checkGrowth(Math.min((jump ? Math.max(pad, n) : pad) + 5, Number.MAX_SAFE_INTEGER));
    const repeat = (count, one) => {
      if (count <= 0) return;
      if (!jump) this.trace?.data(1, 1);
      const suppressed = this.listSuppress;
      this.emit(one);
      if (this.chunks && count > 1) this.listTimes(count, false);
      if (!this.chunks) {
        this.emit(Array.from({ length: (count - 1) * one.length }, (_, i) => one[i % one.length]));
      } else for (let i = 1; i < count; i++) this.emit(one);
      this.listSuppress = suppressed;
    };
    if (jump) {
      this.execInsn(ls, smart.jmp);
      repeat((n - this.cur.offset % n) % n, [144]);
    } else if (pad > 0) {
      const filler = (k) => {
        const f = spec.fill[k];
        if (!f) throw new AsmError(`symbol \`${spec.fillName(k)}' not defined`, 0, 1, "undefined-symbol");
        return f;
      };
      repeat(Math.floor(pad / spec.group), filler(spec.group));
      if (pad % spec.group) repeat(1, filler(pad % spec.group));
    }
    this.defineSymbol(spec.label, this.hereValue(), 1, "label");
  }
  /**
   * `[warning -name]` silences a warning from here on, `+name` lets it through again, `*name` back to the
   * command line's choice; `push`/`pop` save and restore (NASM's alignb wraps its resb in them). `error=`
   * forms are left to the command line.
   */
  execWarning(spec) {
    if (spec === "push") {
      this.warningStack.push(new Map(this.warningState));
      return;
    }
    if (spec === "pop") {
      this.warningState = this.warningStack.pop() ?? /* @__PURE__ */ new Map();
      return;
    }
    const m = /^([+*-]?)(.*)$/.exec(spec);
    const name = m[2].toLowerCase();
    const targets = name === "all" ? WARNINGS : WARNINGS.filter((w) => w === (WARNING_ALIASES[name] ?? name));
    for (const w of targets) {
      if (m[1] === "*") this.warningState.delete(w);
      else this.warningState.set(w, m[1] !== "-");
    }
  }
  execAlign(ls, st) {
    const n = Number(this.evalScalar(st.n, "alignment"));
    if (n <= 0 || n & n - 1) throw new AsmError(`alignment ${n} is not a power of two`, st.n.col, st.n.len, "bad-alignment");
    if (this.absolute === null && n > this.cur.align && !st.b) this.cur.align = n;
    const rel = this.absolute !== null ? Number(this.absolute - this.absStart) : this.cur.offset;
    const pad = (n - rel % n) % n;
    if (pad === 0) return;
    if (st.b || this.absolute !== null || !this.cur.progbits) {
      if (!st.b && !st.fill && this.absolute === null && this.final) for (let i = 0; i < pad; i++) this.warnNoBits();
      this.reserve(pad);
      return;
    }
    if (st.fill) {
      const before = this.here();
      let guard = 0;
      while (this.here() - before < pad && guard++ < pad) this.execStmt(ls, st.fill);
      return;
    }
    this.emit(new Uint8Array(pad).fill(144));
  }
  execIncbin(st) {
    let data = null;
    let found = st.file;
    for (const prefix of ["", ...this.input.includePaths]) {
      data = this.input.resolver.readBinary(prefix + st.file);
      if (data) {
        found = prefix + st.file;
        break;
      }
    }
    if (!data) throw new AsmError(`unable to open include file '${st.file}'`, 1, 6, "file-not-found");
    if (this.final && !this.dependencies.includes(found)) this.dependencies.push(found);
    const skip = st.skip ? Number(this.evalScalar(st.skip, "incbin offset")) : 0;
    let bytes = data.subarray(Math.min(skip, data.length));
    if (st.len) bytes = bytes.subarray(0, Number(this.evalScalar(st.len, "incbin length")));
    const listed = this.chunks && !this.listSuppress;
    if (listed) {
      this.chunks.push({ k: "size", tag: "bin", n: bytes.length, offset: this.here() });
      this.listSuppress = true;
    }
    this.emit(bytes);
    if (listed) this.listSuppress = false;
  }
  execData(width, items) {
    if (!items.length) this.warn("db-empty", "no operand for data declaration", true);
    for (const it of items) {
      if (it.kind === "str") {
        const len = Math.ceil(Math.max(it.text.length, 1) / width) * width;
        const b2 = new Uint8Array(it.text.length === 0 ? 0 : len);
        for (let i = 0; i < it.text.length; i++) b2[i] = it.text.charCodeAt(i) & 255;
        this.emit(b2);
        continue;
      }
      if (it.kind === "float") {
        const v2 = Number(it.text) * (it.neg ? -1 : 1);
        const b2 = new Uint8Array(width);
        const dv = new DataView(b2.buffer);
        if (width === 4) dv.setFloat32(0, v2, true);
        else if (width === 8) dv.setFloat64(0, v2, true);
        else throw new AsmError(`floating-point constant in a ${width}-byte declaration is not supported`, it.col, it.text.length, "unsupported");
        this.emit(b2);
        continue;
      }
      const v = this.eval(it.expr);
      if (width > 8) throw new AsmError(`integer in a ${width}-byte declaration is not supported`, it.expr.col, it.expr.len, "unsupported");
      if (width <= 4 && !v.terms.length && !v.unknown && overflowsGeneral(v.n, width)) this.warn("number-overflow", `${SIZE_NAME[width]} data exceeds bounds`);
      const b = new Uint8Array(width);
      let n = BigInt.asUintN(64, v.n);
      for (let i = 0; i < width; i++) {
        b[i] = Number(n & 0xffn);
        n >>= 8n;
      }
      if (v.terms.length) {
        for (const t of v.terms) if (t.id >= REG_TERM) throw new AsmError("register in a data declaration", it.expr.col, it.expr.len);
        this.fixup(this.here(), width, v, it.expr);
      }
      this.emit(b);
    }
  }
  // ------------------------------------------------------------------ instructions
  resolveOperand(o) {
    const r = { kind: o.kind, col: o.col, len: o.len, size: o.size, strict: o.strict, branch: o.branch, to: o.to };
    if (o.kind === "reg") {
      r.reg = o.reg;
      return r;
    }
    if (o.kind === "far") {
      r.segValue = this.eval(o.segExpr);
      r.value = this.eval(o.expr);
      return r;
    }
    const v = this.eval(o.expr);
    if (o.kind === "imm") {
      if (v.terms.some((t) => t.id >= REG_TERM)) throw new AsmError("register in an immediate expression", o.col, o.len);
      r.value = v;
      return r;
    }
    const split = splitAddress(v, this.bits);
    if (typeof split === "string") throw new AsmError(split, o.col, o.len, "invalid-address");
    r.base = split.base;
    r.index = split.index;
    r.scale = split.scale;
    r.value = split.disp;
    r.seg = o.seg?.reg;
    r.dispSize = o.dispSize;
    return r;
  }
  execInsn(ls, st) {
    if (this.final && st.prefixes.includes("lock") && (!st.mnemonic || !LOCKABLE.has(st.mnemonic) || st.ops[0]?.kind !== "mem")) {
      this.warn("prefix-lock", "instruction is not lockable");
    }
    if (!st.mnemonic) {
      const b = st.prefixes.map((p) => ({ lock: 240, rep: 243, repe: 243, repz: 243, repne: 242, repnz: 242, a16: 103, a32: 103, o16: 102, o32: 102, wait: 155 })[p] ?? 0);
      this.emit(b);
      return;
    }
    const ops = st.ops;
    if (ops.length === 1 && ops[0].kind === "imm" && ops[0].branch !== "far") {
      let shape = ls.shape;
      if (shape === void 0 || ls.shapeBits !== this.bits) {
        shape = ls.shape = branchShape(st.mnemonic, this.bits, ops[0].size, st.prefixes);
        ls.shapeBits = this.bits;
      }
      if (shape) return this.execBranch(ls, st, shape, ops[0]);
    }
    if (ops.length === 1 && ops[0].kind === "far" && (st.mnemonic === "jmp" || st.mnemonic === "call")) return this.execFar(st, ops[0]);
    if (ls.constant && ls.cache) {
      this.emitEncoded(ls.cache);
      return;
    }
    const rops = ops.map((o) => this.resolveOperand(o));
    if (this.recording) {
      ls.valueDependent = ops.some((o, i) => o.kind !== "reg" && o.kind !== "far" && o.expr && !isConstantExpr(o.expr) && (rops[i].value.terms.length === 0 || rops[i].value.unknown));
    }
    const key = rops.map(opKey).join(";") + "|" + this.bits;
    let enc2;
    const gkey = st.mnemonic + " " + st.prefixes.join(" ") + " " + key;
    const shared = this.encodings.get(gkey);
    if (ls.cacheKey === key && ls.cache) enc2 = ls.cache;
    else if (shared) {
      enc2 = shared;
      ls.cacheKey = key;
      ls.cache = enc2;
      ls.constant = ops.every((o) => (o.expr ? isConstantExpr(o.expr) : true) && (o.segExpr ? isConstantExpr(o.segExpr) : true));
    } else {
      try {
        enc2 = encodeInstruction(st.mnemonic, st.prefixes, rops, this.bits, this.input.opt);
        this.encodings.set(gkey, enc2);
      } catch (e) {
        if (e instanceof EncodeError && e.operand >= 0 && ops[e.operand]) throw new AsmError(e.message, ops[e.operand].col, ops[e.operand].len, e.code);
        throw e;
      }
      ls.cacheKey = key;
      ls.cache = enc2;
      ls.constant = ops.every((o) => (o.expr ? isConstantExpr(o.expr) : true) && (o.segExpr ? isConstantExpr(o.segExpr) : true));
    }
    this.emitEncoded(enc2, ops);
  }
  emitEncoded(enc2, ops) {
    const start = this.here();
    if (this.final && enc2.overflow) for (const text of enc2.overflow) this.warn("number-overflow", text);
    if (this.final) for (const f of enc2.fixups) {
      const op = ops?.find((o) => o.kind !== "reg") ?? { col: 1, len: 1 };
      this.fixup(start + f.offset, f.size, f.value, op);
    }
    this.emit(enc2.bytes, enc2.fields);
  }
  execBranch(ls, st, shape, op) {
    const target = op.expr.k === "sym" ? this.symbolValue(op.expr.name, op.expr.col, op.expr.len) : this.eval(op.expr);
    const start = this.here();
    const curSeg = this.absolute !== null ? ABS : this.cur.seg;
    const sameSeg = target.terms.length === 0 && curSeg === ABS || target.terms.length === 1 && target.terms[0].id === curSeg && target.terms[0].k === 1n;
    let short;
    if (!shape.near) short = true;
    else if (!shape.short) short = false;
    else if (op.branch === "short") short = true;
    else if (op.branch === "near" || op.strict || this.input.opt === 0 || this.input.opt < 0 && st.mnemonic === "jmp") short = false;
    else if (target.unknown) short = true;
    else if (!sameSeg) short = false;
    else {
      const end2 = start + shape.short.length + 1;
      const d = Number(target.n) - end2;
      short = d >= -128 && d <= 127;
    }
    ls.short = short;
    if (this.recording && op.expr.k === "sym" && !st.prefixes.length && op.branch === "" && !op.strict && op.size === 0 && shape.short && shape.near && this.input.opt === 2) {
      const sym = this.symbols.get(op.expr.name);
      if (sym && sym.kind === "label" && sym.value && sym.value.terms.length === 1 && sym.value.terms[0].k === 1n && !sym.absolute) {
        if (sym.value.terms[0].id === curSeg) ls.branch = { target: sym, shortLen: shape.short.length + 1, nearLen: shape.near.length + shape.nearSize };
      }
    }
    const head = short ? shape.short : shape.near;
    const dsize = short ? 1 : shape.nearSize;
    if (!this.final) {
      this.advance(head.length + dsize + (st.prefixes.length && st.prefixes.includes("bnd") ? 1 : 0));
      return;
    }
    const prefix = st.prefixes.includes("bnd") ? [242] : [];
    const end = start + prefix.length + head.length + dsize;
    const bytes = new Uint8Array(prefix.length + head.length + dsize);
    bytes.set(prefix);
    bytes.set(head, prefix.length);
    if (this.final) {
      const rel = { n: target.n - BigInt(end), terms: target.terms.slice(), unknown: target.unknown };
      if (sameSeg) {
        rel.terms = [];
        if (short && (rel.n < -128n || rel.n > 127n)) throw new AsmError("short jump is out of range", op.col, op.len, "jump-out-of-range");
        let n = BigInt.asUintN(dsize * 8, rel.n);
        for (let i = 0; i < dsize; i++) {
          bytes[prefix.length + head.length + i] = Number(n & 0xffn);
          n >>= 8n;
        }
      } else {
        if (short) throw new AsmError("short jump to a label in another section or an external symbol", op.col, op.len, "jump-out-of-range");
        if (curSeg !== ABS) rel.terms.push({ id: curSeg, k: -1n });
        this.fixup(end - dsize, dsize, rel, op);
        let n = BigInt.asUintN(dsize * 8, rel.n);
        for (let i = 0; i < dsize; i++) {
          bytes[prefix.length + head.length + i] = Number(n & 0xffn);
          n >>= 8n;
        }
      }
    }
    this.listBranch = true;
    this.emit(bytes);
    this.listBranch = false;
  }
  execFar(st, op) {
    const seg = this.eval(op.segExpr);
    const off = this.eval(op.expr);
    const osz = op.size === 4 ? 32 : op.size === 2 ? 16 : this.bits;
    const offSize = osz / 8;
    const bytes = [];
    if (osz !== this.bits) bytes.push(102);
    bytes.push(st.mnemonic === "jmp" ? 234 : 154);
    const start = this.here();
    let n = BigInt.asUintN(offSize * 8, off.n);
    for (let i = 0; i < offSize; i++) {
      bytes.push(Number(n & 0xffn));
      n >>= 8n;
    }
    if (seg.terms.length) throw new AsmError("segment part of a far address must be a constant", op.col, op.len, "not-constant");
    bytes.push(Number(seg.n & 0xffn), Number(seg.n >> 8n & 0xffn));
    if (off.terms.length || off.unknown) this.fixup(start + bytes.length - 2 - offSize, offSize, off, op);
    this.emit(bytes);
  }
};
function sameTerms(a, b) {
  return a.length === b.length && a.every((t, i) => t.id === b[i].id && t.k === b[i].k);
}
function opKey(o) {
  const v = o.value;
  const vk = v ? `${v.n}${v.unknown ? "?" : ""}${v.terms.map((t) => `+${t.k}*${t.id}`).join("")}` : "";
  return `${o.kind}${o.size}${o.strict ? "s" : ""}${o.branch}${o.to ? "t" : ""}${o.dispSize ?? ""}${o.reg?.name ?? ""}${o.base ?? ""},${o.index ?? ""},${o.scale ?? ""},${o.seg ?? ""}:${vk}`;
}

// toolchain/asm/bin-writer.ts
var alignUp = (n, a) => a > 1 ? (n + BigInt(a) - 1n) / BigInt(a) * BigInt(a) : n;
function layoutBin(asm) {
  const start = /* @__PURE__ */ new Map(), vstart = /* @__PURE__ */ new Map();
  const org = asm.org ?? 0n;
  const byName = new Map(asm.sections.map((s) => [s.name, s]));
  const prog = asm.sections.filter((s) => s.progbits && (s.size > 0 || s.start !== null || s.name !== ".text" || asm.sections.length === 1));
  let pos = org;
  let first = true;
  const placed = /* @__PURE__ */ new Set();
  const place = (s) => {
    if (placed.has(s)) return;
    let st;
    if (s.start !== null) st = s.start;
    else if (s.follows && byName.get(s.follows)) {
      const f = byName.get(s.follows);
      place(f);
      st = alignUp(start.get(f.seg) + BigInt(f.size), s.align);
    } else st = first ? pos : alignUp(pos, s.align);
    first = false;
    start.set(s.seg, st);
    placed.add(s);
    if (st + BigInt(s.size) > pos) pos = st + BigInt(s.size);
  };
  for (const s of prog) place(s);
  for (const s of asm.sections) if (!s.progbits || !placed.has(s)) {
    if (placed.has(s)) continue;
    const st = s.start ?? alignUp(pos, s.align);
    start.set(s.seg, st);
    placed.add(s);
    pos = st + BigInt(s.size);
  }
  for (const s of asm.sections) {
    let v;
    if (s.vstart !== null) v = s.vstart;
    else if (s.vfollows && byName.get(s.vfollows)) {
      const f = byName.get(s.vfollows);
      v = alignUp((vstart.get(f.seg) ?? start.get(f.seg)) + BigInt(f.size), s.align);
    } else v = start.get(s.seg);
    vstart.set(s.seg, v);
  }
  return { start, vstart };
}
function writeBin(asm, fileName, diagnostics) {
  const { start, vstart } = layoutBin(asm);
  const org = asm.org ?? 0n;
  let end = org;
  for (const s of asm.sections) if (s.progbits && s.size > 0) {
    const e = start.get(s.seg) + BigInt(s.size);
    if (e > end) end = e;
  }
  const out = new Uint8Array(Number(end - org));
  for (const s of asm.sections) {
    if (!s.progbits || s.size === 0) continue;
    const base = Number(start.get(s.seg) - org);
    for (const f of s.fixups) {
      let n = f.value.n;
      let ok = true;
      for (const t of f.value.terms) {
        const v = vstart.get(t.id);
        if (v === void 0) {
          ok = false;
          break;
        }
        n += t.k * v;
      }
      if (!ok) {
        diagnostics.push(diagnostic("bad-relocation", "binary output cannot refer to external symbols", f.location));
        continue;
      }
      let u = BigInt.asUintN(f.size * 8, n);
      for (let i = 0; i < f.size; i++) {
        s.data.bytes[f.offset + i] = Number(u & 0xffn);
        u >>= 8n;
      }
    }
    out.set(s.data.view().subarray(0, s.size), base);
  }
  return out;
}

// toolchain/asm/elf-writer.ts
var StrTab = class {
  bytes = [0];
  add(s) {
    const off = this.bytes.length;
    for (let i = 0; i < s.length; i++) this.bytes.push(s.charCodeAt(i) & 255);
    this.bytes.push(0);
    return off;
  }
};
var align = (n, a) => a > 1 ? Math.ceil(n / a) * a : n;
function writeElf(asm, fileName, diagnostics, sizeOf, debug) {
  const secs = asm.sections;
  const secIndex = /* @__PURE__ */ new Map();
  secs.forEach((s, i) => secIndex.set(s.seg, i + 1));
  const referenced = /* @__PURE__ */ new Set();
  for (const sec of secs) for (const f of sec.fixups) for (const t of f.value.terms) if (t.k === 1n) referenced.add(t.id);
  const inTable = (s) => {
    if (!s.value) return false;
    if (s.kind === "extern") return referenced.has(s.seg);
    if (s.kind === "common") return true;
    const t = s.value.terms;
    return t.length === 0 || t.length === 1 && t[0].k === 1n && secIndex.has(t[0].id);
  };
  const table2 = asm.symbols.filter(inTable);
  const objectSizes = debug && asm.debug ? asm.debug.objectSizes(inTable) : /* @__PURE__ */ new Map();
  const dbgSecs = debug?.sections ?? [];
  const dbgSyms = debug?.sectionSymbols ?? [];
  const isGlobal = (s) => s.global || s.kind === "extern" || s.kind === "common";
  const locals = table2.filter((s) => !isGlobal(s));
  const globals = table2.filter(isGlobal);
  const strtab = new StrTab();
  const fileName0 = strtab.add(fileName);
  const nameOff = /* @__PURE__ */ new Map();
  for (const s of table2) nameOff.set(s, strtab.add(s.name));
  const symIndex = /* @__PURE__ */ new Map();
  const firstLocal = 2 + secs.length + dbgSyms.length;
  locals.forEach((s, i) => symIndex.set(s, firstLocal + i));
  globals.forEach((s, i) => symIndex.set(s, firstLocal + locals.length + i));
  const nsyms = firstLocal + locals.length + globals.length;
  const symtab = new Uint8Array(nsyms * 16);
  const sv = new DataView(symtab.buffer);
  const putSym = (i, name, value, size, info, shndx) => {
    const o = i * 16;
    sv.setUint32(o, name, true);
    sv.setUint32(o + 4, value >>> 0, true);
    sv.setUint32(o + 8, size >>> 0, true);
    symtab[o + 12] = info;
    symtab[o + 13] = 0;
    sv.setUint16(o + 14, shndx, true);
  };
  putSym(1, fileName0, 0, 0, ELF32_ST_INFO(STB_LOCAL, STT_FILE), SHN_ABS);
  secs.forEach((s, i) => putSym(2 + i, 0, 0, 0, ELF32_ST_INFO(STB_LOCAL, STT_SECTION), i + 1));
  const dbgIndex = (name) => secs.length + 1 + dbgSecs.findIndex((d) => d.name === name);
  dbgSyms.forEach((name, i) => putSym(2 + secs.length + i, 0, 0, 0, ELF32_ST_INFO(STB_LOCAL, STT_SECTION), dbgIndex(name)));
  for (const s of table2) {
    const idx = symIndex.get(s);
    const bind = isGlobal(s) ? STB_GLOBAL : STB_LOCAL;
    const type = s.elfType === "function" ? STT_FUNC : s.elfType === "data" || s.elfType === "object" || objectSizes.has(s) ? STT_OBJECT : STT_NOTYPE;
    const size = objectSizes.get(s) ?? Number(sizeOf(s) ?? 0n);
    if (s.kind === "extern") putSym(idx, nameOff.get(s), 0, 0, ELF32_ST_INFO(bind, type), SHN_UNDEF);
    else if (s.kind === "common") putSym(idx, nameOff.get(s), Number(s.commonAlign), Number(s.commonSize), ELF32_ST_INFO(bind, type === STT_NOTYPE ? STT_OBJECT : type) & 255, SHN_COMMON);
    else {
      const t = s.value.terms;
      const shndx = t.length ? secIndex.get(t[0].id) : SHN_ABS;
      putSym(idx, nameOff.get(s), Number(BigInt.asUintN(32, s.value.n)), size, ELF32_ST_INFO(bind, type), shndx);
    }
  }
  for (const s of globals) if (s.kind === "common" && !s.elfType) symtab[symIndex.get(s) * 16 + 12] = ELF32_ST_INFO(STB_GLOBAL, STT_NOTYPE);
  const rels = /* @__PURE__ */ new Map();
  for (const s of secs) {
    const list = [];
    for (const f of s.fixups) {
      const v = f.value;
      const t = v.terms;
      const loc = f.location;
      if (v.unknown) continue;
      let target = -1, pcrel = false;
      if (t.length === 1 && t[0].k === 1n) target = t[0].id;
      else if (t.length === 2) {
        const p = t.find((x) => x.k === 1n && x.id !== s.seg), m = t.find((x) => x.k === -1n && x.id === s.seg);
        if (p && m) {
          target = p.id;
          pcrel = true;
        }
      }
      if (target < 0 || !asm.segments.has(target)) {
        diagnostics.push(diagnostic("bad-relocation", "expression is not a relocatable address that ELF32 can express", loc));
        continue;
      }
      const seg = asm.segments.get(target);
      const symi = "progbits" in seg ? 2 + secIndex.get(target) - 1 : symIndex.get(seg);
      const type = f.size === 4 ? pcrel ? R_386_PC32 : R_386_32 : f.size === 2 ? pcrel ? R_386_PC16 : R_386_16 : pcrel ? R_386_PC8 : R_386_8;
      if (pcrel) {
        let n = BigInt.asUintN(f.size * 8, v.n + BigInt(f.offset));
        for (let i = 0; i < f.size; i++) {
          s.data.bytes[f.offset + i] = Number(n & 0xffn);
          n >>= 8n;
        }
      }
      list.push({ offset: f.offset, info: ELF32_R_INFO(symi, type) });
    }
    if (list.length) rels.set(s, list);
  }
  const shstr = new StrTab();
  const secName = secs.map((s) => shstr.add(s.name));
  const dbgName = dbgSecs.map((d) => shstr.add(d.name));
  const shstrName = shstr.add(".shstrtab"), symtabName = shstr.add(".symtab"), strtabName = shstr.add(".strtab");
  const relSecs = secs.filter((s) => rels.has(s));
  const relName = relSecs.map((s) => shstr.add(".rel" + s.name));
  const shnum = 1 + secs.length + dbgSecs.length + 3 + relSecs.length;
  const shoff = 64;
  let off = align(shoff + shnum * SHDR_SIZE, 16);
  const hdrs = [];
  for (let i = 0; i < secs.length; i++) {
    const s = secs[i];
    const size = s.size;
    const flags = (s.alloc ? SHF_ALLOC : 0) | (s.write ? SHF_WRITE : 0) | (s.exec ? SHF_EXECINSTR : 0) | (s.tls ? SHF_TLS : 0);
    const data = s.progbits ? padTo(s.data.view(), size) : null;
    hdrs.push({ name: secName[i], type: s.progbits ? s.shType || SHT_PROGBITS : SHT_NOBITS, flags, offset: off, size, link: 0, info: 0, align: s.align, entsize: 0, data });
    if (s.progbits) off = align(off + size, 16);
  }
  const shstrBytes = new Uint8Array(shstr.bytes);
  const strBytes = new Uint8Array(strtab.bytes);
  const symtabIdx = secs.length + dbgSecs.length + 2, strtabIdx = symtabIdx + 1;
  dbgSecs.forEach((d, i) => {
    const link2 = d.link === null ? 0 : d.link === ".symtab" ? symtabIdx : dbgIndex(d.link);
    hdrs.push({ name: dbgName[i], type: d.type, flags: 0, offset: off, size: d.data.length, link: link2, info: d.info === null ? 0 : dbgIndex(d.info), align: d.align, entsize: d.entsize, data: d.data });
    off = align(off + d.data.length, 16);
  });
  hdrs.push({ name: shstrName, type: SHT_STRTAB, flags: 0, offset: off, size: shstrBytes.length, link: 0, info: 0, align: 1, entsize: 0, data: shstrBytes });
  off = align(off + shstrBytes.length, 16);
  hdrs.push({ name: symtabName, type: SHT_SYMTAB, flags: 0, offset: off, size: symtab.length, link: strtabIdx, info: firstLocal + locals.length, align: 4, entsize: 16, data: symtab });
  off = align(off + symtab.length, 16);
  hdrs.push({ name: strtabName, type: SHT_STRTAB, flags: 0, offset: off, size: strBytes.length, link: 0, info: 0, align: 1, entsize: 0, data: strBytes });
  off = align(off + strBytes.length, 16);
  relSecs.forEach((s, i) => {
    const list = rels.get(s);
    const b = new Uint8Array(list.length * 8);
    const dv2 = new DataView(b.buffer);
    list.forEach((r, k) => {
      dv2.setUint32(k * 8, r.offset, true);
      dv2.setUint32(k * 8 + 4, r.info, true);
    });
    hdrs.push({ name: relName[i], type: SHT_REL, flags: 0, offset: off, size: b.length, link: symtabIdx, info: secIndex.get(s.seg), align: 4, entsize: 8, data: b });
    off = align(off + b.length, 16);
  });
  const out = new Uint8Array(off);
  const dv = new DataView(out.buffer);
  out.set([127, 69, 76, 70, 1, 1, EV_CURRENT, 0]);
  dv.setUint16(16, ET_REL, true);
  dv.setUint16(18, EM_386, true);
  dv.setUint32(20, EV_CURRENT, true);
  dv.setUint32(24, 0, true);
  dv.setUint32(28, 0, true);
  dv.setUint32(32, shoff, true);
  dv.setUint32(36, 0, true);
  dv.setUint16(40, EHDR_SIZE, true);
  dv.setUint16(42, 0, true);
  dv.setUint16(44, 0, true);
  dv.setUint16(46, SHDR_SIZE, true);
  dv.setUint16(48, shnum, true);
  dv.setUint16(50, secs.length + dbgSecs.length + 1, true);
  hdrs.forEach((h, i) => {
    const o = shoff + (i + 1) * SHDR_SIZE;
    dv.setUint32(o, h.name, true);
    dv.setUint32(o + 4, h.type, true);
    dv.setUint32(o + 8, h.flags, true);
    dv.setUint32(o + 12, 0, true);
    dv.setUint32(o + 16, h.offset, true);
    dv.setUint32(o + 20, h.size, true);
    dv.setUint32(o + 24, h.link, true);
    dv.setUint32(o + 28, h.info, true);
    dv.setUint32(o + 32, h.align, true);
    dv.setUint32(o + 36, h.entsize, true);
    if (h.data) out.set(h.data, h.offset);
  });
  return out;
}
function padTo(b, size) {
  if (b.length === size) return b;
  const o = new Uint8Array(size);
  o.set(b.subarray(0, size));
  return o;
}

// toolchain/asm/debug/sections.ts
var Bytes = class {
  b = [];
  get length() {
    return this.b.length;
  }
  u8(v) {
    this.b.push(v & 255);
    return this;
  }
  u16(v) {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v) {
    return this.u16(v & 65535).u16(v >>> 16);
  }
  /** A NUL-terminated string (UTF-8, as a file name reaches NASM). */
  str(s) {
    for (const c of new TextEncoder().encode(s)) this.b.push(c);
    return this.u8(0);
  }
  uleb(v) {
    do {
      let byte = v & 127;
      v = Math.floor(v / 128);
      if (v) byte |= 128;
      this.b.push(byte);
    } while (v);
    return this;
  }
  sleb(v) {
    for (; ; ) {
      const byte = v & 127;
      v >>= 7;
      if (v === 0 && !(byte & 64) || v === -1 && byte & 64) {
        this.b.push(byte);
        return this;
      }
      this.b.push(byte | 128);
    }
  }
  bytes(src) {
    for (let i = 0; i < src.length; i++) this.b.push(src[i]);
    return this;
  }
  done() {
    return new Uint8Array(this.b);
  }
};

// toolchain/asm/debug/dwarf.ts
var DW_TAG_compile_unit = 17;
var DW_TAG_subprogram = 46;
var DW_AT_name = 3;
var DW_AT_stmt_list = 16;
var DW_AT_low_pc = 17;
var DW_AT_high_pc = 18;
var DW_AT_language = 19;
var DW_AT_comp_dir = 27;
var DW_AT_producer = 37;
var DW_AT_frame_base = 64;
var DW_FORM_addr = 1;
var DW_FORM_data2 = 5;
var DW_FORM_data4 = 6;
var DW_FORM_string = 8;
var DW_LANG_Mips_Assembler = 32769;
var DW_LNS_copy = 1;
var DW_LNS_advance_pc = 2;
var DW_LNS_advance_line = 3;
var DW_LNS_set_file = 4;
var DW_LNE_end_sequence = 1;
var DW_LNE_set_address = 2;
var LINE_BASE = -5;
var LINE_RANGE = 14;
var OPCODE_BASE = 13;
var STD_OPCODE_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];
var PRODUCER = "NASM 2.16.01";
var NAMES = [".debug_aranges", ".rel.debug_aranges", ".debug_pubnames", ".debug_info", ".rel.debug_info", ".debug_abbrev", ".debug_line", ".rel.debug_line", ".debug_frame", ".debug_loc"];
function dwarfSections(outs, targets, nsects, opts) {
  const infoSym = 2 + nsects, abbrevSym = infoSym + 1, lineSym = infoSym + 2;
  const sectSym = (t) => t.index + 1;
  const files = [];
  const seqs = [];
  let fileIndex = 0;
  let where2 = null;
  let pending = false;
  let line = 1;
  let cur = null;
  for (const ev of outs) {
    if (!where2 || where2.file !== ev.file || where2.line !== ev.line || where2.seg !== ev.seg) {
      where2 = ev;
      let i = files.indexOf(ev.file);
      if (i < 0) i = files.push(ev.file) - 1;
      fileIndex = i + 1;
      pending = true;
      line = ev.line;
    }
    const t = ev.seg >= 0 ? targets.get(ev.seg) : void 0;
    if (!t || !t.exec) continue;
    if (!cur || cur.target !== t) {
      cur = seqs.find((s) => s.target === t) ?? null;
      if (!cur) {
        cur = { target: t, ops: new Bytes(), line: 1, offset: 0, file: 1 };
        cur.ops.u8(0).u8(5).u8(DW_LNE_set_address).u32(0);
        seqs.push(cur);
      }
    }
    if (!pending) continue;
    const ln = line - cur.line, aa = ev.offset - cur.offset;
    if (fileIndex !== cur.file) {
      cur.ops.u8(DW_LNS_set_file).u8(fileIndex);
      cur.file = fileIndex;
    }
    if (ln) {
      const special = ln - LINE_BASE + LINE_RANGE * aa + OPCODE_BASE;
      if (ln >= LINE_BASE && ln < LINE_BASE + LINE_RANGE && special < 256) cur.ops.u8(special);
      else {
        cur.ops.u8(DW_LNS_advance_line).sleb(ln);
        if (aa) cur.ops.u8(DW_LNS_advance_pc).uleb(aa);
        cur.ops.u8(DW_LNS_copy);
      }
      cur.line = line;
      cur.offset = ev.offset;
    }
    pending = false;
  }
  const empty = new Uint8Array(0);
  const data = Object.fromEntries(NAMES.map((n) => [n, empty]));
  if (seqs.length) {
    const ar = new Bytes(), arRel = new Bytes();
    ar.u16(2);
    arRel.u32(ar.length + 4).u32((infoSym << 8) + R_386_32);
    ar.u32(0).u8(4).u8(0).u32(0);
    let highaddr = 0;
    for (const s of seqs) {
      s.ops.u8(DW_LNS_advance_pc).u8(s.target.size - s.offset).u8(0).u8(1).u8(DW_LNE_end_sequence);
      arRel.u32(ar.length + 4).u32((sectSym(s.target) << 8) + R_386_32);
      ar.u32(0).u32(s.target.size);
      highaddr += s.target.size;
    }
    ar.u32(0).u32(0);
    data[".debug_aranges"] = new Bytes().u32(ar.length).bytes(ar.b).done();
    data[".rel.debug_aranges"] = arRel.done();
    const first = sectSym(seqs[0].target);
    const info = new Bytes(), infoRel = new Bytes();
    info.u16(2);
    infoRel.u32(info.length + 4).u32((abbrevSym << 8) + R_386_32);
    info.u32(0).u8(4).u8(1);
    infoRel.u32(info.length + 4).u32((first << 8) + R_386_32);
    info.u32(0);
    infoRel.u32(info.length + 4).u32((first << 8) + R_386_32);
    info.u32(highaddr);
    infoRel.u32(info.length + 4).u32((lineSym << 8) + R_386_32);
    info.u32(0).str(opts.module).str(opts.compDir).str(PRODUCER).u16(DW_LANG_Mips_Assembler).u8(2);
    infoRel.u32(info.length + 4).u32((first << 8) + R_386_32);
    info.u32(0).u32(0).u8(0);
    data[".debug_info"] = new Bytes().u32(info.length).bytes(info.b).done();
    data[".rel.debug_info"] = infoRel.done();
    data[".debug_abbrev"] = new Bytes().u8(1).u8(DW_TAG_compile_unit).u8(1).u8(DW_AT_low_pc).u8(DW_FORM_addr).u8(DW_AT_high_pc).u8(DW_FORM_addr).u8(DW_AT_stmt_list).u8(DW_FORM_data4).u8(DW_AT_name).u8(DW_FORM_string).u8(DW_AT_comp_dir).u8(DW_FORM_string).u8(DW_AT_producer).u8(DW_FORM_string).u8(DW_AT_language).u8(DW_FORM_data2).u16(0).u8(2).u8(DW_TAG_subprogram).u8(0).u8(DW_AT_low_pc).u8(DW_FORM_addr).u8(DW_AT_frame_base).u8(DW_FORM_data4).u16(0).u8(0).done();
    const head = new Bytes().u8(1).u8(1).u8(LINE_BASE).u8(LINE_RANGE).u8(OPCODE_BASE);
    for (const n of STD_OPCODE_LENGTHS) head.u8(n);
    head.u8(0);
    for (const f of files) head.str(f).u8(0).u8(0).u8(0);
    head.u8(0);
    const body = new Bytes(), lineRel = new Bytes();
    let at = 10 + head.length + 3;
    for (const s of seqs) {
      lineRel.u32(at).u32((sectSym(s.target) << 8) + R_386_32);
      body.bytes(s.ops.b);
      at += s.ops.length;
    }
    data[".debug_line"] = new Bytes().u32(2 + 4 + head.length + body.length).u16(2).u32(head.length).bytes(head.b).bytes(body.b).done();
    data[".rel.debug_line"] = lineRel.done();
  }
  const sections = NAMES.map((name) => {
    const rel = name.startsWith(".rel");
    return {
      name,
      type: rel ? SHT_REL : SHT_PROGBITS,
      data: data[name],
      align: rel ? 4 : name === ".debug_frame" ? 8 : 1,
      entsize: rel ? 8 : 0,
      link: rel ? ".symtab" : null,
      info: rel ? name.slice(4) : null
    };
  });
  return { sections, sectionSymbols: [".debug_info", ".debug_abbrev", ".debug_line"] };
}

// toolchain/asm/debug/stabs.ts
var N_SLINE = 68;
var N_SO = 100;
var N_SOL = 132;
function stabsSections(outs, targets, module) {
  const lines = [];
  let where2 = null;
  let pending = false;
  for (const ev of outs) {
    if (!where2 || where2.file !== ev.file || where2.line !== ev.line || where2.seg !== ev.seg) {
      where2 = ev;
      pending = true;
    }
    const t = ev.seg >= 0 ? targets.get(ev.seg) : void 0;
    if (!t || !t.exec || !pending) continue;
    lines.push({ file: where2.file, line: where2.line, target: t, offset: ev.offset });
    pending = false;
  }
  const files = [];
  for (const l of lines) if (!files.includes(l.file)) files.push(l.file);
  const strx = [];
  const str = new Bytes().u8(0);
  for (const f of files) {
    strx.push(str.length);
    str.str(f);
  }
  const main = Math.max(0, files.indexOf(module));
  const stab = new Bytes(), rel = new Bytes();
  const entry = (nstrx, type, desc, value) => stab.u32(nstrx).u8(type).u8(0).u16(desc).u32(value);
  const reloc = (t) => rel.u32(stab.length - 4).u32(t.index + 1 << 8 | R_386_32);
  let count = 0;
  if (lines.length) {
    entry(strx[0], 0, 0, str.length);
    entry(strx[main], N_SO, 0, 0);
    reloc(lines[0].target);
    count++;
    let file = files[main];
    for (const l of lines) {
      if (l.file !== file) {
        file = l.file;
        entry(strx[files.indexOf(file)], N_SOL, 0, l.offset);
        reloc(l.target);
        count++;
      }
      entry(0, N_SLINE, l.line, l.offset);
      reloc(l.target);
      count++;
    }
  }
  entry(0, N_SO, 0, 0);
  count++;
  stab.b[6] = count & 255;
  stab.b[7] = count >>> 8 & 255;
  return {
    sections: [
      { name: ".stab", type: SHT_PROGBITS, data: stab.done(), align: 4, entsize: 12, link: ".stabstr", info: null },
      { name: ".stabstr", type: SHT_STRTAB, data: str.done(), align: 4, entsize: 0, link: null, info: null },
      { name: ".rel.stab", type: SHT_REL, data: rel.done(), align: 4, entsize: 8, link: ".symtab", info: ".stab" }
    ],
    sectionSymbols: []
  };
}

// toolchain/asm/debug/index.ts
function debugSections(asm, format, module, compDir) {
  const targets = /* @__PURE__ */ new Map();
  asm.sections.forEach((s, i) => targets.set(s.seg, { index: i + 1, exec: s.exec, size: s.size }));
  const outs = asm.debug?.outs ?? [];
  return format === "stabs" ? stabsSections(outs, targets, module) : dwarfSections(outs, targets, asm.sections.length, { module, compDir });
}

// toolchain/asm/listing.ts
var HEXBIT = 18;
var MAX_LINE = 1020;
var LIST_DIRECTIVE = /^\s*\[\s*list\s+([+-])\s*\]/i;
var hex2 = (b) => (b & 255).toString(16).toUpperCase().padStart(2, "0");
var sizeTag = (tag, n) => `<${tag} ${n.toString(16).toUpperCase()}h>`;
function formatListing(entries, listed) {
  const byLine = /* @__PURE__ */ new Map();
  for (const e of entries) {
    if (e.listed === void 0 || e.listed < 0) continue;
    let list = byLine.get(e.listed);
    if (!list) byLine.set(e.listed, list = []);
    list.push(e);
  }
  const out = [];
  let lineno = 0, level = 0, text = "", pendingText = false;
  let data = "", dataOffset = 0;
  let warnings = [];
  const emit = (now) => {
    if (pendingText || data) {
      let row = `${String(lineno).padStart(6)} `;
      row += data ? `${dataOffset.toString(16).toUpperCase().padStart(8, "0")} ${data.padEnd(HEXBIT + 1)}` : " ".repeat(HEXBIT + 10);
      if (level) row += `${now < 10 ? " " : ""}<${level}>`;
      else if (pendingText) row += "    ";
      if (pendingText) row += ` ${text}`;
      out.push(row);
      pendingText = false;
      data = "";
    }
    for (const w of warnings) {
      out.push(`${String(lineno).padStart(6)}          ${"*".repeat(HEXBIT)}${level ? ` ${now < 10 ? " " : ""}<${level}>` : "     "}  warning: ${w}`);
    }
    warnings = [];
  };
  const put = (offset, s) => {
    if (data.length + s.length > HEXBIT) {
      data += "-";
      emit(level);
    }
    if (!data && offset !== void 0) dataOffset = offset;
    data += s;
  };
  let userNolist = false;
  listed.forEach((l, i) => {
    if (!userNolist) {
      emit(l.level);
      lineno = l.line;
      level = l.level;
      text = l.text.length >= MAX_LINE ? l.text.slice(0, MAX_LINE) + "..." : l.text;
      pendingText = true;
      warnings.push(...l.warnings ?? []);
    }
    for (const e of byLine.get(i) ?? []) {
      const directive = LIST_DIRECTIVE.exec(e.text);
      if (directive) userNolist = directive[1] === "-";
      if (userNolist) continue;
      for (const c of e.chunks ?? []) {
        switch (c.k) {
          case "raw":
            c.bytes.forEach((b, k) => put(c.offset + k, hex2(b)));
            break;
          case "addr": {
            let v = BigInt.asUintN(c.size * 8, c.value), s = "";
            for (let k = 0; k < c.size; k++) {
              s += hex2(Number(v & 0xffn));
              v >>= 8n;
            }
            put(c.offset, c.rel ? `(${s})` : `[${s}]`);
            break;
          }
          case "res":
            put(c.offset, c.size > 8 ? sizeTag("res", c.size) : "??".repeat(c.size));
            break;
          case "size":
            put(c.offset, sizeTag(c.tag, c.n));
            break;
          case "warn":
            warnings.push(c.text);
            break;
        }
      }
    }
  });
  emit(0);
  return out.join("\n") + (out.length ? "\n" : "");
}

// toolchain/asm/limits.ts
var UNLIMITED = Number.MAX_SAFE_INTEGER;
var LIMIT_TABLE = [
  { name: "passes", key: "passes", help: "total number of passes", default: UNLIMITED },
  { name: "stalled-passes", key: "stalledPasses", help: "number of passes without forward progress", default: 1e3 },
  { name: "macro-levels", key: "macroLevels", help: "levels of macro expansion", default: 1e4 },
  { name: "macro-tokens", key: "macroTokens", help: "tokens of a line's single-line macro expansion", default: 1e7 },
  { name: "mmacros", key: "mmacros", help: "multi-line macros before final return (accepted, no effect)", default: 1e5 },
  { name: "rep", key: "rep", help: "%rep count", default: 1e6 },
  { name: "eval", key: "eval", help: "expression evaluation descent", default: 8192 },
  { name: "lines", key: "lines", help: "total source lines processed", default: 2e9 }
];
var DEFAULT_ASM_LIMITS = Object.fromEntries(LIMIT_TABLE.map((l) => [l.key, l.default]));

// toolchain/asm/preprocess/conditions.ts
var emitting = (conds) => {
  const top = conds[conds.length - 1];
  return !top || top.state === "true" || top.state === "else-true";
};
function condKind(directive) {
  const d = directive.toLowerCase();
  if (d === "else") return { kind: "else" };
  if (d === "endif") return { kind: "endif" };
  const m = /^(if|elif)(n?)(.*)$/.exec(d);
  if (!m) return null;
  const kind = m[1];
  let negate = m[2] === "n";
  let test = m[3];
  if (negate && !TESTS.has(test) && TESTS.has("n" + test)) {
    negate = false;
    test = "n" + test;
  }
  if (!TESTS.has(test)) return null;
  return { kind, test, negate };
}
var TESTS = /* @__PURE__ */ new Set(["", "def", "defalias", "idn", "idni", "num", "str", "id", "macro", "ctx", "empty", "token", "env", "usable", "using"]);

// toolchain/asm/preprocess/floats.ts
var FLOAT_OPERATORS = ["float8", "float16", "bfloat16", "float32", "float64", "float80m", "float80e", "float128l", "float128h"];
var FORMATS = {
  f8: { exp: 4, frac: 3, explicit: false },
  f16: { exp: 5, frac: 10, explicit: false },
  bf16: { exp: 8, frac: 7, explicit: false },
  f32: { exp: 8, frac: 23, explicit: false },
  f64: { exp: 11, frac: 52, explicit: false },
  f80: { exp: 15, frac: 63, explicit: true },
  f128: { exp: 15, frac: 112, explicit: false }
};
var OPERATORS = {
  float8: { format: FORMATS.f8, shift: 0, bits: 8 },
  float16: { format: FORMATS.f16, shift: 0, bits: 16 },
  bfloat16: { format: FORMATS.bf16, shift: 0, bits: 16 },
  float32: { format: FORMATS.f32, shift: 0, bits: 32 },
  float64: { format: FORMATS.f64, shift: 0, bits: 64 },
  float80m: { format: FORMATS.f80, shift: 0, bits: 64 },
  float80e: { format: FORMATS.f80, shift: 64, bits: 16 },
  float128l: { format: FORMATS.f128, shift: 0, bits: 64 },
  float128h: { format: FORMATS.f128, shift: 64, bits: 64 }
};
function floatOperator(name) {
  const m = /^__\?(\w+)\?__$/.exec(name);
  const op = m?.[1].toLowerCase();
  return op && FLOAT_OPERATORS.includes(op) ? op : null;
}
function specialFloat(name) {
  switch (name.toLowerCase()) {
    case "__?infinity?__":
      return "inf";
    case "__?nan?__":
    case "__?qnan?__":
      return "qnan";
    case "__?snan?__":
      return "snan";
  }
  return null;
}
function isFloatLiteral(text) {
  const t = text.toLowerCase();
  if (/^(0[xhoqby]|\$)/.test(t)) return /^(0[xhoqby]|\$)[0-9a-f_]*(\.[0-9a-f_]*)?(p[+-]?\d+)?$/.test(t) && /[.p]/.test(t.slice(2));
  const d = /^0[dt]/.test(t) ? t.slice(2) : t;
  return /^[0-9_]*(\.[0-9_]*)?(e[+-]?\d+)?$/.test(d) && /\d/.test(d) && /[.e]/.test(d);
}
function floatConstant(op, literal, negative) {
  const { format, shift, bits } = OPERATORS[op];
  const enc2 = encode(format, literal, negative);
  if ("error" in enc2) return { ok: false, error: enc2.error };
  const part = enc2.bits >> BigInt(shift) & (1n << BigInt(bits)) - 1n;
  return { ok: true, value: bits === 64 ? BigInt.asIntN(64, part) : part, overflow: enc2.overflow };
}
function floatData(bytes, literal, negative) {
  const format = bytes === 1 ? FORMATS.f8 : bytes === 2 ? FORMATS.f16 : bytes === 4 ? FORMATS.f32 : FORMATS.f64;
  const enc2 = encode(format, literal, negative);
  return "error" in enc2 ? { ok: false, error: enc2.error } : { ok: true, value: enc2.bits, overflow: enc2.overflow };
}
function parseLiteral(text) {
  let t = text.toLowerCase().replace(/_/g, "");
  let radix = 10;
  if (t.startsWith("$")) {
    radix = 16;
    t = t.slice(1);
  } else if (/^0[xh]/.test(t)) {
    radix = 16;
    t = t.slice(2);
  } else if (/^0[oq]/.test(t)) {
    radix = 8;
    t = t.slice(2);
  } else if (/^0[by]/.test(t)) {
    radix = 2;
    t = t.slice(2);
  } else if (/^0[dt]/.test(t)) t = t.slice(2);
  const m = radix === 10 ? /^(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/.exec(t) : /^([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/.exec(t);
  if (!m) return null;
  const int = m[1] ?? "", fraction = m[2] ?? "";
  let digits = int + fraction;
  if (!digits) return null;
  let dropped = 0;
  if (digits.length > MAX_DIGITS) {
    dropped = digits.length - MAX_DIGITS;
    digits = digits.slice(0, MAX_DIGITS);
  }
  let mant = 0n;
  for (const c of digits) {
    const v = parseInt(c, radix);
    if (Number.isNaN(v)) return null;
    mant = mant * BigInt(radix) + BigInt(v);
  }
  const expo = Number(m[3] ?? "0");
  if (Math.abs(expo) > 1e5) return null;
  if (radix === 10) {
    const e2 = expo - fraction.length + dropped;
    return e2 >= 0 ? { num: mant * 10n ** BigInt(e2), den: 1n, decimal: true } : { num: mant, den: 10n ** BigInt(-e2), decimal: true };
  }
  const e = expo - (fraction.length - dropped) * Math.log2(radix);
  return e >= 0 ? { num: mant << BigInt(e), den: 1n, decimal: false } : { num: mant, den: 1n << BigInt(-e), decimal: false };
}
var MAX_DIGITS = 5e3;
var bitLength = (v) => v === 0n ? 0 : v.toString(2).length;
function roundScaled(num2, den, shift, decimal) {
  let n = num2, d = den;
  if (shift >= 0) d <<= BigInt(shift);
  else n <<= BigInt(-shift);
  const q = n / d;
  const r2 = (n - q * d) * 2n;
  if (r2 > d || r2 === d && !decimal && (q & 1n) === 1n) return q + 1n;
  return q;
}
function encode(f, literal, negative) {
  const fracBits = BigInt(f.frac);
  const intBit = f.explicit ? 1n << fracBits : 0n;
  const width = 1 + f.exp + f.frac + (f.explicit ? 1 : 0);
  const expAllOnes = (1n << BigInt(f.exp)) - 1n;
  const pack = (biased, mantissa) => (negative ? 1n : 0n) << BigInt(width - 1) | biased << BigInt(f.frac + (f.explicit ? 1 : 0)) | mantissa;
  const special = specialFloat(literal);
  if (special) {
    const payload = special === "inf" ? 0n : special === "qnan" ? 1n << fracBits - 1n : 1n;
    return { bits: pack(expAllOnes, intBit | payload), overflow: false };
  }
  const v = parseLiteral(literal);
  if (!v) return { error: `invalid floating-point constant \`${literal}'` };
  if (v.num === 0n) return { bits: pack(0n, 0n), overflow: false };
  const expmax = 1 << f.exp - 1;
  const infinity = { bits: pack(expAllOnes, intBit), overflow: true };
  let e = bitLength(v.num) - bitLength(v.den);
  if (e >= 0 ? v.num < v.den << BigInt(e) : v.num << BigInt(-e) < v.den) e--;
  const exactPower = e >= 0 ? v.num === v.den << BigInt(e) : v.num << BigInt(-e) === v.den;
  if (v.decimal && exactPower) e--;
  if (e > expmax) return infinity;
  if (e >= 2 - expmax) {
    let q2 = roundScaled(v.num, v.den, e - f.frac, v.decimal);
    if (q2 >> fracBits + 1n) {
      q2 >>= 1n;
      e++;
      if (e + expmax - 1 >= 2 * expmax - 1) return infinity;
    }
    return { bits: pack(BigInt(e + expmax - 1), f.explicit ? q2 : q2 - (1n << fracBits)), overflow: false };
  }
  const q = roundScaled(v.num, v.den, 2 - expmax - f.frac, v.decimal);
  if (q >> fracBits) return { bits: pack(1n, f.explicit ? q : q - (1n << fracBits)), overflow: false };
  return { bits: pack(0n, q), overflow: false };
}

// toolchain/asm/preprocess/tokens.ts
function hides(set, macro) {
  for (let h = set; h; h = h.next) if (h.macro === macro) return true;
  return false;
}
var ID_START2 = new Uint8Array(256).fill(1, 128);
var ID_CHAR2 = new Uint8Array(256).fill(1, 128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.?@") ID_START2[c.charCodeAt(0)] = ID_CHAR2[c.charCodeAt(0)] = 1;
for (const c of "0123456789$#~") ID_CHAR2[c.charCodeAt(0)] = 1;
var isIdStart = (c) => c.length === 1 && ID_START2[c.charCodeAt(0)] === 1;
var isIdChar = (c) => c.length === 1 && ID_CHAR2[c.charCodeAt(0)] === 1;
var isDigit = (c) => c >= "0" && c <= "9";
var isBlank = (c) => c === " " || c === "	" || c === "\r" || c === "\f" || c === "\v";
var OPS3 = ["<<<", ">>>", "<=>"];
var OPS2 = ["==", "!=", "<>", "<=", ">=", "<<", ">>", "&&", "||", "^^", "//", "%%"];
function scanBracket(s, i, open, close) {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === "'" || c === '"' || c === "`") {
      j = scanString(s, j) - 1;
      continue;
    }
    if (c === open) depth++;
    else if (c === close && --depth === 0) return j + 1;
  }
  return s.length;
}
function scanString(s, i) {
  const q = s[i];
  let j = i + 1;
  while (j < s.length) {
    const c = s[j];
    if (q === "`" && c === "\\") {
      j += 2;
      continue;
    }
    if (c === q) return j + 1;
    j++;
  }
  return s.length;
}
function tokenize(line) {
  const out = [];
  const n = line.length;
  let i = 0;
  const push = (type, end) => {
    out.push({ type, text: line.slice(i, end), col: i + 1 });
    i = end;
  };
  while (i < n) {
    const c = line[i];
    if (isBlank(c)) {
      let j = i + 1;
      while (j < n && isBlank(line[j])) j++;
      out.push({ type: "ws", text: " ", col: i + 1 });
      i = j;
      continue;
    }
    if (c === ";") break;
    if (c === "'" || c === '"' || c === "`") {
      push("str", scanString(line, i));
      continue;
    }
    if (c === "%") {
      const d = line[i + 1] ?? "";
      if (d === "[") {
        push("indirect", scanBracket(line, i + 1, "[", "]"));
        continue;
      }
      if (d === "{") {
        push("brace", scanBracket(line, i + 1, "{", "}"));
        continue;
      }
      if (d === "%" && isIdChar(line[i + 2] ?? "")) {
        let j = i + 2;
        while (j < n && isIdChar(line[j])) j++;
        push("local", j);
        continue;
      }
      if (d === "$") {
        let j = i + 1;
        while (line[j] === "$") j++;
        while (j < n && isIdChar(line[j])) j++;
        push("ctx", j);
        continue;
      }
      if (isDigit(d) || (d === "+" || d === "-") && isDigit(line[i + 2] ?? "")) {
        let j = i + 2;
        while (j < n && isDigit(line[j])) j++;
        push("param", j);
        continue;
      }
      if (d === "?") {
        push("qq", line[i + 2] === "?" ? i + 3 : i + 2);
        continue;
      }
      if (d === "*" && line[i + 2] === "?") {
        push("qq", line[i + 3] === "?" ? i + 4 : i + 3);
        continue;
      }
      if (d === "+") {
        push("paste", i + 2);
        continue;
      }
      if (d === "!") {
        let j = i + 2;
        if (line[j] === "'" || line[j] === '"') j = scanString(line, j);
        else while (j < n && isIdChar(line[j])) j++;
        push("pp", j);
        continue;
      }
      if (isIdStart(d)) {
        let j = i + 1;
        while (j < n && isIdChar(line[j])) j++;
        push("pp", j);
        continue;
      }
      if (d === "%") {
        push("op", i + 2);
        continue;
      }
      push("op", i + 1);
      continue;
    }
    if (c === "$" && isDigit(line[i + 1] ?? "")) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_]/.test(line[j])) j++;
      push("num", j);
      continue;
    }
    if (isIdStart(c) || c === "$" && isIdStart(line[i + 1] ?? "")) {
      let j = i + 1;
      while (j < n && isIdChar(line[j])) j++;
      push("id", j);
      continue;
    }
    if (isDigit(c)) {
      let j = i + 1;
      while (j < n) {
        const e = line[j];
        if (/[0-9A-Za-z_.]/.test(e)) {
          j++;
          continue;
        }
        if ((e === "+" || e === "-") && /[eE]/.test(line[j - 1]) && /^[0-9_]*\.[0-9_]*[eE]$/.test(line.slice(i, j))) {
          j++;
          continue;
        }
        break;
      }
      push("num", j);
      continue;
    }
    const three = line.slice(i, i + 3);
    if (OPS3.includes(three)) {
      push("op", i + 3);
      continue;
    }
    const two = line.slice(i, i + 2);
    if (OPS2.includes(two)) {
      push("op", i + 2);
      continue;
    }
    push("op", i + 1);
  }
  while (out.length && out[out.length - 1].type === "ws") out.pop();
  return out;
}
function detokenize(tokens) {
  if (tokens.length === 1) return tokens[0].text;
  const parts = new Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) parts[i] = tokens[i].text;
  return parts.join("");
}
function skipWs(tokens, i) {
  while (i < tokens.length && tokens[i].type === "ws") i++;
  return i;
}
function trimWs(tokens) {
  let a = 0;
  let b = tokens.length;
  while (a < b && tokens[a].type === "ws") a++;
  while (b > a && tokens[b - 1].type === "ws") b--;
  return tokens.slice(a, b);
}
function unquote(tokenText) {
  const q = tokenText[0];
  let body = tokenText.slice(1);
  if (body.endsWith(q)) body = body.slice(0, -1);
  if (q !== "`") return stringBytes(body);
  const bytes = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      bytes.push(c.charCodeAt(0) & 255);
      continue;
    }
    const e = body[++i] ?? "";
    const simple = { "'": 39, '"': 34, "`": 96, "\\": 92, "?": 63, a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, e: 27 };
    if (e in simple) {
      bytes.push(simple[e]);
      continue;
    }
    if (/[0-7]/.test(e)) {
      let v = 0, k = 0;
      while (k < 3 && /[0-7]/.test(body[i] ?? "")) {
        v = v * 8 + Number(body[i]);
        i++;
        k++;
      }
      i--;
      bytes.push(v & 255);
      continue;
    }
    if (e === "x") {
      let v = 0, k = 0;
      while (k < 2 && /[0-9a-fA-F]/.test(body[i + 1] ?? "")) {
        v = v * 16 + parseInt(body[++i], 16);
        k++;
      }
      bytes.push(v);
      continue;
    }
    if (e === "u" || e === "U") {
      const len = e === "u" ? 4 : 8;
      let h = "";
      while (h.length < len && /[0-9a-fA-F]/.test(body[i + 1] ?? "")) h += body[++i];
      const cp = parseInt(h || "0", 16);
      bytes.push(...encodeSourceText(cp <= 1114111 ? String.fromCodePoint(cp) : "\uFFFD"));
      continue;
    }
    if (e !== "") bytes.push(e.charCodeAt(0) & 255);
  }
  return Uint8Array.from(bytes);
}
function quoteBytes(bytes) {
  const s = byteString(bytes);
  const printable = bytes.every((b) => b >= 32 && b !== 127);
  if (printable && !s.includes("'")) return `'${s}'`;
  if (printable && !s.includes('"')) return `"${s}"`;
  let out = "`";
  for (const b of bytes) {
    if (b === 96) out += "\\`";
    else if (b === 92) out += "\\\\";
    else if (b >= 32 && b < 127) out += String.fromCharCode(b);
    else if (b === 10) out += "\\n";
    else if (b === 9) out += "\\t";
    else if (b === 13) out += "\\r";
    else out += "\\" + b.toString(8);
  }
  return out + "`";
}

// toolchain/asm/preprocess/expr.ts
var MASK = (1n << 64n) - 1n;
var wrap = (v) => BigInt.asIntN(64, v);
var u642 = (v) => v & MASK;
var EvalError = class extends Error {
  constructor(message, col) {
    super(message);
    this.col = col;
  }
  col;
};
function readNumber(text) {
  const v = text.startsWith("$") ? text.length > 1 ? parseNumber("0x" + text.slice(1)) : null : parseNumber(text);
  return v === null ? null : wrap(v);
}
function charConstant(text) {
  const bytes = unquote(text);
  let v = 0n;
  for (let i = Math.min(bytes.length, 8) - 1; i >= 0; i--) v = v << 8n | BigInt(bytes[i]);
  return wrap(v);
}
var MAX_DEPTH = 256;
function ilog2Operator(name) {
  const m = /^__\?ilog2([ewfc])\?__$/i.exec(name);
  return m ? m[1].toLowerCase() : null;
}
var bitLength2 = (v) => v === 0n ? 0 : v.toString(2).length;
function ilog2Of(kind, v, col, warnings) {
  const u = u642(v);
  if ((kind === "e" || kind === "w") && (u === 0n || (u & u - 1n) !== 0n)) {
    if (kind === "e") throw new EvalError("ilog2 argument is not a power of two", col);
    warnings.push({ text: "ilog2 argument is not a power of two", col });
  }
  if (kind === "c") return u < 2n ? 0n : BigInt(bitLength2(u - 1n));
  return u === 0n ? 0n : BigInt(bitLength2(u) - 1);
}
function floatCall(op, toks, pos, col, warnings) {
  const at = (i) => toks[i]?.text;
  const here = () => toks[pos]?.col ?? toks[toks.length - 1]?.col ?? 0;
  if (at(pos) !== "(") throw new EvalError("expecting `('", here());
  pos++;
  const sign = at(pos) === "-" || at(pos) === "+" ? at(pos++) : "";
  const t = toks[pos];
  let text = t?.text ?? "";
  if (t?.type === "num" && /[eEpP]$/.test(text) && (at(pos + 1) === "-" || at(pos + 1) === "+") && toks[pos + 2]?.type === "num") {
    text += at(pos + 1) + at(pos + 2);
    pos += 2;
  }
  if (!t || !(t.type === "num" && isFloatLiteral(text) || t.type === "id" && specialFloat(text))) {
    throw new EvalError("expecting floating-point number", t?.col ?? here());
  }
  pos++;
  const r = floatConstant(op, text, sign === "-");
  if (!r.ok) throw new EvalError(r.error, t.col);
  if (r.overflow) warnings.push({ text: "overflow in floating-point constant", col });
  if (at(pos) !== ")") throw new EvalError("expecting `)'", here());
  return { value: r.value, pos: pos + 1 };
}
function evaluate2(tokens) {
  const toks = tokens.filter((t) => t.type !== "ws");
  let pos = 0;
  let depth = 0;
  const warnings = [];
  const peek = () => toks[pos];
  const isOp = (...ops) => {
    const t = toks[pos];
    return t !== void 0 && (t.type === "op" || t.type === "id") && ops.includes(t.text.toLowerCase()) ? t.text.toLowerCase() : null;
  };
  const colHere = () => toks[pos]?.col ?? toks[toks.length - 1]?.col ?? 0;
  function expr() {
    if (++depth > MAX_DEPTH) throw new EvalError("expression too deeply nested", colHere());
    const c = rexp0();
    let r = c;
    if (isOp("?")) {
      pos++;
      const a = expr();
      if (!isOp(":")) throw new EvalError("`:' expected in conditional expression", colHere());
      pos++;
      const b = expr();
      r = c !== 0n ? a : b;
    }
    depth--;
    return r;
  }
  function rexp0() {
    let v = rexp1();
    while (isOp("||")) {
      pos++;
      const r = rexp1();
      v = v !== 0n || r !== 0n ? 1n : 0n;
    }
    return v;
  }
  function rexp1() {
    let v = rexp2();
    while (isOp("^^")) {
      pos++;
      const r = rexp2();
      v = v !== 0n !== (r !== 0n) ? 1n : 0n;
    }
    return v;
  }
  function rexp2() {
    let v = rexp3();
    while (isOp("&&")) {
      pos++;
      const r = rexp3();
      v = v !== 0n && r !== 0n ? 1n : 0n;
    }
    return v;
  }
  function rexp3() {
    let v = expr0();
    for (; ; ) {
      const op = isOp("=", "==", "!=", "<>", "<", ">", "<=", ">=", "<=>");
      if (!op) return v;
      pos++;
      const r = expr0();
      switch (op) {
        case "=":
        case "==":
          v = v === r ? 1n : 0n;
          break;
        case "!=":
        case "<>":
          v = v !== r ? 1n : 0n;
          break;
        case "<":
          v = v < r ? 1n : 0n;
          break;
        case ">":
          v = v > r ? 1n : 0n;
          break;
        case "<=":
          v = v <= r ? 1n : 0n;
          break;
        case ">=":
          v = v >= r ? 1n : 0n;
          break;
        case "<=>":
          v = v < r ? -1n : v > r ? 1n : 0n;
          break;
      }
    }
  }
  function expr0() {
    let v = expr1();
    while (isOp("|")) {
      pos++;
      v = wrap(v | expr1());
    }
    return v;
  }
  function expr1() {
    let v = expr2();
    while (isOp("^")) {
      pos++;
      v = wrap(v ^ expr2());
    }
    return v;
  }
  function expr2() {
    let v = expr3();
    while (isOp("&")) {
      pos++;
      v = wrap(v & expr3());
    }
    return v;
  }
  function expr3() {
    let v = expr4();
    for (; ; ) {
      const op = isOp("<<", ">>", "<<<", ">>>");
      if (!op) return v;
      pos++;
      const r = expr4();
      const n = u642(r) > 63n ? 64n : u642(r);
      if (op === "<<" || op === "<<<") v = n >= 64n ? 0n : wrap(v << n);
      else if (op === ">>") v = n >= 64n ? 0n : wrap(u642(v) >> n);
      else v = n >= 64n ? v < 0n ? -1n : 0n : v >> n;
    }
  }
  function expr4() {
    let v = expr5();
    for (; ; ) {
      const op = isOp("+", "-");
      if (!op) return v;
      pos++;
      const r = expr5();
      v = wrap(op === "+" ? v + r : v - r);
    }
  }
  function expr5() {
    let v = expr6();
    for (; ; ) {
      const op = isOp("*", "/", "%", "//", "%%");
      if (!op) return v;
      const col = colHere();
      pos++;
      const r = expr6();
      if (op !== "*" && r === 0n) throw new EvalError("division by zero", col);
      switch (op) {
        case "*":
          v = wrap(v * r);
          break;
        case "/":
          v = wrap(u642(v) / u642(r));
          break;
        case "%":
          v = wrap(u642(v) % u642(r));
          break;
        case "//":
          v = wrap(v / r);
          break;
        case "%%":
          v = wrap(v % r);
          break;
      }
    }
  }
  function expr6() {
    const t = peek();
    const ilog2 = t?.type === "id" ? ilog2Operator(t.text) : null;
    const op = ilog2 ? null : isOp("-", "+", "~", "!");
    if (op || ilog2) {
      if (++depth > MAX_DEPTH) throw new EvalError("expression too deeply nested", colHere());
      pos++;
      const v = expr6();
      depth--;
      if (ilog2) return ilog2Of(ilog2, v, t.col, warnings);
      return op === "-" ? wrap(-v) : op === "+" ? v : op === "~" ? wrap(~v) : v === 0n ? 1n : 0n;
    }
    const float = t?.type === "id" ? floatOperator(t.text) : null;
    if (float) {
      const r = floatCall(float, toks, pos + 1, t.col, warnings);
      pos = r.pos;
      return r.value;
    }
    return expr7();
  }
  function expr7() {
    const t = peek();
    if (!t) throw new EvalError("expression syntax error: value expected", colHere());
    if (t.type === "op" && t.text === "(") {
      pos++;
      const v = expr();
      if (!isOp(")")) throw new EvalError("expecting `)'", colHere());
      pos++;
      return v;
    }
    if (t.type === "num") {
      const v = readNumber(t.text);
      if (v === null) throw new EvalError(`invalid number \`${t.text}'`, t.col);
      pos++;
      return v;
    }
    if (t.type === "str") {
      pos++;
      return charConstant(t.text);
    }
    if (t.type === "id" || t.type === "blocked") {
      throw new EvalError(`symbol \`${t.text}' is not a macro: the preprocessor cannot evaluate symbol references`, t.col);
    }
    throw new EvalError(`expression syntax error at \`${t.text}'`, t.col);
  }
  try {
    if (toks.length === 0) return { ok: false, error: "expression expected", col: 0 };
    const v = expr();
    if (pos < toks.length) return { ok: false, error: `expression syntax error at \`${toks[pos].text}'`, col: toks[pos].col };
    return warnings.length ? { ok: true, value: v, warnings } : { ok: true, value: v };
  } catch (e) {
    if (e instanceof EvalError) return { ok: false, error: e.message, col: e.col };
    throw e;
  }
}

// toolchain/asm/preprocess/smacro.ts
function makeSMacro(name, caseSensitive, params, greedy, body, modifiers) {
  const paramIndex = body.map((t) => params && t.type === "id" ? params.indexOf(t.text) : -1);
  const m = { name, caseSensitive, params, greedy, body, paramIndex };
  if (modifiers?.some((x) => x.evaluate || x.stringify || x.noStrip)) m.modifiers = modifiers;
  return m;
}
function makeAlias(name, caseSensitive, target) {
  return { name, caseSensitive, params: null, greedy: false, body: [{ type: target.type, text: target.text, col: 0 }], paramIndex: [-1], alias: true };
}
var NONE = [];
var SMacroTable = class {
  exact = /* @__PURE__ */ new Map();
  folded = /* @__PURE__ */ new Map();
  /** First characters of case-insensitive names: most lookups then skip lower-casing the name. */
  foldedFirst = new Uint8Array(128);
  /** `%aliases off`: lookups skip aliases (and definitions no longer follow them). */
  noAliases = false;
  define(m) {
    const map = m.caseSensitive ? this.exact : this.folded;
    const key = m.caseSensitive ? m.name : m.name.toLowerCase();
    if (!m.caseSensitive) this.foldedFirst[key.charCodeAt(0) & 127] = 1;
    const list = m.alias ? [] : (map.get(key) ?? []).filter((o) => !o.alias && (o.params?.length ?? -1) !== (m.params?.length ?? -1));
    list.push(m);
    map.set(key, list);
  }
  /** Remove every definition of a name (macros and aliases alike, both cases). */
  undefine(name) {
    this.exact.delete(name);
    this.folded.delete(name.toLowerCase());
  }
  /** All macros a name can invoke (case-sensitive ones first). */
  lookup(name) {
    const a = this.exact.get(name);
    const c = name.charCodeAt(0);
    const b = this.foldedFirst[(c >= 65 && c <= 90 ? c + 32 : c) & 127] ? this.folded.get(name.toLowerCase()) : void 0;
    if (!a && !b) return NONE;
    const all = a && b ? [...a, ...b] : a ?? b;
    return this.noAliases && all.some((m) => m.alias) ? all.filter((m) => !m.alias) : all;
  }
  /** The alias a name stands for, if it is one (and aliases are on). */
  aliasOf(name) {
    if (this.noAliases) return void 0;
    return this.lookup(name).find((m) => m.alias);
  }
  isDefined(name) {
    return this.lookup(name).length > 0;
  }
  /** `%clear`: drop ordinary macros and/or aliases. */
  clear(what) {
    for (const map of [this.exact, this.folded]) {
      for (const [key, list] of map) {
        const kept = list.filter((m) => m.alias ? !what.aliases : !what.defines);
        if (kept.length) map.set(key, kept);
        else map.delete(key);
      }
    }
  }
  /** Every definition, each name's overloads in the order they were defined. */
  all() {
    return [...this.exact.values(), ...this.folded.values()].flat();
  }
  get size() {
    return this.exact.size + this.folded.size;
  }
};
var MAX_INDIRECT_DEPTH = 64;
var ExpansionLimit = class extends Error {
};
function readArgs(work) {
  let k = work.length - 1;
  while (k >= 0 && work[k].type === "ws") k--;
  if (k < 0 || work[k].text !== "(") return null;
  k--;
  const args = [];
  let cur = [];
  let raw = [];
  let depth = 0;
  let carry = false;
  let leading = true;
  const finish = () => {
    let stripped = false;
    while (cur.length && cur[cur.length - 1].type === "ws") {
      cur.pop();
      stripped = true;
    }
    if (cur.length >= 2 && cur[0].text === "{" && cur[cur.length - 1].text === "}") cur = cur.slice(1, -1);
    args.push({ tokens: cur, raw });
    cur = [];
    raw = [];
    carry = stripped;
    leading = true;
  };
  for (; k >= 0; k--) {
    const t = work[k];
    const depthBefore = depth;
    if (!(t.type === "op" && (t.text === ")" || t.text === ",") && depthBefore === 0)) raw.push(t);
    if (leading && t.type === "ws") continue;
    if (leading) {
      if (carry) cur.push({ type: "ws", text: " ", col: 0 });
      leading = false;
    }
    if (t.type === "op" && (t.text === "(" || t.text === "{")) depth++;
    else if (t.type === "op" && (t.text === ")" || t.text === "}")) {
      if (depth === 0) {
        finish();
        return { args, consumed: work.length - k };
      }
      depth--;
    } else if (t.type === "op" && t.text === "," && depth === 0) {
      finish();
      continue;
    }
    cur.push(t);
  }
  return null;
}
function pick(macros, n) {
  if (n === null) return macros.find((m) => m.params === null);
  return macros.find((m) => m.params !== null && m.params.length === n) ?? macros.find((m) => m.params !== null && m.greedy && n >= m.params.length - 1);
}
var NO_HIDE = { macro: {}, next: void 0 };
function instantiate(m, args, invokedAs, hide, env, col) {
  if (m.dynamic) return m.dynamic().map((t) => ({ ...t, hide }));
  const out = [];
  const params = m.params ?? [];
  let argList = args ?? [];
  if (m.greedy && argList.length > params.length) {
    const rest = argList.slice(params.length - 1);
    const first = rest[0];
    const last = [...first.tokens];
    if (first.raw[first.raw.length - 1]?.type === "ws" && last.length) last.push({ type: "ws", text: " ", col: 0 });
    const lastRaw = [...first.raw];
    for (const a of rest.slice(1)) {
      last.push({ type: "op", text: ",", col: 0 }, ...a.raw);
      lastRaw.push({ type: "op", text: ",", col: 0 }, ...a.raw);
    }
    while (last.length && last[last.length - 1].type === "ws") last.pop();
    argList = [...argList.slice(0, params.length - 1), { tokens: last, raw: lastRaw }];
  }
  if (m.modifiers) argList = argList.map((a, i) => applyModifier(m, i, a, env, col));
  for (let i = 0; i < m.body.length; i++) {
    const t = m.body[i];
    const p = m.paramIndex[i];
    if (p >= 0) {
      for (const a of argList[p]?.tokens ?? []) out.push({ ...a, hide: a.hide ?? NO_HIDE });
      continue;
    }
    if (t.type === "qq") {
      const text = t.text.endsWith("??") ? m.name : invokedAs;
      out.push({ type: "id", text, col: 0, hide });
      continue;
    }
    out.push({ type: t.type, text: t.text, col: 0, hide });
  }
  return out;
}
function applyModifier(m, i, a, env, col) {
  const mod = m.modifiers?.[i];
  if (!mod) return a;
  const inside = (ts) => expandSMacros(ts.map((t) => ({ ...t, hide: { macro: m, next: t.hide } })), env);
  let tokens = mod.noStrip ? a.raw : a.tokens;
  if (mod.evaluate) {
    const r = evaluate2(inside(tokens));
    if (r.ok) tokens = [{ type: "num", text: r.value.toString(), col: 0 }];
    else {
      const what = /symbol|cannot evaluate/.test(r.error) ? "non-constant" : "invalid";
      env.error(`${what} expression in parameter ${i} of macro \`${m.name}'`, col);
      tokens = [];
    }
  }
  if (mod.stringify) {
    const e = mod.noStrip ? inside(tokens) : trimWs(inside(tokens));
    if (!(mod.stringify === "&&" && e.length === 1 && e[0].type === "str")) {
      tokens = [{ type: "str", text: quoteBytes(stringBytes(detokenize(e))), col: 0 }];
    } else tokens = e;
  }
  return { tokens, raw: tokens };
}
function pasteExplicit(tokens) {
  if (!tokens.some((t) => t.type === "paste")) return { tokens, pasted: false };
  const out = [];
  let pasted = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== "paste") {
      out.push(t);
      continue;
    }
    while (out.length && out[out.length - 1].type === "ws") out.pop();
    let j = i + 1;
    while (j < tokens.length && tokens[j].type === "ws") j++;
    const left = out.pop();
    const right = tokens[j];
    if (!left || !right) {
      if (left) out.push(left);
      i = j - 1;
      continue;
    }
    const joined = tokenize(left.text + right.text);
    const merged = joined.length === 1 ? { ...joined[0], col: left.col } : { type: left.type, text: left.text + right.text, col: left.col };
    out.push(merged);
    pasted = true;
    i = j;
  }
  return { tokens: out, pasted };
}
function expandSMacros(tokens, env) {
  let result = expandOnce(resolveIndirects(tokens, env), env);
  for (let round = 0; round < 8; round++) {
    const p = pasteExplicit(result);
    if (!p.pasted) break;
    result = expandOnce(p.tokens, env);
  }
  return result === tokens ? result : collapseBlanks(result);
}
function collapseBlanks(tokens) {
  let prevWs = false;
  let need = false;
  for (const t of tokens) {
    if (t.type === "ws" && prevWs) {
      need = true;
      break;
    }
    prevWs = t.type === "ws";
  }
  return need ? tokens.filter((t, i) => !(t.type === "ws" && tokens[i - 1]?.type === "ws")) : tokens;
}
var PASTES_WITH_INDIRECT = /* @__PURE__ */ new Set(["id", "num", "indirect"]);
function resolveIndirects(tokens, env) {
  if (!tokens.some((t) => t.type === "indirect")) return tokens;
  const out = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== "indirect" && !(PASTES_WITH_INDIRECT.has(t.type) && tokens[i + 1]?.type === "indirect")) {
      out.push(t);
      continue;
    }
    let text = "";
    const col = t.col;
    let j = i;
    for (; j < tokens.length && PASTES_WITH_INDIRECT.has(tokens[j].type); j++) {
      const x = tokens[j];
      if (x.type !== "indirect") {
        text += x.text;
        continue;
      }
      const depth = (env.budget.depth ?? 0) + 1;
      if (depth > MAX_INDIRECT_DEPTH) throw new ExpansionLimit(`%[\u2026] nested more than ${MAX_INDIRECT_DEPTH} levels deep`);
      env.budget.depth = depth;
      text += detokenize(expandSMacros(tokenize(x.text.slice(2, -1)), env)).trim();
      env.budget.depth = depth - 1;
    }
    for (const r of tokenize(text)) out.push({ ...r, col });
    i = j - 1;
  }
  return out;
}
function mayExpand(tokens, env) {
  for (const t of tokens) {
    if (t.type === "ctx" || t.type === "indirect" || t.type === "paste") return true;
    if (t.type === "id" && env.table.lookup(t.text).length) return true;
  }
  return false;
}
function expandOnce(tokens, env) {
  if (!mayExpand(tokens, env)) return tokens;
  const out = [];
  const work = [];
  for (let i = tokens.length - 1; i >= 0; i--) work.push(tokens[i]);
  let topEnd = -1;
  let made = 0;
  let frozen = -1;
  while (work.length) {
    if (work.length <= frozen) {
      while (work.length) out.push(work.pop());
      break;
    }
    if (work.length <= topEnd) topEnd = -1;
    const t = work.pop();
    if (--env.budget.tokens < 0) throw new ExpansionLimit("single-line macro expansion exceeded the token limit (recursive or exploding macro?)");
    if (t.type === "id" || t.type === "ctx") {
      let macros;
      let name = t.text;
      if (t.type === "ctx") {
        const r = env.contexts.resolve(t.text);
        if ("error" in r) {
          env.error(r.error, t.col);
          out.push(t);
          continue;
        }
        macros = r.context.smacros.lookup(r.name);
        if (!macros.length) {
          out.push({ type: "id", text: `..@${r.context.unique}.${r.name}`, col: t.col, hide: t.hide });
          continue;
        }
        name = r.name;
      } else {
        macros = env.table.lookup(t.text);
      }
      if (t.hide && macros.length) macros = macros.filter((m2) => !hides(t.hide, m2));
      if (!macros.length) {
        out.push(t);
        continue;
      }
      let m;
      let args = null;
      if (macros.some((x) => x.params !== null)) {
        const r = readArgs(work);
        if (r) {
          m = pick(macros, r.args.length === 1 && r.args[0].tokens.length === 0 && macros.some((x) => x.params?.length === 0) ? 0 : r.args.length);
          if (m && m.params !== null) {
            work.length -= r.consumed;
            args = r.args;
            if (topEnd >= 0 && work.length < topEnd && made < r.consumed) frozen = work.length;
          } else if (!m) {
            m = pick(macros, null);
            if (!m) env.error(`single-line macro \`${t.text}' exists, but not taking ${r.args.length} parameter${r.args.length === 1 ? "" : "s"}`, t.col, "warning");
          }
        } else m = pick(macros, null);
      } else m = pick(macros, null);
      if (!m) {
        out.push(t);
        continue;
      }
      const top = topEnd < 0;
      if (top) {
        topEnd = work.length;
        made = 0;
      }
      const hide = { macro: m, next: t.hide };
      const body = instantiate(m, args, name, hide, env, t.col);
      if (!top) made += body.length + (args ?? []).reduce((n, a) => n + a.tokens.length, 0);
      for (let i = body.length - 1; i >= 0; i--) {
        const b = body[i];
        work.push(b.hide ? b : { ...b, hide });
      }
      continue;
    }
    if (t.type === "indirect") {
      const inner = expandSMacros(tokenize(t.text.slice(2, -1)), env);
      const text = detokenize(inner).trim();
      for (const r of tokenize(text)) out.push({ ...r, col: t.col, hide: t.hide });
      continue;
    }
    out.push(t);
  }
  return out;
}

// toolchain/asm/preprocess/context.ts
var ContextStack = class {
  stack = [];
  get depth() {
    return this.stack.length;
  }
  push(name, unique) {
    this.stack.push({ name, unique, smacros: new SMacroTable() });
  }
  pop() {
    return this.stack.pop();
  }
  /** Every context, innermost first (for `%clear context`). */
  all() {
    return this.stack;
  }
  top() {
    return this.stack[this.stack.length - 1];
  }
  /**
   * The context a `%$…name` token refers to: one `$` is the top, each further `$` one level down.
   * Returns the context and the bare name, or an error text.
   */
  resolve(tokenText) {
    let dollars = 0;
    let i = 1;
    while (tokenText[i] === "$") {
      dollars++;
      i++;
    }
    const name = tokenText.slice(i);
    if (this.stack.length === 0) return { error: `\`${tokenText}': context stack is empty` };
    if (dollars > this.stack.length) {
      return { error: `\`${name}': context stack is only ${this.stack.length} level${this.stack.length === 1 ? "" : "s"} deep` };
    }
    return { context: this.stack[this.stack.length - dollars], name };
  }
};

// toolchain/asm/preprocess/mmacro.ts
var MMacroTable = class {
  exact = /* @__PURE__ */ new Map();
  folded = /* @__PURE__ */ new Map();
  define(m) {
    const map = m.caseSensitive ? this.exact : this.folded;
    const key = m.caseSensitive ? m.name : m.name.toLowerCase();
    const list = (map.get(key) ?? []).filter((o) => !(o.min === m.min && o.max === m.max && o.greedy === m.greedy));
    list.unshift(m);
    map.set(key, list);
  }
  /** Remove the definition with exactly this range; false when there is none. */
  undefine(name, caseSensitive, min, max) {
    const map = caseSensitive ? this.exact : this.folded;
    const key = caseSensitive ? name : name.toLowerCase();
    const list = map.get(key) ?? [];
    const kept = list.filter((o) => !(o.min === min && o.max === max));
    if (kept.length === list.length) return false;
    if (kept.length) map.set(key, kept);
    else map.delete(key);
    return true;
  }
  /** Every definition, newest first within a name (define() them in reverse to rebuild the table). */
  all() {
    return [...this.exact.values(), ...this.folded.values()].flat();
  }
  /** `%clear`: every multi-line macro goes, standard ones included. */
  clear() {
    this.exact.clear();
    this.folded.clear();
  }
  lookup(name) {
    const a = this.exact.get(name) ?? [];
    const b = this.folded.get(name.toLowerCase()) ?? [];
    return a.length && b.length ? [...a, ...b] : a.length ? a : b;
  }
};
function splitArgs(tokens) {
  const t = trimWs(tokens);
  if (!t.length) return [];
  const args = [];
  let cur = [];
  let depth = 0;
  for (const tok of t) {
    if (tok.type === "op" && tok.text === "{") {
      if (depth++ === 0 && trimWs(cur).length === 0) {
        cur.push(tok);
        continue;
      }
    } else if (tok.type === "op" && tok.text === "}") depth = Math.max(0, depth - 1);
    else if (tok.type === "op" && tok.text === "," && depth === 0) {
      args.push(cur);
      cur = [];
      continue;
    }
    cur.push(tok);
  }
  args.push(cur);
  return args.map(stripBraces);
}
function stripBraces(arg) {
  const t = trimWs(arg);
  if (t.length >= 2 && t[0].text === "{" && t[t.length - 1].text === "}") {
    let depth = 0;
    for (let i = 0; i < t.length; i++) {
      if (t[i].text === "{") depth++;
      else if (t[i].text === "}" && --depth === 0 && i !== t.length - 1) return t;
    }
    return t.slice(1, -1);
  }
  return t;
}
function findOverload(macros, n) {
  return macros.find((m) => n >= m.min && n <= m.max || m.greedy && n > m.max);
}
function bindParams(m, raw) {
  let args = splitArgs(raw);
  if (args.length >= 2 && args[args.length - 1].length === 0) {
    args.pop();
    raw = trimWs(raw).slice(0, -1);
    while (raw.length && raw[raw.length - 1].type === "ws") raw = raw.slice(0, -1);
  }
  if (m.greedy && args.length > m.max && m.max >= 1) {
    const t = trimWs(raw);
    let commas = 0;
    let depth = 0;
    let i = 0;
    for (; i < t.length; i++) {
      const x = t[i];
      if (x.text === "{") depth++;
      else if (x.text === "}") depth--;
      else if (x.text === "," && depth === 0 && ++commas === m.max - 1) {
        i++;
        break;
      }
    }
    if (m.max === 1) i = 0;
    args = [...args.slice(0, m.max - 1), trimWs(t.slice(i))];
  }
  const total = m.defaults.length ? Math.max(args.length, Math.min(m.max, m.min + m.defaults.length)) : args.length;
  for (let k = args.length; k < total; k++) args.push(m.defaults[k - m.min]?.slice() ?? []);
  return args;
}
var CONDITION_CODES = new Set("a ae b be c e g ge l le na nae nb nbe nc ne ng nge nl nle no np ns nz o p pe po s z".split(" "));
var invertCC = (cc) => cc === "pe" ? "po" : cc === "po" ? "pe" : cc.startsWith("n") ? cc.slice(1) : "n" + cc;
function paramAt(inv, n) {
  const count = inv.params.length;
  if (n < 1 || n > count) return [];
  return inv.params[(n - 1 + inv.rotate) % count] ?? [];
}
function braceForm(inv, inner) {
  const range2 = /^\s*(-?\d+)\s*:\s*(-?\d+)\s*$/.exec(inner);
  const count = inv.params.length;
  const norm = (v) => v < 0 ? count + v + 1 : v;
  if (range2) {
    const clamp = (v) => Math.max(0, Math.min(count + 1, v));
    const a = clamp(norm(Number(range2[1])));
    const b = clamp(norm(Number(range2[2])));
    const out = [];
    const step = a <= b ? 1 : -1;
    for (let k = a; ; k += step) {
      if (out.length) out.push({ type: "op", text: ",", col: 0 });
      out.push(...paramAt(inv, k));
      if (k === b) break;
    }
    return out;
  }
  const single = /^\s*(-?\d+)\s*$/.exec(inner);
  if (single) return paramAt(inv, norm(Number(single[1])));
  return null;
}
var SUBSTITUTED = /* @__PURE__ */ new Set(["param", "local", "qq", "brace", "indirect"]);
function substituteParams(tokens, inv, error) {
  if (!tokens.some((t) => SUBSTITUTED.has(t.type))) return tokens;
  const out = [];
  let changed = false;
  for (const t of tokens) {
    switch (t.type) {
      case "param": {
        changed = true;
        const text = t.text.slice(1);
        if (text === "0") {
          out.push({ type: "num", text: String(inv.params.length), col: t.col });
          break;
        }
        if (text === "00") {
          out.push(...inv.label);
          break;
        }
        const sign = text[0] === "+" || text[0] === "-" ? text[0] : "";
        const n = Number(sign ? text.slice(1) : text);
        const p = paramAt(inv, n);
        if (sign) {
          const cc = trimWs(p);
          const code = cc.length === 1 ? cc[0].text.toLowerCase() : "";
          if (!CONDITION_CODES.has(code)) {
            error(`condition code \`${trimWs(p).map((x) => x.text).join("")}' is not invertible`, t.col);
          } else out.push({ type: "id", text: sign === "-" ? invertCC(code) : code, col: t.col });
        } else for (const x of p) out.push(x);
        break;
      }
      case "local":
        changed = true;
        out.push({ type: "id", text: `..@${inv.unique}.${t.text.slice(2)}`, col: t.col });
        break;
      case "qq":
        changed = true;
        out.push({ type: "id", text: t.text.endsWith("??") ? inv.macro.name : inv.invokedAs, col: t.col });
        break;
      case "indirect": {
        const inner = tokenize(t.text.slice(2, -1));
        const sub = substituteParams(inner, inv, error);
        if (sub !== inner) {
          changed = true;
          out.push({ type: "indirect", text: "%[" + sub.map((x) => x.text).join("") + "]", col: t.col });
        } else out.push(t);
        break;
      }
      case "brace": {
        const r = braceForm(inv, t.text.slice(2, -1));
        if (r) {
          changed = true;
          for (const x of r) out.push(x);
        } else out.push(t);
        break;
      }
      default:
        out.push(t);
    }
  }
  return changed ? pasteAdjacent(out) : out;
}
function pasteAdjacent(tokens) {
  const out = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (prev && (t.type === "id" || t.type === "num") && (prev.type === "id" || prev.type === "num" && t.type === "num")) {
      out[out.length - 1] = { type: prev.type, text: prev.text + t.text, col: prev.col };
      continue;
    }
    out.push(t);
  }
  return out;
}

// toolchain/asm/preprocess/lower.ts
var DATA_WIDTH = { db: 1, dw: 2, dd: 4, dq: 8 };
function lowerBuiltins(tokens, report) {
  if (!tokens.some((t) => t.type === "id" && t.text.startsWith("__?"))) return tokens;
  const out = [];
  let changed = false;
  let width = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === "id" && width === null) {
      const w = DATA_WIDTH[t.text.toLowerCase()];
      if (w) width = w;
    }
    if (t.type !== "id" || !t.text.startsWith("__?")) {
      out.push(t);
      continue;
    }
    const special = specialFloat(t.text);
    if (special && width) {
      let k = lastSolid(out);
      let negative = false;
      if (k >= 0 && (out[k].text === "-" || out[k].text === "+") && startsItem(out, lastSolid(out, k))) {
        negative = out[k].text === "-";
        out.length = k;
        k = lastSolid(out);
      }
      if (startsItem(out, k)) {
        const r2 = floatData(width, t.text, negative);
        if (r2.ok) {
          out.push({ type: "num", text: r2.value.toString(), col: t.col });
          changed = true;
          continue;
        }
      }
    }
    const call = ilog2Operator(t.text) || floatOperator(t.text) ? operandEnd(tokens, i + 1, floatOperator(t.text) !== null) : -1;
    if (call < 0) {
      out.push(t);
      continue;
    }
    const r = evaluate2(tokens.slice(i, call));
    if (!r.ok && /symbol|cannot evaluate/.test(r.error)) {
      out.push(t);
      continue;
    }
    changed = true;
    if (!r.ok) {
      report(r.error, t.col, "error");
      out.push({ type: "num", text: "0", col: t.col });
    } else {
      for (const w of r.warnings ?? []) report(w.text, t.col, "warning");
      if (r.value < 0n) out.push({ type: "op", text: "(", col: t.col }, { type: "num", text: r.value.toString(), col: t.col }, { type: "op", text: ")", col: t.col });
      else out.push({ type: "num", text: r.value.toString(), col: t.col });
    }
    i = call - 1;
  }
  return changed ? out : tokens;
}
function lastSolid(tokens, end = tokens.length) {
  for (let i = end - 1; i >= 0; i--) if (tokens[i].type !== "ws") return i;
  return -1;
}
function startsItem(tokens, k) {
  const t = tokens[k];
  return !!t && (t.text === "," || DATA_WIDTH[t.text.toLowerCase()] !== void 0);
}
function operandEnd(tokens, i, needParens) {
  while (tokens[i]?.type === "ws") i++;
  const t = tokens[i];
  if (!t) return -1;
  if (t.text === "(") {
    let depth = 0;
    for (let j = i; j < tokens.length; j++) {
      if (tokens[j].text === "(") depth++;
      else if (tokens[j].text === ")" && --depth === 0) return j + 1;
    }
    return -1;
  }
  return !needParens && t.type === "num" ? i + 1 : -1;
}

// toolchain/asm/preprocess/packages.ts
var PACKAGE_NAMES = ["altreg", "smartalign", "fp", "ifunc"];
function findPackage(name) {
  const n = name.toLowerCase();
  return PACKAGE_NAMES.includes(n) ? n : null;
}
function packageSource(name) {
  switch (name) {
    case "altreg":
      return altreg();
    case "smartalign":
      return smartalign();
    case "fp":
      return fp();
    case "ifunc":
      return ifunc();
  }
}
function altreg() {
  const gprs = [
    ["rax", "eax", "ax", "al", "ah"],
    ["rcx", "ecx", "cx", "cl", "ch"],
    ["rdx", "edx", "dx", "dl", "dh"],
    ["rbx", "ebx", "bx", "bl", "bh"],
    ["rsp", "esp", "sp", "spl"],
    ["rbp", "ebp", "bp", "bpl"],
    ["rsi", "esi", "si", "sil"],
    ["rdi", "edi", "di", "dil"]
  ];
  const out = [];
  gprs.forEach(([q, d, w, b, h], i) => {
    out.push(`%idefine r${i} ${q}`, `%idefine r${i}d ${d}`, `%idefine r${i}w ${w}`, `%idefine r${i}b ${b}`, `%idefine r${i}l ${b}`);
    if (h) out.push(`%idefine r${i}h ${h}`);
  });
  for (let i = 8; i < 16; i++) out.push(`%idefine r${i}l r${i}b`);
  return out.join("\n") + "\n";
}
var nops = (n) => Array.from({ length: n }, () => 144);
var o66 = (n) => [...Array.from({ length: n - 1 }, () => 102), 144];
var MODES = {
  generic: {
    threshold: 8,
    16: {
      group: 8,
      1: [144],
      2: [137, 246],
      3: [141, 116, 0],
      4: [141, 180, 0, 0],
      5: [141, 180, 0, 0, 144],
      6: [141, 180, 0, 0, 137, 255],
      7: [141, 180, 0, 0, 141, 125, 0],
      8: [141, 180, 0, 0, 141, 189, 0, 0]
    },
    32: {
      group: 7,
      1: [144],
      2: [137, 246],
      3: [141, 118, 0],
      4: [141, 116, 38, 0],
      5: [144, 141, 116, 38, 0],
      6: [141, 182, 0, 0, 0, 0],
      7: [141, 180, 38, 0, 0, 0, 0]
    },
    64: { group: 4, 1: nops(1), 2: o66(2), 3: o66(3), 4: o66(4) }
  },
  nop: { threshold: 16, 16: { group: 1, 1: nops(1) }, 32: { group: 1, 1: nops(1) }, 64: { group: 1, 1: nops(1) } },
  k7: {
    threshold: 16,
    16: { 1: nops(1), 2: o66(2), 3: o66(3), 4: o66(4) },
    32: {
      group: 7,
      1: [144],
      2: [139, 192],
      3: [141, 4, 32],
      4: [141, 68, 32, 0],
      5: [141, 68, 32, 0, 144],
      6: [141, 128, 0, 0, 0, 0],
      7: [141, 4, 5, 0, 0, 0, 0]
    },
    64: { group: 4, 1: nops(1), 2: o66(2), 3: o66(3), 4: o66(4) }
  },
  k8: {
    threshold: 16,
    16: { group: 4, 1: nops(1), 2: o66(2), 3: o66(3), 4: o66(4) },
    32: { group: 4, 1: nops(1), 2: o66(2), 3: o66(3), 4: o66(4) },
    64: { group: 4, 1: nops(1), 2: o66(2), 3: o66(3), 4: o66(4) }
  },
  p6: {
    threshold: 16,
    16: { group: 4, 1: [144], 2: [102, 144], 3: [15, 31, 0], 4: [15, 31, 64, 0] },
    32: {
      group: 8,
      1: [144],
      2: [102, 144],
      3: [15, 31, 0],
      4: [15, 31, 64, 0],
      5: [15, 31, 68, 0, 0],
      6: [102, 15, 31, 68, 0, 0],
      7: [15, 31, 128, 0, 0, 0, 0],
      8: [15, 31, 132, 0, 0, 0, 0, 0]
    },
    64: {
      group: 8,
      1: [144],
      2: [102, 144],
      3: [15, 31, 0],
      4: [15, 31, 64, 0],
      5: [15, 31, 68, 0, 0],
      6: [102, 15, 31, 68, 0, 0],
      7: [15, 31, 128, 0, 0, 0, 0],
      8: [15, 31, 132, 0, 0, 0, 0, 0]
    }
  }
};
var fillerMacro = (bits, n) => `__?ALIGN_${bits}BIT_${n === "GROUP" ? "GROUP" : `${n}B`}?__`;
var hexList = (bytes) => bytes.map((b) => "0x" + b.toString(16).padStart(2, "0")).join(",");
function modeDefines(mode) {
  const out = [`%define __?ALIGN_JMP_THRESHOLD?__ ${mode.threshold}`];
  for (const bits of [16, 32, 64]) {
    const f = mode[bits];
    for (let n = 1; n <= 8; n++) if (f[n]) out.push(`%define ${fillerMacro(bits, n)} ${hexList(f[n])}`);
    if (f.group) out.push(`%define ${fillerMacro(bits, "GROUP")} ${f.group}`);
  }
  return out;
}
function smartalign() {
  const modes = Object.entries(MODES);
  return [
    "%imacro alignmode 1-2.nolist",
    ...modes.flatMap(([name, mode], i) => [`%${i ? "elifidni" : "ifidni"} %1,${name}`, ...modeDefines(mode)]),
    "%else",
    "%error unknown alignment mode: %1",
    "%endif",
    "%ifidni %2,nojmp",
    "%define __?ALIGN_JMP_THRESHOLD?__ -1",
    "%elifnempty %2",
    "%xdefine __?ALIGN_JMP_THRESHOLD?__ %2",
    "%endif",
    "%xdefine __?ALIGNMODE?__ %1,__?ALIGN_JMP_THRESHOLD?__",
    "%endmacro",
    "%defalias __ALIGNMODE__ __?ALIGNMODE?__",
    "%imacro align 1-2+.nolist",
    "sectalign %1",
    // always, unlike the standard align (nasm 2.16.01 ignores `sectalign off` here)
    "%ifnempty %2",
    "times (((%1) - (($-$$) % (%1))) % (%1)) %2",
    "%elif __?PASS?__ == 3",
    "times (((%1) - (($-$$) % (%1))) % (%1)) nop",
    "%else",
    "%push",
    "%__kernlab_smartalign %1, %$end",
    "%pop",
    "%endif",
    "%endmacro",
    "alignmode generic"
  ].join("\n") + "\n";
}
function fp() {
  const ops = ["float8", "float16", "bfloat16", "float32", "float64", "float80m", "float80e", "float128l", "float128h"];
  return [
    "%define Inf __?Infinity?__",
    "%define NaN __?QNaN?__",
    "%define QNaN __?QNaN?__",
    "%define SNaN __?SNaN?__",
    ...ops.map((op) => `%define ${op}(x) __?${op}?__(x)`),
    "%imacro bf16 1-*.nolist",
    "%rep %0",
    "dw __?bfloat16?__(%1)",
    "%rotate 1",
    "%endrep",
    "%endmacro"
  ].join("\n") + "\n";
}
function ifunc() {
  return [
    "%idefine ilog2(x) (__?ilog2e?__(x))",
    "%idefine ilog2e(x) (__?ilog2e?__(x))",
    "%idefine ilog2w(x) (__?ilog2w?__(x))",
    "%idefine ilog2f(x) (__?ilog2f?__(x))",
    "%idefine ilog2c(x) (__?ilog2c?__(x))",
    "%idefine ilog2fw(x) (__?ilog2w?__(x))",
    "%idefine ilog2cw(x) (__?ilog2w?__(x) * 0 + __?ilog2c?__(x))"
  ].join("\n") + "\n";
}

// toolchain/asm/preprocess/stdmac.ts
var NASM_VERSION = { major: 2, minor: 16, subminor: 1, patchlevel: 0, text: "2.16.01" };
var STANDARD_MACROS = String.raw`%define __?SECT?__ [section .text]
%defalias __SECT__ __?SECT?__
%imacro section 1+.nolist
%define __?SECT?__ [section %1]
__?SECT?__
%endmacro
%imacro segment 1+.nolist
%define __?SECT?__ [segment %1]
__?SECT?__
%endmacro
%imacro absolute 1+.nolist
%define __?SECT?__ [absolute %1]
__?SECT?__
%endmacro
%imacro struc 1-2.nolist 0
%push
%define %$strucname %1
[absolute %2]
%$strucname:
%endmacro
%imacro endstruc 0.nolist
%$strucname %+ _size equ ($-%$strucname)
%pop
__?SECT?__
%endmacro
%imacro istruc 1.nolist
%push
%define %$strucname %1
%$strucstart:
%endmacro
%imacro at 1-2+.nolist
times (%1-%$strucname)-($-%$strucstart) db 0
%2
%endmacro
%imacro iend 0.nolist
times %$strucname %+ _size-($-%$strucstart) db 0
%pop
%endmacro
%imacro align 1-2+.nolist nop
%if __?SECTALIGN_ALIGN_UPDATES_SECTION?__
sectalign %1
%endif
times (((%1) - (($-$$) % (%1))) % (%1)) %2
%endmacro
%imacro alignb 1-2+.nolist
%if __?SECTALIGN_ALIGN_UPDATES_SECTION?__
sectalign %1
%endif
%ifempty %2
[warning push]
[warning -zeroing]
resb (((%1) - (($-$$) % (%1))) % (%1))
[warning pop]
%else
times (((%1) - (($-$$) % (%1))) % (%1)) %2
%endif
%endmacro
%define __?SECTALIGN_ALIGN_UPDATES_SECTION?__ 1
%defalias __SECTALIGN_ALIGN_UPDATES_SECTION__ __?SECTALIGN_ALIGN_UPDATES_SECTION?__
%imacro sectalign 1+.nolist
%ifidni %1,on
%define __?SECTALIGN_ALIGN_UPDATES_SECTION?__ 1
%elifidni %1,off
%define __?SECTALIGN_ALIGN_UPDATES_SECTION?__ 0
%else
[sectalign %1]
%endif
%endmacro
%imacro extern 1-*.nolist
%rep %0
[extern %1]
%rotate 1
%endrep
%endmacro
%imacro global 1-*.nolist
%rep %0
[global %1]
%rotate 1
%endrep
%endmacro
%imacro static 1-*.nolist
%rep %0
[static %1]
%rotate 1
%endrep
%endmacro
%imacro required 1-*.nolist
%rep %0
[required %1]
%rotate 1
%endrep
%endmacro
%imacro common 1-*.nolist
%rep %0
[common %1]
%rotate 1
%endrep
%endmacro
%imacro bits 1+.nolist
[bits %1]
%endmacro
%imacro use16 0.nolist
[bits 16]
%endmacro
%imacro use32 0.nolist
[bits 32]
%endmacro
%imacro use64 0.nolist
[bits 64]
%endmacro
%imacro cpu 1+.nolist
[cpu %1]
%endmacro
%imacro default 1+.nolist
[default %1]
%endmacro
%imacro org 1+.nolist
[org %1]
%endmacro
%define __?FLOAT_DAZ?__ nodaz
%define __?FLOAT_ROUND?__ near
%define __?FLOAT?__ __?FLOAT_DAZ?__,__?FLOAT_ROUND?__
%defalias __FLOAT_DAZ__ __?FLOAT_DAZ?__
%defalias __FLOAT_ROUND__ __?FLOAT_ROUND?__
%defalias __FLOAT__ __?FLOAT?__
%imacro float 1-*.nolist
%rep %0
[float %1]
%ifidni %1,default
%define __?FLOAT_DAZ?__ nodaz
%define __?FLOAT_ROUND?__ near
%elifidni %1,daz
%define __?FLOAT_DAZ?__ daz
%elifidni %1,nodaz
%define __?FLOAT_DAZ?__ nodaz
%elifidni %1,near
%define __?FLOAT_ROUND?__ near
%elifidni %1,up
%define __?FLOAT_ROUND?__ up
%elifidni %1,down
%define __?FLOAT_ROUND?__ down
%elifidni %1,zero
%define __?FLOAT_ROUND?__ zero
%endif
%rotate 1
%endrep
%endmacro
%imacro debug 1+.nolist
[debug %1]
%endmacro
%imacro userel 0.nolist
[default rel]
%endmacro
%imacro useabs 0.nolist
[default abs]
%endmacro
%imacro usebnd 0.nolist
[default bnd]
%endmacro
%imacro usenobnd 0.nolist
[default nobnd]
%endmacro
${aliases()}`;
function aliases() {
  const compat = [
    "NASM_MAJOR",
    "NASM_MINOR",
    "NASM_SUBMINOR",
    "NASM_PATCHLEVEL",
    "NASM_SNAPSHOT",
    "NASM_VERSION_ID",
    "NASM_VER",
    "OUTPUT_FORMAT",
    "DEBUG_FORMAT",
    "DATE",
    "DATE_NUM",
    "TIME",
    "TIME_NUM",
    "UTC_DATE",
    "UTC_DATE_NUM",
    "UTC_TIME",
    "UTC_TIME_NUM",
    "POSIX_TIME",
    "FILE",
    "LINE",
    "BITS",
    "PTR",
    "PASS"
  ];
  const tokens = [
    "infinity",
    "nan",
    "qnan",
    "snan",
    "float8",
    "float16",
    "float32",
    "float64",
    "float80m",
    "float80e",
    "float128l",
    "float128h",
    "utf16",
    "utf16le",
    "utf16be",
    "utf32",
    "utf32le",
    "utf32be",
    "ilog2e",
    "ilog2w",
    "ilog2f",
    "ilog2c"
  ];
  return [
    ...compat.map((n) => `%defalias __${n}__ __?${n}?__`),
    ...tokens.map((n) => `%idefine __?${n}?__ %?`),
    ...tokens.map((n) => `%idefalias __${n}__ __?${n}?__`)
  ].join("\n") + "\n";
}

// toolchain/asm/preprocess/engine.ts
var MAX_LINE_BYTES = 1 << 20;
var LINE_COST = 120;
var DEFAULT_LIMITS = {
  // NASM's defaults (--limit-macro-levels, --limit-rep, --limit-lines); memory is bounded by outputChars
  macroDepth: 1e4,
  repCount: 1e6,
  totalLines: 2e9,
  includeDepth: 50,
  outputChars: 256 * 1024 * 1024,
  lineTokens: 1e7,
  // NASM's --limit-macro-tokens
  stringBytes: 1 << 20
};
var Fatal = class extends Error {
};
var standardDefinitions = null;
var STACK_FRAMES = {
  flat: { stackSize: 4, stackPointer: "ebp", argOffset: 8 },
  flat64: { stackSize: 8, stackPointer: "rbp", argOffset: 16 },
  large: { stackSize: 2, stackPointer: "bp", argOffset: 4 },
  small: { stackSize: 2, stackPointer: "bp", argOffset: 6 }
};
var SIZE_TYPES = { byte: 1, word: 2, dword: 4, qword: 8, tword: 10, oword: 16, yword: 32 };
var DIRECTIVE_NAMES = /* @__PURE__ */ new Set([
  "define",
  "idefine",
  "xdefine",
  "ixdefine",
  "undef",
  "assign",
  "iassign",
  "defstr",
  "idefstr",
  "deftok",
  "ideftok",
  "strlen",
  "substr",
  "strcat",
  "macro",
  "imacro",
  "rmacro",
  "irmacro",
  "endmacro",
  "endm",
  "unmacro",
  "unimacro",
  "rotate",
  "exitmacro",
  "rep",
  "endrep",
  "exitrep",
  "push",
  "pop",
  "repl",
  "include",
  "pathsearch",
  "depend",
  "use",
  "error",
  "warning",
  "fatal",
  "line",
  "pragma",
  "clear",
  "defalias",
  "idefalias",
  "undefalias",
  "aliases",
  "stacksize",
  "arg",
  "local",
  "__kernlab_smartalign"
]);
var Engine2 = class _Engine {
  constructor(opts) {
    this.opts = opts;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.bits = /^(elf|elf32|win32|coff|macho32|elfx32)$/.test(opts.outputFormat ?? "bin") ? 32 : 16;
  }
  opts;
  diagnostics = [];
  dependencies = [];
  out = [];
  /** With `listing`: the lines `nasm -l` shows, in the order NASM reads them. */
  listed = [];
  limits;
  smacros = new SMacroTable();
  mmacros = new MMacroTable();
  contexts = new ContextStack();
  frames = [];
  defining = null;
  unique = 0;
  bits = 16;
  linesRead = 0;
  outputChars = 0;
  macroDepth = 0;
  /** `%use` packages already read (a second %use of one does nothing). */
  packages = /* @__PURE__ */ new Set();
  /** `%stacksize` state for %arg/%local: NASM starts as if `%stacksize flat` had been given. */
  frame = { ...STACK_FRAMES.flat, localOffset: 0 };
  /** Location of the line being processed (for diagnostics). */
  here = { file: "", line: 0, text: "", frame: null, dropLast: false };
  run(source) {
    try {
      this.predefine();
      this.loadStandardMacros();
      for (const d of this.opts.defines ?? []) this.defineText(d.name, d.value ?? "");
      for (const u of this.opts.undefines ?? []) this.undefSMacro({ type: "id", text: u, col: 0 }, false);
      this.dependencies.push(this.opts.file);
      this.pushFile(this.opts.file, source, false);
      const pre = this.opts.preIncludes ?? [];
      for (let i = pre.length - 1; i >= 0; i--) {
        const found = this.findFile(pre[i]);
        if (found === null) this.fatal(`unable to open include file \`${pre[i]}'`, null);
        else {
          if (!this.dependencies.includes(found.path)) this.dependencies.push(found.path);
          this.pushFile(found.path, found.text, false, true);
        }
      }
      this.drain();
    } catch (e) {
      if (e instanceof Fatal) return;
      throw e;
    }
  }
  /**
   * The standard macros are the same for every run (they call nothing and depend on no option):
   * the first run reads them, later runs define the same (immutable) macro objects again.
   */
  loadStandardMacros() {
    if (standardDefinitions) {
      for (const m of standardDefinitions.smacros) this.smacros.define(m);
      for (const m of standardDefinitions.mmacros) this.mmacros.define(m);
      return;
    }
    const predefined = new Set(this.smacros.all());
    this.pushFile("(standard macros)", STANDARD_MACROS, true);
    this.drain();
    if (this.diagnostics.length || this.unique !== 0) return;
    standardDefinitions = { smacros: this.smacros.all().filter((m) => !predefined.has(m)), mmacros: this.mmacros.all().reverse() };
  }
  // ---- frames -------------------------------------------------------------------------------
  pushFile(file, text, internal, preInclude = false) {
    const lines = (internal ? text : sourceByteString(text)).split(/\r?\n|\0/);
    if (lines.length && lines[lines.length - 1] === "") lines.pop();
    const long = lines.findIndex((l) => l.length > MAX_LINE_BYTES);
    if (long >= 0) this.fatal(`line ${long + 1} of ${file} is ${lines[long].length} bytes long, more than kernlab's ${MAX_LINE_BYTES}-byte line limit`, { file, line: long + 1, column: 0 }, "line-too-long");
    this.frames.push({ kind: "file", file, lines, idx: 0, current: 0, conds: [], internal, preInclude });
  }
  nearestFile() {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (f.kind === "file") return f;
    }
    return void 0;
  }
  /** The innermost macro call whose parameters apply to lines read now (not across a file frame). */
  currentInvocation() {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (f.kind === "file") return void 0;
      if (f.kind === "macro") return f;
    }
    return void 0;
  }
  currentChain() {
    const f = this.currentMacroFrame();
    return f ? this.chainOf(f).chain : [];
  }
  /** The macro call chain of a frame, outermost call first, with the macro names (built once per frame). */
  chainOf(f) {
    if (f.cached) return f.cached;
    const frames = [];
    for (let x = f; x; x = x.outer) {
      if (x.cached) break;
      frames.push(x);
    }
    const base = frames[frames.length - 1].outer?.cached ?? { chain: [], names: [] };
    const chain = [...base.chain], names = [...base.names];
    for (let i = frames.length - 1; i >= 0; i--) {
      chain.push(frames[i].call);
      names.push(frames[i].inv.macro.name);
    }
    f.cached = { chain, names };
    return f.cached;
  }
  currentMacroFrame() {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (f.kind === "macro") return f;
    }
    return void 0;
  }
  popFrame() {
    const f = this.frames.pop();
    if (f.kind === "macro") this.macroDepth--;
    for (const c of f.conds) this.error("unterminated-if", `unterminated %if in ${f.kind === "file" ? "file" : f.kind === "macro" ? `macro \`${f.inv.macro.name}'` : "%rep"}`, c.where);
  }
  /** Next line from the frame stack: tokens, its location, and whether it comes straight from a file. */
  nextLine() {
    for (; ; ) {
      const f = this.frames[this.frames.length - 1];
      if (!f) return null;
      if (f.kind === "file") {
        if (f.idx >= f.lines.length) {
          this.popFrame();
          continue;
        }
        let raw = f.lines[f.idx++];
        f.current = f.idx;
        while (/\\\s*$/.test(raw) && f.idx < f.lines.length) raw = raw.replace(/\\\s*$/, "") + f.lines[f.idx++];
        this.countLine();
        if (f.preInclude && this.opts.preprocessOnly) return { tokens: tokenize(raw), raw, file: this.opts.file, line: 0, fromFile: true };
        const line = f.lineMap ? f.lineMap.base + (f.current - f.lineMap.atIdx) * f.lineMap.inc : f.current;
        if (this.opts.listing) this.list(line, raw);
        return { tokens: tokenize(raw), raw, file: f.lineMap ? f.lineMap.file : f.file, line, fromFile: true };
      }
      if (f.kind === "macro") {
        const body = f.inv.macro.lines;
        if (f.idx >= body.length) {
          this.popFrame();
          continue;
        }
        const b2 = body[f.idx++];
        this.countLine();
        const nolist = f.inv.macro.nolist;
        if (this.opts.listing && !nolist) this.list(b2.line, _Engine.listText(b2.tokens));
        if (nolist) return { tokens: b2.tokens, raw: b2.text, file: f.call.file, line: f.call.line, fromFile: false, call: f.call };
        return { tokens: b2.tokens, raw: b2.text, file: b2.file, line: b2.line, fromFile: false };
      }
      if (f.idx >= f.lines.length) {
        if (--f.remaining > 0 && f.lines.length) f.idx = 0;
        else {
          this.popFrame();
          continue;
        }
      }
      const b = f.lines[f.idx++];
      this.countLine();
      if (this.opts.listing) this.list(b.line, _Engine.listText(b.tokens));
      return { tokens: b.tokens, raw: b.text, file: b.file, line: b.line, fromFile: false };
    }
  }
  /** A line NASM's listing shows, unless a .nolist macro or the standard macros are being read. */
  list(line, text, deeper = 0) {
    for (const f of this.frames) if (f.kind === "file" && f.internal || f.kind === "macro" && f.inv.macro.nolist) return;
    this.listed.push({ line, text, level: this.frames.length - 1 + deeper });
  }
  /** An expansion line as NASM's listing renders it: tokens as `nasm -E` prints them, `%{…}` without its braces. */
  static listText(tokens) {
    return detokenize(tokens.some((t) => t.type === "brace") ? tokens.map((t) => t.type === "brace" ? { ...t, text: "%" + t.text.slice(2, -1) } : t) : tokens);
  }
  countLine() {
    if (++this.linesRead > this.limits.totalLines) {
      this.fatal(`preprocessor line limit reached (${this.limits.totalLines} lines): runaway %rep or macro?`, null, "line-limit");
    }
  }
  // ---- diagnostics --------------------------------------------------------------------------
  loc(col = 0, length) {
    const l = { file: this.here.file, line: this.here.line, column: this.here.callCol ?? col, lineText: this.here.text };
    if (length) l.length = length;
    return l;
  }
  /** The macro call chain as notes, innermost call first (at most 20, then a count). */
  chainNotes() {
    const f = this.here.frame;
    let { chain, names } = f ? this.chainOf(f) : { chain: [], names: [] };
    if (this.here.dropLast) {
      chain = chain.slice(0, -1);
      names = names.slice(0, -1);
    }
    const notes = [];
    for (let i = chain.length - 1; i >= 0; i--) {
      if (notes.length === 20) {
        notes.push({ text: `\u2026 and ${i + 1} more macro calls` });
        break;
      }
      notes.push({ text: `in macro \`${names[i]}' called here`, location: chain[i] });
    }
    return notes;
  }
  error(code, text, where2 = null, severity = "error") {
    this.diagnostics.push(diagnostic(code, text, where2 ?? this.loc(), where2 ? [] : this.chainNotes(), severity));
  }
  errorAt(code, text, col, severity = "error") {
    this.diagnostics.push(diagnostic(code, text, this.loc(col), this.chainNotes(), severity));
  }
  fatal(text, where2, code = "fatal") {
    this.diagnostics.push(diagnostic(code, text, where2 ?? this.loc(), this.chainNotes()));
    throw new Fatal(text);
  }
  // ---- main loop ----------------------------------------------------------------------------
  drain() {
    for (; ; ) {
      const line = this.nextLine();
      if (!line) break;
      this.processLine(line);
    }
    if (this.defining && this.frames.length === 0) {
      const d = this.defining;
      this.defining = null;
      this.error("unterminated-macro", d.kind === "rep" ? "end of file while still in %rep" : `end of file while still defining macro \`${d.macro.name}'`, d.where);
    }
  }
  processLine(line) {
    let tokens = line.tokens;
    const top = this.frames[this.frames.length - 1];
    const mf = this.currentMacroFrame();
    this.here = { file: line.file, line: line.line, text: line.raw, frame: mf ?? null, dropLast: false, callCol: void 0 };
    if (line.call) {
      this.here.text = line.call.lineText ?? line.raw;
      this.here.callCol = line.call.column;
      this.here.dropLast = true;
    }
    let changed = false;
    const first = skipWs(tokens, 0);
    const t0 = tokens[first];
    const dname = t0 && t0.type === "pp" ? t0.text.slice(1).toLowerCase() : null;
    if (this.defining) {
      this.collect(tokens, line, dname);
      return;
    }
    const inv = this.currentInvocation();
    if (inv && !line.fromFile) {
      const sub = substituteParams(tokens, inv.inv, (text, col) => this.errorAt("macro-param", text, col));
      if (sub !== tokens) {
        tokens = sub;
        changed = true;
      }
    } else if (tokens.some((t) => t.type === "local" || t.type === "param")) {
      const conds2 = top?.conds ?? [];
      if (emitting(conds2)) {
        for (const t of tokens) if (t.type === "local") this.errorAt("not-in-macro", `\`${t.text}': not in a macro call`, t.col);
        tokens = tokens.filter((t) => t.type !== "local");
        changed = true;
      }
    }
    const conds = top.conds;
    const ck = dname ? condKind(dname) : null;
    if (ck) {
      this.conditional(ck, tokens.slice(first + 1), conds, t0);
      return;
    }
    if (!emitting(conds)) return;
    if (dname !== null && DIRECTIVE_NAMES.has(dname)) {
      this.directive(dname, tokens.slice(first + 1), t0);
      return;
    }
    const before = tokens;
    tokens = this.expand(tokens);
    if (tokens !== before && !sameTokens(tokens, before)) changed = true;
    if (tokens.length === 0 && before.length > 0) tokens = [{ type: "ws", text: " ", col: 0 }];
    if (this.tryMacroCall(tokens, line)) return;
    if (dname !== null && t0 && tokens[skipWs(tokens, 0)]?.type === "pp") {
      this.errorAt("unknown-directive", `unknown preprocessor directive \`${t0.text}'`, t0.col, "error");
      return;
    }
    if (!this.opts.preprocessOnly) {
      const lowered = lowerBuiltins(tokens, (text, col, severity) => this.errorAt("expression", text, col, severity));
      if (lowered !== tokens) {
        tokens = lowered;
        changed = true;
      }
    }
    this.emit(tokens, !changed && line.fromFile ? line.raw : null, line.file, line.line);
  }
  expandEnv() {
    return {
      table: this.smacros,
      contexts: this.contexts,
      error: (text, col, severity) => this.errorAt(severity === "warning" ? "macro-params" : "context", text, col, severity ?? "error"),
      budget: { tokens: this.limits.lineTokens }
    };
  }
  expand(tokens) {
    if (!tokens.some((t) => t.type === "id" || t.type === "ctx" || t.type === "indirect" || t.type === "paste")) return tokens;
    try {
      return expandSMacros(tokens, this.expandEnv());
    } catch (e) {
      if (e instanceof ExpansionLimit) this.fatal(e.message, null, "macro-recursion");
      throw e;
    }
  }
  emit(tokens, raw, file, line) {
    const top = this.nearestFile();
    if (top?.internal) return;
    const text = detokenize(tokens);
    this.outputChars += text.length + 1 + LINE_COST;
    if (this.outputChars > this.limits.outputChars) this.fatal(`preprocessor output limit reached (${this.limits.outputChars} bytes of output, counting ${LINE_COST} per line)`, null, "output-limit");
    if (!this.opts.preprocessOnly) this.trackBits(tokens);
    const out = { text, raw, file, line, chain: this.currentChain() };
    if (this.opts.listing) out.listed = this.listed.length - 1;
    this.out.push(out);
  }
  /** `[bits N]` (what `bits N` becomes) updates __?BITS?__ as NASM's assembler does. */
  trackBits(tokens) {
    if (tokens[skipWs(tokens, 0)]?.text !== "[") return;
    const t = tokens.filter((x) => x.type !== "ws");
    if (t.length >= 4 && t[0].text === "[" && t[1].text.toLowerCase() === "bits" && t[2].type === "num") {
      const r = evaluate2([t[2]]);
      if (r.ok) this.bits = Number(r.value);
    }
  }
  // ---- multi-line macro calls ---------------------------------------------------------------
  tryMacroCall(tokens, line) {
    let i = skipWs(tokens, 0);
    let t = tokens[i];
    if (!t || t.type !== "id") return false;
    let macros = this.mmacros.lookup(t.text);
    let label = [];
    if (!macros.length) {
      let j = i + 1;
      if (tokens[j]?.text === ":") j++;
      j = skipWs(tokens, j);
      const n = tokens[j];
      if (!n || n.type !== "id" || j === i + 1) return false;
      const ms = this.mmacros.lookup(n.text);
      if (!ms.length) return false;
      label = tokens.slice(i, j);
      macros = ms;
      i = j;
      t = n;
    }
    const argTokens = tokens.slice(i + 1);
    const count = bindCount(argTokens);
    const m = findOverload(macros, count);
    if (!m) {
      this.errorAt("macro-params", `multi-line macro \`${t.text}' exists, but not taking ${count} parameter${count === 1 ? "" : "s"}`, t.col, "warning");
      return false;
    }
    if (!m.recursive && this.frames.some((f) => f.kind === "macro" && f.inv.macro === m)) return false;
    if (this.macroDepth >= this.limits.macroDepth) {
      this.fatal(`macro \`${m.name}' nested more than ${this.limits.macroDepth} levels deep (recursive macro?)`, this.loc(t.col), "macro-recursion");
    }
    const params = bindParams(m, argTokens);
    const labelTokens = trimWs(label.filter((x, k) => !(k === label.length - 1 && x.type === "ws") && x.text !== ":"));
    if (label.length && !m.usesLabel) {
      const emitted = label.some((x) => x.text === ":") ? label : [...label, { type: "op", text: ":", col: 0 }];
      if (this.opts.listing && !m.nolist) this.list(line.line, detokenize(emitted), 1);
      this.emit(emitted, null, line.file, line.line);
    }
    const call = { file: line.file, line: line.line, column: t.col, lineText: line.raw };
    const inv = { macro: m, params, rotate: 0, unique: this.unique++, invokedAs: t.text, label: labelTokens };
    const outer = this.currentMacroFrame();
    this.frames.push({ kind: "macro", inv, idx: 0, conds: [], call, outer: outer ?? null, cached: null });
    this.macroDepth++;
    return true;
  }
  // ---- definitions (%macro … %endmacro, %rep … %endrep) -------------------------------------
  collect(tokens, line, dname) {
    const d = this.defining;
    const opens = d.kind === "macro" ? ["macro", "imacro", "rmacro", "irmacro"] : ["rep"];
    const closes = d.kind === "macro" ? ["endmacro", "endm"] : ["endrep"];
    if (dname && opens.includes(dname)) d.nest++;
    else if (dname && closes.includes(dname)) {
      if (d.nest === 0) {
        this.defining = null;
        if (d.kind === "macro") {
          const m = d.macro;
          m.lines = d.lines;
          m.usesLabel = d.lines.some((l) => l.tokens.some((t) => t.type === "param" && t.text === "%00"));
          this.mmacros.define(m);
        } else this.startRep(d);
        return;
      }
      d.nest--;
    }
    d.lines.push({ tokens, text: line.raw, file: line.file, line: line.line });
  }
  startRep(d) {
    const count = d.count ?? 0;
    if (count <= 0 || d.lines.length === 0) return;
    this.frames.push({ kind: "rep", lines: d.lines, idx: 0, remaining: count, conds: [] });
  }
  // ---- conditionals -------------------------------------------------------------------------
  conditional(ck, args, conds, dtok) {
    const top = conds[conds.length - 1];
    const where2 = this.loc(dtok.col, dtok.text.length);
    switch (ck.kind) {
      case "if": {
        if (!emitting(conds)) {
          conds.push({ state: "never", where: where2 });
          return;
        }
        conds.push({ state: this.test(ck.test, ck.negate, args, dtok) ? "true" : "false", where: where2 });
        return;
      }
      case "elif": {
        if (!top) {
          this.errorAt("cond-syntax", `\`${dtok.text}': no matching \`%if'`, dtok.col);
          return;
        }
        if (top.state === "else-true" || top.state === "else-false") {
          this.errorAt("cond-syntax", `\`${dtok.text}' after \`%else'`, dtok.col, "warning");
          top.state = "never";
          return;
        }
        if (top.state === "true" || top.state === "done") top.state = "done";
        else if (top.state === "false") top.state = this.test(ck.test, ck.negate, args, dtok) ? "true" : "false";
        return;
      }
      case "else":
        if (!top) {
          this.errorAt("cond-syntax", "`%else': no matching `%if'", dtok.col);
          return;
        }
        if (top.state === "else-true" || top.state === "else-false") {
          this.errorAt("cond-syntax", "`%else' after `%else'", dtok.col, "warning");
          top.state = "else-false";
          return;
        }
        top.state = top.state === "false" ? "else-true" : "else-false";
        return;
      case "endif":
        if (!top) {
          this.errorAt("cond-syntax", "`%endif': no matching `%if'", dtok.col);
          return;
        }
        conds.pop();
        return;
    }
  }
  test(test, negate, args, dtok) {
    let r = false;
    const a = trimWs(args);
    switch (test) {
      case "": {
        const v = this.evalExpr(args, `\`${dtok.text}'`);
        r = v !== null && v !== 0n;
        break;
      }
      case "def":
        r = a.filter((t) => t.type !== "ws").some((t) => this.isSMacroDefined(t));
        if (!a.length) this.errorAt("cond-syntax", `\`${dtok.text}' expects macro identifiers`, dtok.col);
        break;
      case "defalias":
        r = a.filter((t) => t.type !== "ws").some((t) => this.isAlias(t));
        break;
      case "macro": {
        const name = a[0];
        if (!name) {
          this.errorAt("cond-syntax", `\`${dtok.text}' expects a macro name`, dtok.col);
          break;
        }
        const range2 = parseRange(a.slice(1).filter((t) => t.type !== "ws"));
        r = this.mmacros.lookup(name.text).some((m) => m.name === name.text && (!range2 || range2.min <= m.max && range2.max >= m.min));
        break;
      }
      case "ctx": {
        const names = a.filter((t) => t.type !== "ws").map((t) => t.text);
        const top = this.contexts.top();
        r = !!top && (names.length === 0 || names.some((n) => n.toLowerCase() === top.name.toLowerCase()));
        break;
      }
      case "idn":
      case "idni": {
        const e = this.expand(args);
        const comma = e.findIndex((t) => t.type === "op" && t.text === ",");
        if (comma < 0) {
          this.errorAt("cond-syntax", `\`${dtok.text}' expects two comma-separated arguments`, dtok.col);
          break;
        }
        const norm = (ts) => ts.filter((t) => t.type !== "ws").map((t) => test === "idni" ? t.text.toLowerCase() : t.text).join("\0");
        r = norm(e.slice(0, comma)) === norm(e.slice(comma + 1));
        break;
      }
      case "num":
      case "str":
      case "id":
      case "token": {
        const e = trimWs(this.expand(args));
        const want = test === "num" ? "num" : test === "str" ? "str" : "id";
        r = e.length === 1 && (test === "token" || e[0].type === want);
        break;
      }
      case "empty":
        r = trimWs(this.expand(args)).length === 0;
        break;
      case "env":
        r = false;
        break;
      case "usable":
      case "using": {
        const name = this.packageArg(args, dtok);
        const pkg = name === null ? null : findPackage(name);
        r = pkg !== null && (test === "usable" || this.packages.has(pkg));
        break;
      }
    }
    return negate ? !r : r;
  }
  /** `%ifdef`: a name is defined when it (or, for an alias, its final target) has a definition. */
  isSMacroDefined(t) {
    const seen = /* @__PURE__ */ new Set();
    for (let tok = t; ; ) {
      if (tok.type !== "id" && tok.type !== "ctx") return false;
      const place = tok.type === "ctx" ? this.contexts.resolve(tok.text) : { context: null, name: tok.text };
      if ("error" in place) return false;
      const table2 = place.context ? place.context.smacros : this.smacros;
      const alias = table2.aliasOf(place.name);
      if (!alias) return table2.isDefined(place.name);
      if (seen.has(alias)) return false;
      seen.add(alias);
      tok = alias.body[0];
    }
  }
  /** `%ifdefalias`: the name itself is an alias. */
  isAlias(t) {
    if (t.type !== "id" && t.type !== "ctx") return false;
    const place = t.type === "ctx" ? this.contexts.resolve(t.text) : { context: null, name: t.text };
    if ("error" in place) return false;
    return (place.context ? place.context.smacros : this.smacros).aliasOf(place.name) !== void 0;
  }
  evalExpr(args, what) {
    const e = this.expand(args);
    const r = evaluate2(e);
    if (!r.ok) {
      this.errorAt("expression", `${r.error} (in ${what})`, r.col || (args[skipWs(args, 0)]?.col ?? 0));
      return null;
    }
    for (const w of r.warnings ?? []) this.errorAt("expression", w.text, w.col || (args[skipWs(args, 0)]?.col ?? 0), "warning");
    return r.value;
  }
  // ---- directives ---------------------------------------------------------------------------
  directive(name, args, dtok) {
    switch (name) {
      case "define":
      case "idefine":
      case "xdefine":
      case "ixdefine":
        return this.dDefine(args, dtok, !name.startsWith("i"), name.includes("x"));
      case "undef":
      case "undefalias": {
        const t = args[skipWs(args, 0)];
        if (!t || t.type !== "id" && t.type !== "ctx") return this.errorAt("directive", `\`%${name}' expects a macro identifier`, t?.col ?? dtok.col);
        this.undefSMacro(t, name === "undefalias");
        return;
      }
      case "defalias":
      case "idefalias": {
        const i = skipWs(args, 0);
        const t = args[i];
        if (!t || t.type !== "id" && t.type !== "ctx") return this.errorAt("directive", `\`%${name}' expects a macro identifier`, t?.col ?? dtok.col);
        const target = args[skipWs(args, i + 1)];
        if (!target || target.type !== "id" && target.type !== "ctx") return this.errorAt("directive", `\`%${name}' expects a macro identifier to alias`, target?.col ?? t.col);
        this.defineSMacro(t, (n) => makeAlias(n, name === "defalias", target), true);
        return;
      }
      case "aliases": {
        const on = this.booleanOption(trimWs(this.expand(args)), !this.smacros.noAliases);
        this.smacros.noAliases = !on;
        for (const c of this.contexts.all()) c.smacros.noAliases = !on;
        return;
      }
      case "assign":
      case "iassign": {
        const { target, rest } = this.takeName(args, dtok);
        if (!target) return;
        const v = this.evalExpr(rest, `\`%${name}'`);
        if (v === null) return;
        this.defineTarget(target, name === "assign", null, false, [{ type: "num", text: v.toString(), col: 0 }]);
        return;
      }
      case "defstr":
      case "idefstr": {
        const { target, rest } = this.takeName(args, dtok);
        if (!target) return;
        const text = detokenize(trimWs(this.expand(rest)));
        this.defineTarget(target, name === "defstr", null, false, [{ type: "str", text: quoteBytes(stringBytes(text)), col: 0 }]);
        return;
      }
      case "deftok":
      case "ideftok": {
        const { target, rest } = this.takeName(args, dtok);
        if (!target) return;
        const e = trimWs(this.expand(rest));
        if (e.length !== 1 || e[0].type !== "str") return this.errorAt("directive", `\`%${name}' requires a string as second parameter`, dtok.col);
        this.defineTarget(target, name === "deftok", null, false, tokenize(byteString(unquote(e[0].text))));
        return;
      }
      case "strlen": {
        const { target, rest } = this.takeName(args, dtok);
        if (!target) return;
        const e = trimWs(this.expand(rest));
        if (e.length !== 1 || e[0].type !== "str") return this.errorAt("directive", "`%strlen` requires string as second parameter".replace("`%strlen`", "`%strlen'"), dtok.col);
        this.defineTarget(target, true, null, false, [{ type: "num", text: String(unquote(e[0].text).length), col: 0 }]);
        return;
      }
      case "substr":
        return this.dSubstr(args, dtok);
      case "strcat": {
        const { target, rest } = this.takeName(args, dtok);
        if (!target) return;
        const parts = [];
        for (const t of this.expand(rest)) {
          if (t.type === "ws" || t.type === "op" && t.text === ",") continue;
          if (t.type !== "str") return this.errorAt("directive", `non-string passed to \`%strcat' (${t.type})`, t.col);
          const bytes = unquote(t.text);
          if (parts.length + bytes.length > this.limits.stringBytes) {
            return this.fatal(`\`%strcat' result longer than ${this.limits.stringBytes} bytes`, this.loc(dtok.col), "string-limit");
          }
          for (const b of bytes) parts.push(b);
        }
        this.defineTarget(target, true, null, false, [{ type: "str", text: quoteBytes(Uint8Array.from(parts)), col: 0 }]);
        return;
      }
      case "macro":
      case "imacro":
      case "rmacro":
      case "irmacro":
        return this.dMacro(args, dtok, !name.startsWith("i"));
      case "endmacro":
      case "endm":
        return this.errorAt("directive", `\`%${name}': not defining a macro`, dtok.col);
      case "unmacro":
      case "unimacro": {
        const a = args.filter((t) => t.type !== "ws");
        const spec = parseMacroSpec(a, 0);
        if (!spec) return this.errorAt("directive", `\`%${name}' expects a macro name and parameter count`, dtok.col);
        this.mmacros.undefine(spec.name, name === "unmacro", spec.min, spec.max);
        return;
      }
      case "rotate": {
        const f = this.currentInvocation();
        if (!f) return this.errorAt("directive", "`%rotate' invoked outside a macro call", dtok.col);
        const v = this.evalExpr(args, "`%rotate'");
        if (v === null) return;
        const n = f.inv.params.length;
        if (n) f.inv.rotate = ((f.inv.rotate + Number(v % BigInt(n))) % n + n) % n;
        return;
      }
      case "exitmacro": {
        const idx = this.frames.map((f) => f.kind).lastIndexOf("macro");
        if (idx < 0 || this.frames.slice(idx).some((f) => f.kind === "file")) return this.errorAt("directive", "`%exitmacro' not within `%macro' block", dtok.col);
        while (this.frames.length > idx) this.frames.pop().kind === "macro" && this.macroDepth--;
        return;
      }
      case "rep": {
        const v = this.evalExpr(args, "`%rep'");
        const count = v === null ? 0 : v < 0n ? 0 : v;
        if (count > BigInt(this.limits.repCount)) {
          this.errorAt("rep-limit", `%rep count ${count} exceeds the limit of ${this.limits.repCount}`, dtok.col);
          this.defining = { kind: "rep", count: 0, lines: [], nest: 0, where: this.loc(dtok.col) };
          return;
        }
        this.defining = { kind: "rep", count: Number(count), lines: [], nest: 0, where: this.loc(dtok.col) };
        return;
      }
      case "endrep":
        return this.errorAt("directive", "`%endrep': no matching `%rep'", dtok.col);
      case "exitrep": {
        const idx = this.frames.map((f) => f.kind).lastIndexOf("rep");
        if (idx < 0 || this.frames.slice(idx).some((f) => f.kind === "file")) return this.errorAt("directive", "`%exitrep' not within `%rep' block", dtok.col);
        const rep = this.frames[idx];
        if (this.opts.listing && rep.kind === "rep" && idx === this.frames.length - 1) for (const b of rep.lines.slice(rep.idx)) this.list(b.line, _Engine.listText(b.tokens));
        while (this.frames.length > idx) this.frames.pop().kind === "macro" && this.macroDepth--;
        return;
      }
      case "push": {
        const a = args.filter((t) => t.type !== "ws");
        this.contexts.push(a[0]?.text ?? "", this.unique++);
        this.contexts.top().smacros.noAliases = this.smacros.noAliases;
        return;
      }
      case "pop": {
        const a = args.filter((t) => t.type !== "ws");
        const top = this.contexts.top();
        if (!top) return this.errorAt("context", "`%pop': context stack is already empty", dtok.col);
        if (a[0] && a[0].text !== top.name) this.errorAt("context", `\`%pop' in wrong context: ${top.name}, expected ${a[0].text}`, a[0].col);
        this.contexts.pop();
        return;
      }
      case "repl": {
        const a = args.filter((t) => t.type !== "ws");
        const top = this.contexts.top();
        if (!top) return this.errorAt("context", "`%repl': context stack is empty", dtok.col);
        top.name = a[0]?.text ?? "";
        return;
      }
      case "include":
        return this.dInclude(args, dtok);
      case "pathsearch": {
        const { target, rest } = this.takeName(args, dtok);
        if (!target) return;
        const fname = this.fileNameArg(rest);
        if (fname === null) return this.errorAt("directive", "`%pathsearch' expects a file name", dtok.col);
        const found = this.findFile(fname);
        this.defineTarget(target, true, null, false, [{ type: "str", text: quoteBytes(stringBytes(sourceByteString(found?.path ?? fname))), col: 0 }]);
        return;
      }
      case "depend": {
        const fname = this.fileNameArg(args);
        if (fname !== null && !this.dependencies.includes(fname)) this.dependencies.push(fname);
        return;
      }
      case "use":
        return this.dUse(args, dtok);
      case "__kernlab_smartalign":
        return this.dSmartAlign(args, dtok);
      case "error":
      case "warning":
      case "fatal": {
        const e = trimWs(this.expand(args));
        let text = detokenize(e);
        if (e.length === 1 && e[0].type === "str") text = byteString(unquote(e[0].text));
        const severity = name === "warning" ? "warning" : "error";
        this.diagnostics.push(diagnostic(name === "warning" ? "user-warning" : "user-error", text, this.loc(dtok.col, dtok.text.length), this.chainNotes(), severity));
        const listedLine = this.listed[this.listed.length - 1];
        if (this.opts.listing && severity === "warning" && listedLine) (listedLine.warnings ??= []).push(`${text} [-w+user]`);
        if (name === "fatal") throw new Fatal(text);
        return;
      }
      case "pragma": {
        const a = trimWs(args);
        const ns = a[0]?.text.toLowerCase();
        if (ns === "preproc") return;
        this.emit([{ type: "op", text: "[", col: 0 }, { type: "id", text: "pragma", col: 0 }, { type: "ws", text: " ", col: 0 }, ...a, { type: "op", text: "]", col: 0 }], null, this.here.file, this.here.line);
        return;
      }
      case "line": {
        const f = this.frames[this.frames.length - 1];
        const m = /^\s*(\d+)(?:\s*\+\s*(\d+))?\s*(.*?)\s*$/.exec(detokenize(args));
        if (!m) return this.errorAt("directive", "`%line' expects a line number", dtok.col);
        if (f?.kind !== "file") return;
        let file = m[3] || (f.lineMap?.file ?? f.file);
        if (/^(["'`]).*\1$/.test(file)) file = byteString(unquote(file));
        f.lineMap = { base: Number(m[1]), inc: m[2] === void 0 ? 1 : Number(m[2]), atIdx: f.current, file };
        return;
      }
      case "clear":
        return this.dClear(args, dtok);
      case "stacksize":
        return this.dStacksize(args, dtok);
      case "arg":
      case "local":
        return this.dArgLocal(name, args, dtok);
    }
  }
  /** `%define name[(params)] body` and friends. */
  dDefine(args, dtok, caseSensitive, expandNow) {
    let i = skipWs(args, 0);
    let t = args[i];
    let end = i;
    while (end < args.length && args[end].type !== "ws" && args[end].text !== "(") end++;
    if (args.slice(i, end).some((x) => x.type === "indirect")) {
      let built;
      try {
        built = resolveIndirects(args.slice(i, end), this.expandEnv());
      } catch (e) {
        if (e instanceof ExpansionLimit) this.fatal(e.message, null, "macro-recursion");
        throw e;
      }
      args = [...built, ...args.slice(end)];
      i = 0;
      t = args[i];
    }
    if (!t || t.type !== "id" && t.type !== "ctx") return this.errorAt("directive", `\`${dtok.text}' expects a macro identifier`, t?.col ?? dtok.col);
    let params = null;
    const modifiers = [];
    let greedy = false;
    let j = i + 1;
    if (args[j]?.text === "(") {
      params = [];
      j++;
      for (let slot = 0; ; slot++) {
        j = skipWs(args, j);
        if (slot === 0 && args[j]?.text === ")") {
          j++;
          break;
        }
        const mod = { evaluate: false, stringify: "", noStrip: false };
        for (let p2 = args[j]; p2?.type === "op" && ["=", "&", "&&", "!"].includes(p2.text); p2 = args[j]) {
          if (p2.text === "=") mod.evaluate = true;
          else if (p2.text === "!") mod.noStrip = true;
          else mod.stringify = p2.text;
          j = skipWs(args, j + 1);
        }
        const p = args[j];
        if (!p) return this.errorAt("directive", "parameter identifier expected", dtok.col);
        let name = "";
        if (p.type === "id") {
          name = p.text;
          j++;
          if (args[j]?.text === "+") {
            greedy = true;
            j++;
          }
          j = skipWs(args, j);
        } else if (p.text !== "," && p.text !== ")") return this.errorAt("directive", `\`${p.text}': parameter identifier expected`, p.col);
        params.push(name);
        modifiers.push(mod);
        const sep = args[j];
        if (sep?.text === ")") {
          j++;
          break;
        }
        if (sep?.text !== ",") return this.errorAt("directive", sep ? `\`${sep.text}': parameter identifier expected` : "parameter identifier expected", sep?.col ?? dtok.col);
        j++;
      }
    }
    let body = trimWs(args.slice(j));
    if (expandNow) body = trimWs(this.expand(body));
    this.defineTarget(t, caseSensitive, params, greedy, body.map((b) => ({ type: b.type, text: b.text, col: 0 })), modifiers);
  }
  takeName(args, dtok) {
    const i = skipWs(args, 0);
    const t = args[i];
    if (!t || t.type !== "id" && t.type !== "ctx") {
      this.errorAt("directive", `\`${dtok.text}' expects a macro identifier as first parameter`, t?.col ?? dtok.col);
      return { target: null, rest: [] };
    }
    return { target: t, rest: args.slice(i + 1) };
  }
  defineTarget(t, caseSensitive, params, greedy, body, modifiers) {
    this.defineSMacro(t, (name) => makeSMacro(name, t.type === "ctx" || caseSensitive, params, greedy, body, modifiers));
  }
  /** The table a macro name lives in (global, or a context's for `%$name`) and its bare name; null after an error. */
  tableFor(t) {
    if (t.type !== "ctx") return { table: this.smacros, name: t.text };
    const r = this.contexts.resolve(t.text);
    if ("error" in r) {
      this.errorAt("context", r.error, t.col);
      return null;
    }
    return { table: r.context.smacros, name: r.name };
  }
  /**
   * Define the macro `make(name)` under the name `t`. A name that is an alias defines its target
   * instead (following chains), unless the definition is itself an alias, as NASM does.
   */
  defineSMacro(t, make, isAlias = false) {
    const seen = /* @__PURE__ */ new Set();
    for (let tok = t; ; ) {
      const place = this.tableFor(tok);
      if (!place) return;
      const alias = isAlias ? void 0 : place.table.aliasOf(place.name);
      if (!alias) return place.table.define(make(place.name));
      if (seen.has(alias)) return this.errorAt("alias-loop", "macro alias loop", t.col);
      seen.add(alias);
      tok = alias.body[0];
    }
  }
  /** `%undef name` (an alias undefines its target) or `%undefalias name` (removes the name itself). */
  undefSMacro(t, undefAlias) {
    const seen = /* @__PURE__ */ new Set();
    for (let tok = t; ; ) {
      const place = this.tableFor(tok);
      if (!place) return;
      const alias = undefAlias ? void 0 : place.table.aliasOf(place.name);
      if (!alias) return place.table.undefine(place.name);
      if (seen.has(alias)) return this.errorAt("alias-loop", "macro alias loop", t.col);
      seen.add(alias);
      tok = alias.body[0];
    }
  }
  /**
   * `%clear [global|context] [all|define|defalias|alldefine|macro|none]…`; plain `%clear` drops the
   * global single-line macros (not aliases) and every multi-line macro, standard ones included.
   * (NASM 2.16.01 hangs on any keyword here, a bug fixed later; kernlab implements the documented forms.)
   */
  dClear(args, dtok) {
    const words = trimWs(this.expand(args));
    if (!words.length) return this.clearMacros({ defines: true, aliases: false }, true, false);
    let context = false;
    let i = 0;
    for (; i < words.length; i = skipWs(words, i + 1)) {
      const w = words[i];
      if (w.type !== "id") break;
      switch (w.text.toLowerCase()) {
        case "all":
          this.clearMacros({ defines: true, aliases: true }, true, context);
          break;
        case "define":
        case "def":
        case "smacro":
          this.clearMacros({ defines: true, aliases: false }, false, context);
          break;
        case "defalias":
        case "alias":
        case "salias":
          this.clearMacros({ defines: false, aliases: true }, false, context);
          break;
        case "alldef":
        case "alldefine":
          this.clearMacros({ defines: true, aliases: true }, false, context);
          break;
        case "macro":
        case "mmacro":
          this.clearMacros({ defines: false, aliases: false }, true, context);
          break;
        case "context":
        case "ctx":
          context = true;
          break;
        case "global":
          context = false;
          break;
        case "nothing":
        case "none":
        case "ignore":
          break;
        default:
          return this.errorAt("directive", `invalid option to %clear: ${w.text}`, w.col);
      }
    }
    if (i < words.length) this.errorAt("trailing", "trailing garbage after `%clear' ignored", words[i].col, "warning");
  }
  clearMacros(what, mmacros, context) {
    if (context) {
      if (what.defines || what.aliases) for (const c of this.contexts.all()) c.smacros.clear(what);
      return;
    }
    if (what.defines || what.aliases) this.smacros.clear(what);
    if (mmacros) this.mmacros.clear();
  }
  /**
   * A boolean option (`%aliases on`), read as NASM does: nothing is true; a first word
   * yes/no/true/false/on/off decides; otherwise a constant expression (an unusable one keeps `dflt`).
   */
  booleanOption(a, dflt) {
    if (!a.length) return true;
    const i = ["no", "yes", "false", "true", "off", "on"].indexOf(a[0].type === "id" ? a[0].text.toLowerCase() : "");
    if (i >= 0) return (i & 1) === 1;
    if (a.some((t) => t.type === "id")) {
      this.errorAt("expression", "boolean flag expression must be a constant", a[0].col);
      return dflt;
    }
    const v = evaluate2(a);
    if (!v.ok) {
      this.errorAt("expression", v.error, v.col || a[0].col);
      return true;
    }
    return v.value !== 0n;
  }
  // ---- %use packages -----------------------------------------------------------------------
  /** The package name of %use/%ifusable/%ifusing: an identifier or a string, after expansion. */
  packageArg(args, dtok) {
    const e = trimWs(this.expand(args));
    const t = e[0];
    if (!t) {
      this.errorAt("directive", `\`${dtok.text}' expects a package name, got end of line`, dtok.col);
      return null;
    }
    if (t.type !== "id" && t.type !== "str") {
      this.errorAt("directive", `\`${dtok.text}' expects a package name, got \`${t.text}'`, t.col || dtok.col);
      return null;
    }
    if (e.length > 1) this.errorAt("trailing", `trailing garbage after \`${dtok.text}' ignored`, e[skipWs(e, 1)].col || dtok.col, "warning");
    return t.type === "str" ? byteString(unquote(t.text)) : t.text;
  }
  /** `%use name`: read a package once, like an include file of standard macros. */
  dUse(args, dtok) {
    const name = this.packageArg(args, dtok);
    if (name === null) return;
    const pkg = findPackage(name);
    if (!pkg) {
      if (name.toLowerCase() === "masm") return this.errorAt("unsupported", "`%use masm' (NASM's MASM compatibility package) is not supported by kernlab", dtok.col);
      return this.errorAt("directive", `unknown \`%use' package: \`${name}'`, dtok.col);
    }
    if (this.packages.has(pkg)) return;
    this.packages.add(pkg);
    const up = pkg.toUpperCase();
    this.pushFile(`%use ${pkg}`, `%define __?USE_${up}?__
%defalias __USE_${up}__ __?USE${up}?__
${packageSource(pkg)}`, true);
  }
  /**
   * `%__kernlab_smartalign N, label`, only from smartalign's `align` macro: collect the current
   * ALIGNMODE tables for this BITS and hand the padding to the assembler with the line.
   */
  dSmartAlign(args, dtok) {
    const mf = this.currentMacroFrame();
    if (!mf || !mf.inv.macro.file.startsWith("%use ")) return this.errorAt("unknown-directive", `unknown preprocessor directive \`${dtok.text}'`, dtok.col);
    const comma = args.findIndex((t) => t.type === "op" && t.text === ",");
    const n = this.evalExpr(args.slice(0, comma), "`align'");
    if (n === null) return;
    const label = trimWs(this.expand(args.slice(comma + 1)))[0].text;
    const numbers = (name) => {
      if (!this.smacros.isDefined(name)) return null;
      const parts = [[]];
      for (const t of this.expand([{ type: "id", text: name, col: dtok.col }])) {
        if (t.type === "op" && t.text === ",") parts.push([]);
        else parts[parts.length - 1].push(t);
      }
      const values = parts.map((p) => evaluate2(p));
      return values.every((v) => v.ok) ? values.map((v) => Number(v.value)) : null;
    };
    const bits = this.bits;
    const threshold = numbers("__?ALIGN_JMP_THRESHOLD?__")?.[0] ?? -1;
    const group = numbers(fillerMacro(bits, "GROUP"))?.[0] ?? 1;
    const fill = [null];
    for (let k = 1; k <= Math.min(Math.max(group, 1), 64); k++) fill.push(numbers(fillerMacro(bits, k))?.map((b) => b & 255) ?? null);
    const spec = { align: Number(n), threshold, group: Math.max(group, 1), fill, label, fillName: (k) => fillerMacro(bits, k) };
    const before = this.out.length;
    this.emit(tokenize(`align ${n}`), null, this.here.file, this.here.line);
    if (this.out.length > before) this.out[before].smartAlign = spec;
  }
  // ---- %stacksize, %arg, %local (TASM-style stack frames) ------------------------------------
  /** `%stacksize flat|flat64|large|small`: the frame %arg and %local describe from now on. */
  dStacksize(args, dtok) {
    const t = args[skipWs(args, 0)];
    if (!t || t.type !== "id") return this.errorAt("directive", "`%stacksize' missing size parameter", t?.col ?? dtok.col);
    const frame = STACK_FRAMES[t.text.toLowerCase()];
    if (!frame) return this.errorAt("directive", "`%stacksize' invalid size type", t.col);
    this.frame = { ...frame, localOffset: 0 };
  }
  /**
   * `%arg name:type, …` defines each name as `(ebp+offset)` upwards from the return address;
   * `%local name:type, …` as `(ebp-offset)` downwards, adding each slot to `%$localsize`.
   * Sizes round up to the stack slot; the offsets carry on from one directive to the next, and
   * a directive that fails part-way defines the names before the error but does not move them.
   */
  dArgLocal(name, args, dtok) {
    const f = this.frame;
    let offset = name === "arg" ? f.argOffset : f.localOffset;
    let i = 0;
    for (; ; ) {
      i = skipWs(args, i);
      const id = args[i];
      if (!id || id.type !== "id") return this.errorAt("directive", `\`%${name}' missing argument parameter`, id?.col ?? dtok.col);
      const colon = args[i + 1];
      if (colon?.text !== ":") return this.errorAt("directive", `syntax error processing \`%${name}' directive`, colon?.col ?? id.col);
      const type = args[i + 2];
      if (!type || type.type !== "id") return this.errorAt("directive", `\`%${name}' missing size type parameter`, type?.col ?? colon.col);
      const sizeName = this.expand(tokenize(type.text))[0]?.text.toLowerCase() ?? "";
      const raw = SIZE_TYPES[sizeName];
      if (!raw) return this.errorAt("directive", `invalid size type for \`%${name}' missing directive`, type.col);
      const size = Math.ceil(raw / f.stackSize) * f.stackSize;
      const at = (sign, n) => tokenize(`(${f.stackPointer}${sign}${n})`);
      if (name === "arg") {
        this.defineTarget(id, true, null, false, at("+", offset));
        offset += size;
      } else {
        offset += size;
        this.defineTarget(id, true, null, false, at("-", offset));
        this.directive("assign", tokenize(` %$localsize %$localsize+${size}`).map((x) => ({ ...x, col: dtok.col })), dtok);
      }
      i = skipWs(args, i + 3);
      if (args[i]?.text !== ",") break;
      i++;
    }
    if (name === "arg") f.argOffset = offset;
    else f.localOffset = offset;
  }
  defineText(name, value) {
    const body = tokenize(value);
    const p = name.indexOf("(");
    if (p > 0) {
      this.dDefine(tokenize(`${name} ${value}`), { type: "pp", text: "%define", col: 0 }, true, false);
      return;
    }
    this.defineSMacro({ type: "id", text: name, col: 0 }, (n) => makeSMacro(n, true, null, false, body));
  }
  dSubstr(args, dtok) {
    const { target, rest } = this.takeName(args, dtok);
    if (!target) return;
    const e = trimWs(this.expand(rest));
    if (!e.length || e[0].type !== "str") return this.errorAt("directive", "`%substr' requires string as second parameter", dtok.col);
    const bytes = unquote(e[0].text);
    const restArgs = e.slice(1);
    const parts = [[]];
    for (const t of restArgs) {
      if (t.type === "op" && t.text === ",") parts.push([]);
      else parts[parts.length - 1].push(t);
    }
    if (parts.length > 1 && trimWs(parts[0]).length === 0) parts.shift();
    const start = parts[0] ? evaluate2(parts[0]) : null;
    if (!start || !start.ok) return this.errorAt("directive", "`%substr' expects a start index", dtok.col);
    let len = 1n;
    if (parts[1]) {
      const l = evaluate2(parts[1]);
      if (!l.ok) return this.errorAt("directive", "`%substr' expects a length", dtok.col);
      len = l.value;
    }
    const total = BigInt(bytes.length);
    let s = start.value - 1n;
    if (len < 0n) len = total - s + len + 1n;
    if (s < 0n) s = 0n;
    if (s > total) s = total;
    const end = s + len > total ? total : s + len;
    const slice = bytes.slice(Number(s), Number(end < s ? s : end));
    this.defineTarget(target, true, null, false, [{ type: "str", text: quoteBytes(slice), col: 0 }]);
  }
  /** `%macro name min[-max|-*][+][.nolist] [defaults…]` */
  dMacro(args, dtok, caseSensitive) {
    const a = args.filter((t) => t.type !== "ws");
    const spec = parseMacroSpec(a, 0);
    if (!spec) return this.errorAt("directive", `\`${dtok.text}' expects a macro name and parameter count`, dtok.col);
    const restStart = args.indexOf(a[spec.next] ?? {});
    const defaults = restStart >= 0 ? splitDefaults(args.slice(restStart)) : [];
    const top = this.nearestFile();
    const m = {
      name: spec.name,
      caseSensitive,
      min: spec.min,
      max: spec.max,
      greedy: spec.greedy,
      nolist: spec.nolist || !!top?.internal,
      defaults,
      lines: [],
      usesLabel: false,
      recursive: /rmacro$/i.test(dtok.text),
      file: this.here.file,
      line: this.here.line
    };
    this.defining = { kind: "macro", macro: m, lines: [], nest: 0, where: this.loc(dtok.col) };
  }
  fileNameArg(args) {
    const e = trimWs(args);
    if (!e.length) return null;
    if (e.length === 1 && e[0].type === "str") return byteString(unquote(e[0].text));
    const text = detokenize(e);
    if (text.startsWith("<") && text.endsWith(">")) return text.slice(1, -1);
    return text;
  }
  findFile(name) {
    const candidates = [name, ...(this.opts.includePaths ?? []).map((p) => (p === "" || /[/\\:]$/.test(p) ? p : p + "/") + name)];
    for (const c of candidates) {
      const text = this.opts.resolver.readText(c);
      if (text !== null) return { path: c, text };
    }
    return null;
  }
  dInclude(args, dtok) {
    let fname = this.fileNameArg(args);
    if (fname === null || fname === "") {
      const e = trimWs(this.expand(args));
      fname = e.length ? this.fileNameArg(e) : null;
    } else if (trimWs(args).length !== 1 || trimWs(args)[0].type !== "str") {
      const e = trimWs(this.expand(args));
      fname = this.fileNameArg(e);
    }
    if (!fname) return this.errorAt("directive", "`%include' expects a file name", dtok.col);
    const stack = this.frames.filter((f) => f.kind === "file" && !f.internal);
    if (stack.length > this.limits.includeDepth) {
      const cycleStart = stack.slice(0, -1).map((f) => f.file).lastIndexOf(stack[stack.length - 1].file);
      const cycle = stack.slice(cycleStart).map((f) => f.file);
      const repeated = cycleStart >= 0 ? ` (include cycle: ${cycle.join(" -> ")})` : "";
      this.fatal(`%include nested more than ${this.limits.includeDepth} levels deep${repeated}`, this.loc(dtok.col), "include-depth");
    }
    const found = this.findFile(fname);
    if (!found) return this.errorAt("include-not-found", `unable to open include file \`${fname}'`, dtok.col);
    if (!this.dependencies.includes(found.path)) this.dependencies.push(found.path);
    this.pushFile(found.path, found.text, false);
  }
  // ---- predefined macros --------------------------------------------------------------------
  predefine() {
    const num2 = (n) => [{ type: "num", text: String(n), col: 0 }];
    const str = (s) => [{ type: "str", text: quoteBytes(encodeSourceText(s)), col: 0 }];
    const def = (name, body) => this.smacros.define(makeSMacro(name, true, null, false, body));
    const dyn = (name, f) => {
      const m = makeSMacro(name, true, null, false, []);
      m.dynamic = f;
      this.smacros.define(m);
    };
    def("__?NASM_MAJOR?__", num2(NASM_VERSION.major));
    def("__?NASM_MINOR?__", num2(NASM_VERSION.minor));
    def("__?NASM_SUBMINOR?__", num2(NASM_VERSION.subminor));
    def("__?NASM_PATCHLEVEL?__", num2(NASM_VERSION.patchlevel));
    def("__?NASM_VERSION_ID?__", num2("002100100h"));
    def("__?NASM_VER?__", [{ type: "str", text: `"${NASM_VERSION.text}"`, col: 0 }]);
    def("__?OUTPUT_FORMAT?__", [{ type: "id", text: this.opts.outputFormat ?? "bin", col: 0 }]);
    def("__?PASS?__", num2(this.opts.preprocessOnly ? 3 : 2));
    dyn("__?FILE?__", () => str(this.here.file));
    dyn("__?LINE?__", () => num2(this.here.line));
    dyn("__?BITS?__", () => num2(this.opts.preprocessOnly ? 0 : this.bits));
    const now = /* @__PURE__ */ new Date();
    const p2 = (n) => String(n).padStart(2, "0");
    const date = (d, utc) => {
      const y = utc ? d.getUTCFullYear() : d.getFullYear(), mo = (utc ? d.getUTCMonth() : d.getMonth()) + 1, da = utc ? d.getUTCDate() : d.getDate();
      const h = utc ? d.getUTCHours() : d.getHours(), mi = utc ? d.getUTCMinutes() : d.getMinutes(), s = utc ? d.getUTCSeconds() : d.getSeconds();
      return { date: `${y}-${p2(mo)}-${p2(da)}`, dateNum: `${y}${p2(mo)}${p2(da)}`, time: `${p2(h)}:${p2(mi)}:${p2(s)}`, timeNum: `${h}${p2(mi)}${p2(s)}` };
    };
    const l = date(now, false), u = date(now, true);
    def("__?DATE?__", [{ type: "str", text: `"${l.date}"`, col: 0 }]);
    def("__?DATE_NUM?__", num2(l.dateNum));
    def("__?TIME?__", [{ type: "str", text: `"${l.time}"`, col: 0 }]);
    def("__?TIME_NUM?__", num2(l.timeNum));
    def("__?UTC_DATE?__", [{ type: "str", text: `"${u.date}"`, col: 0 }]);
    def("__?UTC_DATE_NUM?__", num2(u.dateNum));
    def("__?UTC_TIME?__", [{ type: "str", text: `"${u.time}"`, col: 0 }]);
    def("__?UTC_TIME_NUM?__", num2(u.timeNum));
    def("__?POSIX_TIME?__", num2(Math.floor(now.getTime() / 1e3)));
  }
};
function sameTokens(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].text !== b[i].text) return false;
  return true;
}
function bindCount(args) {
  const t = trimWs(args);
  if (!t.length) return 0;
  let n = 1;
  let depth = 0;
  for (const x of t) {
    if (x.text === "{") depth++;
    else if (x.text === "}") depth = Math.max(0, depth - 1);
    else if (x.text === "," && depth === 0) n++;
  }
  return n;
}
function parseMacroSpec(a, i) {
  const nameTok = a[i];
  if (!nameTok || nameTok.type !== "id" && nameTok.type !== "ctx") return null;
  let k = i + 1;
  let min = 0, max = 0, greedy = false, nolist = false;
  const countTok = a[k];
  if (countTok?.type === "num") {
    let text = countTok.text;
    const nl = /\.nolist$/i.exec(text);
    if (nl) {
      text = text.slice(0, -7);
      nolist = true;
    }
    min = max = Number(text);
    k++;
    if (a[k]?.text === "-") {
      const m = a[k + 1];
      if (m?.text === "*") {
        max = Infinity;
        k += 2;
      } else if (m?.type === "num") {
        let mt = m.text;
        if (/\.nolist$/i.test(mt)) {
          mt = mt.slice(0, -7);
          nolist = true;
        }
        max = Number(mt);
        k += 2;
      }
    }
    if (a[k]?.text === "+") {
      greedy = true;
      k++;
    }
    if (a[k]?.type === "id" && a[k].text.toLowerCase() === ".nolist") {
      nolist = true;
      k++;
    }
  }
  if (!Number.isFinite(min)) return null;
  return { name: nameTok.text, min, max, greedy, nolist, next: k };
}
function splitDefaults(tokens) {
  const out = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === "{") depth++;
    else if (t.text === "}") depth--;
    if (t.type === "op" && t.text === "," && depth === 0) {
      out.push([]);
      continue;
    }
    out[out.length - 1].push(t);
  }
  return out.map((d) => {
    const x = trimWs(d);
    return x.length >= 2 && x[0].text === "{" && x[x.length - 1].text === "}" ? x.slice(1, -1) : x;
  });
}
function parseRange(a) {
  if (!a.length || a[0].type !== "num") return null;
  const min = Number(a[0].text);
  let max = min;
  if (a[1]?.text === "-") max = a[2]?.text === "*" ? Infinity : Number(a[2]?.text ?? min);
  return { min, max };
}

// toolchain/asm/preprocess/index.ts
function preprocess(source, options) {
  const engine = new Engine2(options);
  engine.run(source);
  const lines = engine.out.map((l) => {
    const line = { text: l.raw ?? l.text, file: l.file, line: l.line, chain: l.chain, verbatim: l.raw !== null };
    if (l.smartAlign) line.smartAlign = l.smartAlign;
    if (l.listed !== void 0) line.listed = l.listed;
    return line;
  });
  return { lines, diagnostics: engine.diagnostics, dependencies: engine.dependencies, ...options.listing ? { listed: engine.listed } : {} };
}

// toolchain/asm/index.ts
function assemble(source, options = {}) {
  const { assembly, ...result } = assembleDetailed(source, options, false);
  void assembly;
  return { ...result, diagnostics: result.diagnostics.map(displayDiagnostic) };
}
function assembleDetailed(source, options = {}, detailed = true) {
  const file = options.file ?? "<stdin>";
  const format = options.format === "bin" ? "bin" : "elf";
  const resolver = options.resolver ?? mapResolver({});
  const debug = format === "elf" ? options.debug : void 0;
  const defines = debug ? [...options.defines ?? [], { name: "__?DEBUG_FORMAT?__", value: debug.format }] : options.defines ?? [];
  const limits = { ...DEFAULT_ASM_LIMITS, ...options.limits };
  setEvalLimit(limits.eval);
  let pre;
  try {
    pre = preprocess(source, {
      limits: { macroDepth: limits.macroLevels, lineTokens: limits.macroTokens, repCount: limits.rep, totalLines: limits.lines },
      file,
      resolver,
      includePaths: options.includePaths ?? [],
      defines,
      undefines: options.undefines ?? [],
      preIncludes: options.preIncludes ?? [],
      outputFormat: format === "bin" ? "bin" : "elf32",
      listing: options.listing
    });
  } catch (e) {
    if (e instanceof KernlabError) return { output: null, listing: null, diagnostics: e.diagnostics, dependencies: [file], assembly: null };
    throw e;
  }
  const diagnostics = [...pre.diagnostics];
  if (pre.diagnostics.some((d) => d.severity === "error")) {
    return { output: null, listing: null, diagnostics, dependencies: pre.dependencies, assembly: null };
  }
  const opt = options.optimize === 0 ? -1 : options.optimize === 1 ? 0 : 2;
  let asm;
  try {
    asm = runAssembler({ lines: pre.lines, format, opt, resolver, includePaths: options.includePaths ?? [], listing: options.listing || detailed, warnings: warningSwitches(options.warnings ?? {}), debug: !!debug, limits });
  } catch (e) {
    if (e instanceof KernlabError) return { output: null, listing: null, diagnostics: [...diagnostics, ...e.diagnostics], dependencies: pre.dependencies, assembly: null };
    throw e;
  }
  const at = (d) => d.notes[d.notes.length - 1]?.location ?? d.location;
  const sorted = [...asm.diagnostics].sort((x, y) => {
    const a = at(x), b = at(y);
    return a && b && a.file === b.file ? a.line - b.line : 0;
  });
  const stopsEarly = sorted.some((d) => d.severity === "error" && FIRST_PASS_WARNINGS.has(d));
  diagnostics.push(...stopsEarly ? sorted.filter((d) => FIRST_PASS_WARNINGS.has(d) || !WARNINGS.includes(d.code)) : sorted);
  const dependencies = [...pre.dependencies, ...asm.dependencies.filter((d) => !pre.dependencies.includes(d))];
  if (diagnostics.some((d) => d.severity === "error")) return { output: null, listing: null, diagnostics, dependencies, assembly: asm };
  const baseName = file.replace(/^.*[\\/]/, "");
  const output = format === "bin" ? writeBin(asm, file, diagnostics) : writeElf(asm, baseName === file ? file : file, diagnostics, (s) => s.size, debug && debugSections(asm, debug.format, file, debug.compDir ?? ""));
  const failed = diagnostics.some((d) => d.severity === "error");
  return {
    output: failed ? null : output,
    listing: options.listing && !failed ? formatListing(asm.listing, pre.listed ?? []) : null,
    diagnostics,
    dependencies,
    assembly: asm
  };
}
function assembleOrThrow(source, options = {}) {
  const r = assemble(source, options);
  if (!r.output) throw new KernlabError(r.diagnostics.length ? r.diagnostics : [diagnostic("assembly-failed", "assembly failed")]);
  return r.output;
}

// toolchain/link/map.ts
function formatLinkMap(map) {
  const out = [];
  out.push(`Entry point: ${hex(map.entry)}`, "");
  if (map.discarded.length) {
    out.push("Discarded input sections", "");
    for (const d of map.discarded) out.push(` ${d.section.padEnd(24)} ${d.file}`);
    out.push("");
  }
  out.push("Program headers", "");
  out.push(`  ${"Type".padEnd(14)} ${"Offset".padEnd(10)} ${"VirtAddr".padEnd(10)} ${"PhysAddr".padEnd(10)} ${"FileSiz".padEnd(10)} ${"MemSiz".padEnd(10)} Flg`);
  for (const s of map.segments) {
    out.push(`  ${s.type.padEnd(14)} ${hex(s.offset)} ${hex(s.vaddr)} ${hex(s.paddr)} ${hex(s.filesz)} ${hex(s.memsz)} ${s.flags}`);
  }
  out.push("", "Linker script and memory map", "");
  const bySection = /* @__PURE__ */ new Map();
  for (const sym of map.symbols) {
    if (sym.section === null) continue;
    const list = bySection.get(sym.section) ?? [];
    list.push(sym);
    bySection.set(sym.section, list);
  }
  for (const os of map.outputSections) {
    const lma = os.paddr !== os.vaddr ? ` load address ${hex(os.paddr)}` : "";
    out.push(`${os.name.padEnd(16)}${hex(os.vaddr)} ${hex(os.size)} [${os.flags}] align ${os.align}${lma}`);
    const syms = (bySection.get(os.name) ?? []).slice().sort((a, b) => a.value - b.value);
    let k = 0;
    for (const inp of os.inputs) {
      out.push(` ${inp.section.padEnd(15)}${hex(inp.vaddr)} ${hex(inp.size)} ${inp.file}`);
      while (k < syms.length && syms[k].value < inp.vaddr + Math.max(inp.size, 1)) {
        const s = syms[k++];
        if (s.value >= inp.vaddr) out.push(`                ${hex(s.value)}                ${s.name}`);
      }
    }
    for (; k < syms.length; k++) out.push(`                ${hex(syms[k].value)}                ${syms[k].name}`);
    out.push("");
  }
  const abs = map.symbols.filter((s) => s.section === null);
  if (abs.length) {
    out.push("Absolute symbols", "");
    for (const s of abs) out.push(`                ${hex(s.value)}                ${s.name}`);
    out.push("");
  }
  return out.join("\n");
}

// toolchain/link/script/from-layout.ts
function layoutToScript(layout) {
  const out = [];
  out.push(`ENTRY(${layout.entry})`);
  out.push("SECTIONS", "{");
  out.push(`  . = ${hex(layout.base + layout.virtualOffset >>> 0)};`);
  for (const s of layout.sections) {
    const stem = boundaryStem(s.name);
    const at = s.load !== null ? ` AT(${hex(s.load)})` : layout.virtualOffset ? ` AT(ADDR(${s.name}) - ${hex(layout.virtualOffset)})` : "";
    const align2 = s.align > 1 ? ` ALIGN(${hex(s.align)})` : "";
    out.push(`  ${s.name}${align2} :${at}`, "  {");
    out.push(`    ${stem}_start = .;`);
    for (const k of s.keep) out.push(`    KEEP(${k})`);
    for (const i of s.input) out.push(`    ${i}`);
    out.push(`    ${stem}_end = .;`);
    out.push("  }");
  }
  if (layout.heap) {
    out.push(`  . = ALIGN(${hex(layout.heap.align)});`, "  __heap_start = .;", `  . = . + ${hex(layout.heap.size)};`, "  __heap_end = .;");
  }
  if (layout.stack) {
    out.push(`  . = ALIGN(${hex(layout.stack.align)});`, "  __stack_bottom = .;", `  . = . + ${hex(layout.stack.size)};`, "  __stack_top = .;");
  }
  out.push("  __kernel_end = .;");
  out.push("}");
  return out.join("\n") + "\n";
}

// toolchain/elf/archive.ts
var MAGIC = "!<arch>\n";
function isArchive(bytes) {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 8; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}
function fail(file, field, text) {
  throw new KernlabError(diagnostic("malformed-object", `${file}: ${field}: ${text}`, { file, line: 0, column: 0 }));
}
function ascii(b, start, end) {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return s;
}
function readArchive(bytes, fileName = "<archive>") {
  if (!isArchive(bytes)) fail(fileName, "magic", "not an ar archive");
  const members = [];
  const symbols = [];
  let longNames = null;
  let off = 8;
  while (off + 60 <= bytes.length) {
    const rawName = ascii(bytes, off, off + 16).trimEnd();
    const sizeText = ascii(bytes, off + 48, off + 58).trim();
    if (bytes[off + 58] !== 96 || bytes[off + 59] !== 10) fail(fileName, `member header at ${off} ar_fmag`, "bad terminator");
    const size = Number.parseInt(sizeText, 10);
    if (!Number.isFinite(size) || size < 0 || off + 60 + size > bytes.length) fail(fileName, `member header at ${off} ar_size`, `'${sizeText}' runs past the end of the archive`);
    const data = bytes.subarray(off + 60, off + 60 + size);
    if (rawName === "/") {
      if (size < 4) fail(fileName, "armap", "too short");
      const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const n = dv.getUint32(0, false);
      if (4 + n * 4 > size) fail(fileName, "armap", `${n} symbols do not fit`);
      let p = 4 + n * 4;
      for (let i = 0; i < n; i++) {
        if (p >= size) fail(fileName, "armap", `the names of ${n} symbols run past the symbol map's ${size} bytes (corrupt archive symbol map)`);
        let e = p;
        while (e < size && data[e] !== 0) e++;
        symbols.push({ name: ascii(data, p, e), memberOffset: dv.getUint32(4 + i * 4, false) });
        p = e + 1;
      }
    } else if (rawName === "//") {
      longNames = data;
    } else if (rawName === "/SYM64/") {
    } else {
      let name = rawName;
      if (/^\/\d+$/.test(rawName)) {
        const at = Number.parseInt(rawName.slice(1), 10);
        if (!longNames || at >= longNames.length) fail(fileName, `member header at ${off} ar_name`, `long name offset ${at} is outside the name table`);
        let e = at;
        while (e < longNames.length && longNames[e] !== 10) e++;
        name = ascii(longNames, at, e).replace(/\/$/, "");
      } else name = rawName.replace(/\/$/, "");
      members.push({ name, offset: off, bytes: data });
    }
    off += 60 + size + (size & 1);
  }
  const headers = new Set(members.map((m) => m.offset));
  for (const sym of symbols) {
    if (!headers.has(sym.memberOffset)) fail(fileName, "armap", `symbol '${sym.name}' points at offset ${sym.memberOffset}, which is not a member header (corrupt archive symbol map)`);
  }
  return { fileName, members, symbols };
}

// toolchain/link/passes/types.ts
var LINKER_CREATED = -2;
function newContext() {
  return { errors: [], warnings: [] };
}
function alignUp2(v, a) {
  if (a <= 1) return v;
  return Math.ceil(v / a) * a;
}
function flagString(flags) {
  let s = "";
  if (flags & 1) s += "W";
  if (flags & 2) s += "A";
  if (flags & 4) s += "X";
  if (flags & 16) s += "M";
  if (flags & 32) s += "S";
  if (flags & 512) s += "G";
  return s;
}

// toolchain/link/passes/resolve.ts
var SHT_SYMTAB_SHNDX = 18;
var SHF_EXCLUDE = 2147483648;
function newSymbol(table2, name) {
  let s = table2.byName.get(name);
  if (s) return s;
  s = {
    name,
    state: "undefined",
    binding: "global",
    file: null,
    section: null,
    value: 0,
    size: 0,
    type: 0,
    other: 0,
    commonAlign: 1,
    weakRef: true,
    scriptSection: null,
    scriptDefined: false,
    order: table2.list.length,
    referenced: false,
    hidden: false
  };
  table2.byName.set(name, s);
  table2.list.push(s);
  return s;
}
function where(file, section, value) {
  return section ? `${file.name}:(${section.name}+${"0x" + value.toString(16)})` : `${file.name}:(*ABS*+${hex(value)})`;
}
function cookObject(ctx, name, matchName, archive, bytes, groups) {
  const elf = readElfShared(bytes, name);
  if (elf.type === ET_REL) checkRelocatable(elf);
  if (elf.type !== ET_REL) {
    ctx.errors.push(diagnostic("malformed-object", `${name}: e_type: ${elf.type} is not ET_REL (a relocatable object)`, { file: name, line: 0, column: 0 }));
    return null;
  }
  if (elf.machine !== EM_386) {
    ctx.errors.push(diagnostic("malformed-object", `${name}: e_machine: ${elf.machine} is not EM_386 (i386)`, { file: name, line: 0, column: 0 }));
    return null;
  }
  const file = { name, matchName, archive, elf, sections: [], globals: [], common: null, gnuStack: false, execStack: false, hasGnuProperty: false, linkerCreated: [] };
  const discardedByGroup = /* @__PURE__ */ new Set();
  const groupOf = /* @__PURE__ */ new Map();
  for (const s of elf.sections) {
    if (s.type !== SHT_GROUP) continue;
    const dv = new DataView(s.data.buffer, s.data.byteOffset, s.data.byteLength);
    if (s.data.length < 4) continue;
    const sig = elf.symbols[s.info]?.name ?? s.name;
    const comdat = (dv.getUint32(0, true) & GRP_COMDAT) !== 0;
    const dup = comdat && groups.has(sig);
    if (comdat) groups.add(sig);
    for (let o = 4; o + 4 <= s.data.length; o += 4) {
      const idx = dv.getUint32(o, true);
      groupOf.set(idx, sig);
      if (dup) discardedByGroup.add(idx);
    }
  }
  for (const s of elf.sections) {
    let sec = null;
    const skip = s.type === SHT_NULL || s.type === SHT_SYMTAB || s.type === SHT_REL || s.type === SHT_RELA || s.type === SHT_GROUP || s.type === SHT_SYMTAB_SHNDX || s.type === SHT_STRTAB && !(s.flags & SHF_ALLOC) || (s.flags & SHF_EXCLUDE) !== 0;
    if (s.name === ".note.GNU-stack") {
      file.gnuStack = true;
      if (s.flags & SHF_EXECINSTR) file.execStack = true;
    } else if (!skip && !discardedByGroup.has(s.index)) {
      if (s.name === ".note.gnu.property") file.hasGnuProperty = true;
      sec = {
        file,
        index: s.index,
        name: s.name,
        type: s.type,
        flags: s.flags,
        align: Math.max(1, s.addralign),
        entsize: s.entsize,
        size: s.size,
        data: s.type === SHT_NOBITS ? new Uint8Array(0) : s.data,
        relocs: [],
        relocOffsets: null,
        output: null,
        outOffset: 0,
        discarded: false,
        keep: false,
        merge: null,
        ehCiePointers: null,
        group: groupOf.get(s.index) ?? null
      };
    }
    file.sections.push(sec);
  }
  for (const s of elf.sections) {
    if (s.type !== SHT_REL && s.type !== SHT_RELA) continue;
    const target = file.sections[s.info];
    if (!target) continue;
    const list = readRelocations(elf, s);
    if (target.relocs.length === 0) target.relocs = list;
    else for (const r of list) target.relocs.push(r);
  }
  return file;
}
function addSymbols(ctx, table2, file) {
  for (const sym of file.elf.symbols) {
    if (sym.index === 0 || sym.bind === STB_LOCAL) {
      file.globals.push(null);
      continue;
    }
    const g = newSymbol(table2, sym.name);
    file.globals.push(g);
    const weak = sym.bind === STB_WEAK;
    if (sym.shndx === SHN_UNDEF) {
      g.referenced = true;
      if (!weak) g.weakRef = false;
      continue;
    }
    if (sym.shndx < SHN_LORESERVE && file.sections[sym.shndx] === null && file.elf.sections[sym.shndx] && sym.bind !== STB_LOCAL) {
      g.referenced = true;
      if (!weak) g.weakRef = false;
      continue;
    }
    if (sym.shndx === SHN_COMMON) {
      if (g.state === "undefined") {
        Object.assign(g, { state: "common", file, section: null, value: 0, size: sym.size, type: sym.type, other: sym.other, commonAlign: Math.max(1, sym.value), binding: "global" });
      } else if (g.state === "common") {
        if (sym.size > g.size) {
          g.size = sym.size;
          g.file = file;
        }
        g.commonAlign = Math.max(g.commonAlign, sym.value);
      }
      continue;
    }
    const section = sym.shndx === SHN_ABS || sym.shndx >= SHN_LORESERVE ? null : file.sections[sym.shndx] ?? null;
    const define = () => Object.assign(g, { state: "defined", file, section, value: sym.value, size: sym.size, type: sym.type, other: sym.other, binding: weak ? "weak" : "global", hidden: (sym.other & 3) === 2 });
    if (g.state === "undefined" || g.state === "common") {
      define();
      continue;
    }
    if (g.binding === "weak" && !weak) {
      define();
      continue;
    }
    if (weak || g.binding === "weak") continue;
    if (g.section?.group && section?.group && g.section.group === section.group) continue;
    ctx.errors.push(diagnostic("duplicate-symbol", `multiple definition of '${sym.name}'`, { file: file.name, line: 0, column: 0 }, [
      { text: `defined at ${where(file, section, sym.value)}` },
      { text: `first defined at ${g.file ? where(g.file, g.section, g.value) : "the linker script"}` }
    ]));
  }
  void STB_GLOBAL;
}
function resolveSymbols(ctx, items, entry, undefs = []) {
  const table2 = { byName: /* @__PURE__ */ new Map(), list: [] };
  const files = [];
  const groups = /* @__PURE__ */ new Set();
  if (entry) {
    const e = newSymbol(table2, entry);
    e.weakRef = false;
  }
  for (const name of undefs) {
    const u = newSymbol(table2, name);
    u.weakRef = false;
  }
  const scanArchive = (a) => {
    let any = false;
    let changed = true;
    while (changed) {
      changed = false;
      for (const entrySym of a.ar.symbols) {
        if (a.loaded.has(entrySym.memberOffset)) continue;
        const g = table2.byName.get(entrySym.name);
        if (!g || g.state !== "undefined" || g.weakRef) continue;
        const member = a.byOffset.get(entrySym.memberOffset);
        if (!member) continue;
        a.loaded.add(entrySym.memberOffset);
        const base = a.name.split("/").pop();
        const file = cookObject(ctx, `${base}(${member.name})`, member.name, a.name, member.bytes, groups);
        if (!file) continue;
        files.push(file);
        addSymbols(ctx, table2, file);
        changed = any = true;
      }
    }
    return any;
  };
  let groupArchives = [];
  items.forEach((item, i) => {
    const input = item.input;
    if (isArchive(input.bytes)) {
      const ar = readArchive(input.bytes, input.name);
      const state = { name: input.name, ar, byOffset: new Map(ar.members.map((m) => [m.offset, m])), loaded: /* @__PURE__ */ new Set() };
      scanArchive(state);
      if (item.group !== null) groupArchives.push(state);
    } else if (!isElf(input.bytes)) {
      ctx.errors.push(diagnostic("malformed-object", `${input.name}: e_ident: not an ELF object or ar archive (file format not recognized)`, { file: input.name, line: 0, column: 0 }));
    } else {
      const file = cookObject(ctx, input.name, item.matchName, null, input.bytes, groups);
      if (file) {
        files.push(file);
        addSymbols(ctx, table2, file);
      }
    }
    if (item.group !== null && items[i + 1]?.group !== item.group) {
      let again = groupArchives.length > 1;
      while (again) {
        again = false;
        for (const a of groupArchives) if (scanArchive(a)) again = true;
      }
      groupArchives = [];
    }
  });
  if (files[0]) files[0].linkerCreated = linkerCreatedSections(files[0]);
  return { files, symbols: table2 };
}
function linkerCreatedSections(file) {
  const A = SHF_ALLOC, WA = SHF_ALLOC | SHF_WRITE, AX = SHF_ALLOC | SHF_EXECINSTR;
  const list = [
    [".rel.got", SHT_REL, A, 8],
    [".got", SHT_PROGBITS, WA, 0],
    [".got.plt", SHT_PROGBITS, WA, 0],
    [".iplt", SHT_PROGBITS, AX, 0],
    [".rel.iplt", SHT_REL, A, 8],
    [".igot.plt", SHT_PROGBITS, WA, 0]
  ];
  return list.map(([name, type, flags, entsize]) => ({
    file,
    index: LINKER_CREATED,
    name,
    type,
    flags,
    align: 4,
    entsize,
    size: 0,
    data: new Uint8Array(0),
    relocs: [],
    relocOffsets: null,
    output: null,
    outOffset: 0,
    discarded: false,
    keep: false,
    merge: null,
    ehCiePointers: null,
    group: null
  }));
}

// toolchain/link/passes/assign.ts
var num = (value) => ({ value: value >>> 0, rel: null, kind: "num" });
var absolute = (value) => ({ value: value >>> 0, rel: null, kind: "abs" });
var relative = (value, os) => ({ value: value >>> 0, rel: os, kind: "rel" });
var EvalError2 = class extends Error {
  constructor(code, message, loc) {
    super(message);
    this.code = code;
    this.loc = loc;
  }
  code;
  loc;
};
function markDropped(statements) {
  for (const st of statements) {
    if (st.kind !== "output") continue;
    const os = st.os;
    const size = os.inputs.reduce((n, s) => n + (s.discarded ? 0 : s.size), 0);
    const dotAssign = os.elements.some((e) => e.kind === "assign" && e.cmd.target === "." && !(e.cmd.op === "=" && e.cmd.expr.kind === "dot"));
    os.dropped = size === 0 && !os.hasContent && !dotAssign && !os.inputs.some((s) => s.keep && s.size > 0);
    let flags = 0, allMerge = os.inputs.length > 0, allNobits = os.inputs.length > 0;
    let entsize = -1, align2 = 1;
    for (const s of os.inputs) {
      if (s.discarded) continue;
      flags |= s.flags & (SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR);
      if (!(s.flags & SHF_MERGE)) allMerge = false;
      if (entsize === -1) entsize = s.entsize;
      else if (entsize !== s.entsize) allMerge = false;
      if (s.type !== SHT_NOBITS) allNobits = false;
      align2 = Math.max(align2, s.align);
    }
    if (allMerge) flags |= os.inputs[0].flags & (SHF_MERGE | SHF_STRINGS);
    if (os.hasContent) allNobits = false;
    if (!os.inputs.length) flags |= SHF_ALLOC;
    os.flags = flags;
    os.entsize = allMerge ? Math.max(0, entsize) : 0;
    const types = new Set(os.inputs.filter((s) => s.type !== SHT_NOBITS).map((s) => s.type));
    os.type = allNobits ? SHT_NOBITS : types.size === 1 ? [...types][0] : SHT_PROGBITS;
    if (os.command?.noload) os.type = SHT_NOBITS;
    os.align = align2;
  }
}
function assignAddresses(ctx, script, statements, symbols, opts) {
  const outputsByName = /* @__PURE__ */ new Map();
  for (const st of statements) if (st.kind === "output" && !outputsByName.has(st.os.name)) outputsByName.set(st.os.name, st.os);
  let previous = "";
  let result = null;
  let errors = [];
  for (let iteration = 0; iteration < 6; iteration++) {
    errors = [];
    result = runOnce(script, statements, symbols, opts, outputsByName, errors, result, iteration === 0 ? ctx.warnings : []);
    const fingerprint = statements.map((s) => s.kind === "output" ? `${s.os.vaddr},${s.os.paddr},${s.os.size}` : "").join(";") + [...result.scriptSymbols.values()].map((v) => v.value).join(",");
    if (fingerprint === previous) break;
    previous = fingerprint;
  }
  for (const e of errors) ctx.errors.push(diagnostic(e.code, e.message, e.loc));
  for (const st of statements) {
    if (st.kind !== "output" || st.os.dropped || st.os.hasContent || st.os.inputs.some((x) => !x.discarded)) continue;
    if (st.os.size > 0) {
      st.os.flags = SHF_ALLOC | SHF_WRITE;
      st.os.type = SHT_NOBITS;
      st.os.loadedNobits = !st.os.command?.noload;
    } else {
      st.os.flags = SHF_WRITE;
      st.os.type = SHT_PROGBITS;
    }
  }
  return result;
}
function runOnce(script, statements, symbols, opts, outputsByName, errors, prev, warnings) {
  const scriptSymbols = /* @__PURE__ */ new Map();
  const assertFailures = [];
  const regions = [];
  let dot = 0;
  let current = null;
  let prevOs = null;
  let lastPlaced = null;
  let prevLmaRegion = null;
  let statementIndex = 0;
  let dotAssignedSinceSection = false;
  let relFromDot = false;
  const sectionForDot = () => {
    if (dotAssignedSinceSection || lastPlaced === null) {
      for (let i = statementIndex + 1; i < statements.length; i++) {
        const st = statements[i];
        if (st.kind === "output" && !st.os.dropped && st.os.flags & SHF_ALLOC) return st.os;
      }
    }
    return lastPlaced;
  };
  const defaultRegion = { name: "*default*", origin: 0, length: 4294967295, current: 0, lastOs: null, loc: { file: "", line: 0, column: 0 } };
  const symbolValue = (name, loc) => {
    const s = scriptSymbols.get(name);
    if (s) return s.section ? relative(s.value, s.section) : absolute(s.value);
    const g = symbols.byName.get(name);
    if (g && g.state === "defined" && !g.scriptDefined) {
      if (g.section === null) return absolute(g.value);
      const out = g.section.output;
      if (!out) return absolute(g.value);
      return relative(out.vaddr + g.section.outOffset + g.value, out);
    }
    const p = prev?.scriptSymbols.get(name);
    if (p) return p.section ? relative(p.value, p.section) : absolute(p.value);
    throw new EvalError2("undefined-symbol", `undefined symbol '${name}' referenced in expression`, loc);
  };
  const sectionByName = (name, loc) => {
    const os = name ? outputsByName.get(name) : void 0;
    if (!os) throw new EvalError2("script-undefined-section", `undefined section '${name}' referenced in expression`, loc);
    return os;
  };
  const regionByName = (name, loc) => {
    const r = regions.find((x) => x.name === name);
    if (!r) throw new EvalError2("script-undefined-region", `undefined memory region '${name}' referenced in expression`, loc);
    return r;
  };
  const abs = (v) => v.value >>> 0;
  const binary2 = (op, L, R, loc) => {
    const inSection = current !== null;
    const secOf = (v2) => v2.kind === "num" ? "num" : v2.kind === "abs" ? "abs" : v2.rel;
    let l = L, r = R;
    if (secOf(l) !== secOf(r) && l.kind !== "num" && r.kind !== "num") {
      l = absolute(l.value);
      r = absolute(r.value);
    }
    const kept = l.kind === "rel" ? l.rel : r.kind === "rel" ? r.rel : null;
    const base = kept && secOf(l) !== secOf(r) ? kept.vaddr : 0;
    const a = (l.kind === "rel" ? l.value - base : l.value) >>> 0;
    const b = (r.kind === "rel" ? r.value - base : r.value) >>> 0;
    let v;
    switch (op) {
      case "+":
        v = a + b;
        break;
      case "-":
        v = a - b;
        break;
      case "*":
        v = Number(BigInt(a) * BigInt(b) & 0xffffffffn);
        break;
      case "/":
        if (b === 0) throw new EvalError2("script-division-by-zero", "division by zero", loc);
        v = Math.floor(a / b);
        break;
      case "%":
        if (b === 0) throw new EvalError2("script-division-by-zero", "division by zero", loc);
        v = a % b;
        break;
      case "<<":
        v = b >= 32 ? 0 : a << b;
        break;
      case ">>":
        v = b >= 32 ? 0 : a >>> b;
        break;
      case "&":
        v = a & b;
        break;
      case "|":
        v = a | b;
        break;
      case "^":
        v = a ^ b;
        break;
      case "MAX":
        v = Math.max(a, b);
        break;
      case "MIN":
        v = Math.min(a, b);
        break;
      case "==":
        return num(a === b ? 1 : 0);
      case "!=":
        return num(a !== b ? 1 : 0);
      case "<":
        return num(a < b ? 1 : 0);
      case ">":
        return num(a > b ? 1 : 0);
      case "<=":
        return num(a <= b ? 1 : 0);
      case ">=":
        return num(a >= b ? 1 : 0);
      case "&&":
        return num(a && b ? 1 : 0);
      case "||":
        return num(a || b ? 1 : 0);
      default:
        throw new EvalError2("script-syntax", `unknown operator ${op}`, loc);
    }
    if (secOf(l) !== secOf(r)) {
      const other = l.kind === "num" ? r : l;
      if (other.kind === "rel") return relative(other.rel.vaddr + v, other.rel);
      return other.kind === "abs" ? absolute(v) : num(v);
    }
    if (op === "MAX" || op === "MIN") return l.kind === "rel" ? relative(v, l.rel) : l.kind === "abs" ? absolute(v) : num(v);
    return inSection ? num(v) : absolute(v);
  };
  const evaluate3 = (root) => {
    const work = [{ e: root, stage: 0 }];
    const vals = [];
    while (work.length) {
      const { e, stage } = work.pop();
      if (e.kind === "unary") {
        if (stage === 0) {
          work.push({ e, stage: 1 }, { e: e.arg, stage: 0 });
          continue;
        }
        const x = vals.pop();
        if (e.op === "+") {
          vals.push(x);
          continue;
        }
        const v = x.value >>> 0;
        vals.push(absolute(e.op === "-" ? -v : e.op === "~" ? ~v : v === 0 ? 1 : 0));
      } else if (e.kind === "binary") {
        if (stage === 0) {
          work.push({ e, stage: 1 }, { e: e.right, stage: 0 }, { e: e.left, stage: 0 });
          continue;
        }
        const R = vals.pop(), L = vals.pop();
        vals.push(binary2(e.op, L, R, e.loc));
      } else if (e.kind === "cond") {
        if (stage === 0) {
          work.push({ e, stage: 1 }, { e: e.test, stage: 0 });
          continue;
        }
        work.push({ e: vals.pop().value ? e.then : e.else, stage: 0 });
      } else vals.push(evaluateNode(e));
    }
    return vals[0];
  };
  const evaluateNode = (e) => {
    const inSection = current !== null;
    switch (e.kind) {
      // Outside output sections numbers are absolute; inside they are plain numbers (section offsets).
      case "num":
        return inSection ? num(e.value) : absolute(e.value);
      case "dot":
        if (inSection) return relative(dot, current);
        relFromDot = true;
        return absolute(dot);
      case "sym":
        return symbolValue(e.name, e.loc);
      case "call": {
        const arg = (i) => abs(evaluate3(e.args[i]));
        switch (e.fn) {
          case "ALIGN":
          case "BLOCK":
          case "NEXT": {
            if (e.args.length === 2) {
              const x = evaluate3(e.args[0]);
              const v2 = alignUp2(x.value, arg(1) || 1) >>> 0;
              return x.kind === "rel" ? relative(v2, x.rel) : x.kind === "abs" ? absolute(v2) : num(v2);
            }
            const v = alignUp2(dot, arg(0) || 1) >>> 0;
            if (inSection) return relative(v, current);
            relFromDot = true;
            return absolute(v);
          }
          case "MAX":
          case "MIN":
            return binary2(e.fn, evaluate3(e.args[0]), evaluate3(e.args[1]), e.loc);
          case "ABSOLUTE": {
            const v = arg(0);
            relFromDot = false;
            return absolute(v);
          }
          case "LOG2CEIL": {
            const v = arg(0);
            return absolute(v <= 1 ? 0 : Math.ceil(Math.log2(v)));
          }
          case "ADDR": {
            const os = sectionByName(e.name, e.loc);
            return relative(os.vaddr, os);
          }
          case "LOADADDR":
            return absolute(sectionByName(e.name, e.loc).paddr);
          case "SIZEOF":
            return num(sectionByName(e.name, e.loc).size);
          case "ALIGNOF":
            return num(sectionByName(e.name, e.loc).align);
          case "ORIGIN":
            return absolute(regionByName(e.name, e.loc).origin);
          case "LENGTH":
            return absolute(regionByName(e.name, e.loc).length);
          case "DEFINED": {
            const n = e.name ?? "";
            const g = symbols.byName.get(n);
            return num(scriptSymbols.has(n) || g !== void 0 && g.state === "defined" && !g.scriptDefined ? 1 : 0);
          }
          case "CONSTANT":
            if (e.name === "MAXPAGESIZE") return num(opts.maxPageSize);
            if (e.name === "COMMONPAGESIZE") return num(4096);
            throw new EvalError2("script-syntax", `unknown constant ${e.name}`, e.loc);
          case "SIZEOF_HEADERS":
            return num(opts.headersSize);
          case "SEGMENT_START": {
            const start = e.name ? opts.sectionStarts[e.name] : void 0;
            return absolute(start ?? arg(0));
          }
          case "DATA_SEGMENT_ALIGN": {
            const maxp = arg(0), commonp = arg(1);
            return absolute(alignUp2(dot, maxp) + (dot + commonp - 1 & maxp - commonp));
          }
          case "DATA_SEGMENT_END":
            return absolute(arg(0));
          case "DATA_SEGMENT_RELRO_END":
            return absolute(dot);
          default:
            throw new EvalError2("script-unknown-function", `unknown function ${e.fn}() in expression`, e.loc);
        }
      }
    }
  };
  const assign = (cmd, os, sectionStart) => {
    if (cmd.provide) {
      if (scriptSymbols.has(cmd.target) && !scriptSymbols.get(cmd.target).provide) return;
      const g = symbols.byName.get(cmd.target);
      if (!g || !g.referenced || g.state === "defined" && !g.scriptDefined) return;
    }
    relFromDot = false;
    let v;
    if (cmd.op === "=") v = evaluate3(cmd.expr);
    else {
      const old = cmd.target === "." ? os ? relative(dot, os) : absolute(dot) : symbolValue(cmd.target, cmd.loc);
      const ops = { "+=": "+", "-=": "-", "*=": "*", "/=": "/", "<<=": "<<", ">>=": ">>", "&=": "&", "|=": "|" };
      v = binary2(ops[cmd.op], old, evaluate3(cmd.expr), cmd.loc);
    }
    if (cmd.target === ".") {
      const next = os && v.kind === "num" ? sectionStart + v.value >>> 0 : v.value;
      if (os && next < dot) throw new EvalError2("script-dot-backwards", `cannot move location counter backwards (from ${hex(dot)} to ${hex(next)})`, cmd.loc);
      dot = next;
      if (!os) dotAssignedSinceSection = true;
      return;
    }
    let section = v.kind === "rel" ? v.rel : null;
    let value = v.value;
    if (os && v.kind === "num") {
      section = os;
      value = os.vaddr + v.value >>> 0;
    } else if (!os && v.kind !== "rel" && relFromDot) section = sectionForDot();
    scriptSymbols.set(cmd.target, { value, section, provide: cmd.provide, hidden: cmd.hidden });
  };
  for (const m of script.memory) {
    try {
      const origin = abs(evaluate3(m.origin)), length = abs(evaluate3(m.length));
      regions.push({ name: m.name, origin, length, current: origin, lastOs: null, loc: m.loc });
    } catch (e) {
      if (e instanceof EvalError2) errors.push(e);
      else throw e;
    }
  }
  for (const [index2, st] of statements.entries()) {
    statementIndex = index2;
    try {
      if (st.kind === "assign") {
        current = null;
        assign(st.cmd, null, 0);
        continue;
      }
      if (st.kind === "assert") {
        current = null;
        if (abs(evaluate3(st.cmd.expr)) === 0) assertFailures.push({ message: st.cmd.message, loc: st.cmd.loc });
        continue;
      }
      const os = st.os;
      const cmd = os.command;
      const hasSymbols = os.elements.some((e) => e.kind === "assign" && e.cmd.target !== ".");
      if (os.dropped && !hasSymbols) {
        os.vaddr = os.paddr = dot;
        os.size = 0;
        continue;
      }
      const region = cmd?.region ? regions.find((r2) => r2.name === cmd.region) ?? null : null;
      if (cmd?.region && !region) throw new EvalError2("script-undefined-region", `output section ${os.name} refers to undefined memory region '${cmd.region}'`, cmd.loc);
      const alloc = (os.flags & SHF_ALLOC) !== 0;
      let align2 = os.align;
      if (cmd?.align) align2 = Math.max(align2, abs(evaluate3(cmd.align)));
      os.align = align2;
      let start;
      const forced = opts.sectionStarts[os.name];
      if (!alloc) start = 0;
      else if (forced !== void 0) start = forced;
      else if (cmd?.vaddr) {
        current = null;
        start = abs(evaluate3(cmd.vaddr));
        if (cmd.align) {
          const aligned = alignUp2(start, abs(evaluate3(cmd.align)) || 1) >>> 0;
          if (aligned !== start) {
            const text = `start of section ${os.name} changed by ${aligned - start}`;
            warnings.push(diagnostic("section-start-changed", text, cmd.loc, [], "warning"));
            start = aligned;
          }
        }
        if (start !== 0) os.align = align2 = Math.min(align2, start & -start);
      } else if (region) start = alignUp2(region.current, align2);
      else start = alignUp2(dot, align2);
      const savedDot = dot;
      os.vaddr = start >>> 0;
      dot = os.vaddr;
      current = os;
      os.dataItems = [];
      os.fills = [];
      for (const el of os.elements) {
        if (el.kind === "sections") {
          for (const s of el.sections) {
            if (s.discarded) continue;
            if (s.index === LINKER_CREATED) {
              s.outOffset = dot - os.vaddr;
              continue;
            }
            dot = alignUp2(dot, s.align);
            s.outOffset = dot - os.vaddr;
            dot += s.size;
          }
        } else if (el.kind === "assign") assign(el.cmd, os, os.vaddr);
        else if (el.kind === "assert") {
          if (abs(evaluate3(el.cmd.expr)) === 0) assertFailures.push({ message: el.cmd.message, loc: el.cmd.loc });
        } else if (el.kind === "data") {
          const v = BigInt(abs(evaluate3(el.cmd.expr)));
          const bytes = new Uint8Array(el.cmd.size);
          for (let i = 0; i < el.cmd.size; i++) bytes[i] = Number(v >> BigInt(8 * i) & 0xffn);
          os.dataItems.push({ offset: dot - os.vaddr, bytes });
          dot += el.cmd.size;
        } else if (el.kind === "fill") os.fills.push({ offset: dot - os.vaddr, bytes: el.cmd.hexPattern ?? fillWord(abs(evaluate3(el.cmd.expr))) });
      }
      current = null;
      os.size = dot - os.vaddr >>> 0;
      if (cmd?.fill) os.fill = cmd.fillHexPattern ?? fillWord(abs(evaluate3(cmd.fill)));
      if (os.dropped) {
        dot = alloc ? os.vaddr : savedDot;
        os.size = 0;
        continue;
      }
      const r = region ?? defaultRegion;
      let lmaRegionName = cmd?.lmaRegion ?? null;
      if (!lmaRegionName && !cmd?.lma && !cmd?.vaddr && prevOs && (prevOs.command?.region ?? null) === (cmd?.region ?? null)) lmaRegionName = prevLmaRegion;
      prevOs = os;
      prevLmaRegion = lmaRegionName;
      if (!alloc) os.paddr = 0;
      else if (cmd?.lma) os.paddr = abs(evaluate3(cmd.lma));
      else if (lmaRegionName) {
        const lr = regions.find((x) => x.name === lmaRegionName);
        if (!lr) throw new EvalError2("script-undefined-region", `output section ${os.name} refers to undefined memory region '${lmaRegionName}'`, cmd?.loc ?? null);
        os.paddr = lr === region ? alignUp2(lr.current, align2) : lr.current;
        if (lr !== region) lr.current = os.paddr + (os.type === SHT_NOBITS ? 0 : os.size);
      } else {
        os.paddr = os.vaddr;
        const last = r.lastOs;
        if (last && os.size !== 0 && !(os.vaddr < last.vaddr && os.vaddr + os.size <= last.vaddr)) {
          os.paddr = alignUp2(os.vaddr + last.paddr - last.vaddr >>> 0, align2) >>> 0;
        }
      }
      if (alloc && !lmaRegionName && (os.size !== 0 || r.lastOs === null && os.vaddr !== os.paddr || r.lastOs !== null && dot >= r.lastOs.vaddr)) r.lastOs = os;
      if (alloc) {
        dot = os.vaddr + os.size >>> 0;
        lastPlaced = os;
        dotAssignedSinceSection = false;
      } else dot = savedDot;
      if (region) region.current = dot;
    } catch (e) {
      if (e instanceof EvalError2) {
        errors.push(e);
        current = null;
        continue;
      }
      throw e;
    }
  }
  return { regions, scriptSymbols, assertFailures };
}
function fillWord(v) {
  return new Uint8Array([v >>> 24 & 255, v >>> 16 & 255, v >>> 8 & 255, v & 255]);
}
function defineScriptSymbols(symbols, placement) {
  for (const [name, v] of placement.scriptSymbols) {
    const g = symbols.byName.get(name) ?? newSymbol(symbols, name);
    if (g.state === "defined" && !g.scriptDefined && v.provide) continue;
    Object.assign(g, { state: "defined", scriptDefined: true, scriptSection: v.section, section: null, value: v.value, file: null, binding: "global", hidden: v.hidden });
  }
}

// toolchain/link/passes/orphans.ts
var SEC_HAS_CONTENTS = 1;
var SEC_ALLOC = 2;
var SEC_LOAD = 4;
var SEC_READONLY = 8;
var SEC_CODE = 16;
var SEC_DATA = 32;
var SEC_THREAD_LOCAL = 64;
var SEC_DEBUGGING = 128;
var DEBUG_NAME = /^(\.debug|\.gnu\.debuglto_\.debug_|\.gnu\.linkonce\.wi\.|\.zdebug|\.line|\.stab|\.gdb_index)/;
function bfdFlags(s) {
  if (s.index === -1) return SEC_ALLOC;
  let f = 0;
  if (s.type !== SHT_NOBITS) f |= SEC_HAS_CONTENTS;
  if (s.flags & SHF_ALLOC) {
    f |= SEC_ALLOC;
    if (s.type !== SHT_NOBITS) f |= SEC_LOAD;
  }
  if (!(s.flags & SHF_WRITE)) f |= SEC_READONLY;
  if (s.flags & SHF_EXECINSTR) f |= SEC_CODE;
  else if (f & SEC_LOAD) f |= SEC_DATA;
  if (s.flags & SHF_TLS) f |= SEC_THREAD_LOCAL;
  if (!(f & SEC_ALLOC) && DEBUG_NAME.test(s.name)) f |= SEC_DEBUGGING;
  return f;
}
var bfdCache = /* @__PURE__ */ new WeakMap();
function outputBfd(os) {
  const cached = bfdCache.get(os);
  const view = cached && cached.elements === os.elements.length && cached.inputs <= os.inputs.length ? addInputs({ ...cached.view }, os.inputs, cached.inputs) : computeOutputBfd(os);
  bfdCache.set(os, { inputs: os.inputs.length, elements: os.elements.length, view });
  return view;
}
function addInputs(view, inputs, from) {
  for (let i = from; i < inputs.length; i++) {
    const s = inputs[i];
    if (s.discarded) continue;
    const f = bfdFlags(s);
    view.flags &= f | ~SEC_READONLY;
    view.flags |= view.anyInput ? f & ~SEC_READONLY : f;
    if (!view.anyInput) view.type = s.type;
    view.anyInput = view.exists = true;
  }
  return view;
}
function computeOutputBfd(os) {
  const view = { exists: os.elements.some((e) => e.kind === "assign" || e.kind === "fill"), flags: 0, type: 0, anyInput: false };
  if (os.hasContent) {
    view.flags = SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_READONLY;
    view.exists = true;
  }
  return addInputs(view, os.inputs, 0);
}
var OrphanPlacer = class {
  constructor(statements, make, elfOutput = true) {
    this.statements = statements;
    this.make = make;
    this.elfOutput = elfOutput;
  }
  statements;
  make;
  elfOutput;
  hold = {
    text: { name: ".text", flags: SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_READONLY | SEC_CODE, os: null, last: null },
    rodata: { name: ".rodata", flags: SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_READONLY | SEC_DATA, os: null, last: null },
    tdata: { name: ".tdata", flags: SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_DATA | SEC_THREAD_LOCAL, os: null, last: null },
    data: { name: ".data", flags: SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_DATA, os: null, last: null },
    bss: { name: ".bss", flags: SEC_ALLOC, os: null, last: null },
    interp: { name: ".interp", flags: SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_READONLY | SEC_DATA, os: null, last: null },
    nonalloc: { name: ".comment", flags: SEC_HAS_CONTENTS, os: null, last: null }
  };
  /** look->flags of statements that have no section yet (the class flags of the statements named for a class). */
  statementFlags = /* @__PURE__ */ new Map();
  initDone = false;
  outputs() {
    const out = [];
    for (const st of this.statements) if (st.kind === "output") out.push(st.os);
    return out;
  }
  findByName(name) {
    for (const st of this.statements) if (st.kind === "output" && st.os.name === name) return st.os;
    return null;
  }
  /** Place one orphan; returns the output section it went into. */
  place(s, secname) {
    const sflags = bfdFlags(s);
    let byName = null;
    for (const os2 of this.outputs()) {
      if (os2.name !== secname) continue;
      const b = outputBfd(os2);
      if (b.exists && (b.flags === 0 || ((sflags ^ b.flags) & (SEC_LOAD | SEC_ALLOC)) === 0)) return this.add(os2, s);
      if (!b.exists) byName = os2;
    }
    if (byName) return this.add(byName, s);
    if (!this.initDone) {
      for (const h of Object.values(this.hold)) {
        h.os = h.name ? this.findByName(h.name) : null;
        if (h.os && !outputBfd(h.os).exists) this.statementFlags.set(h.os, h.flags);
      }
      this.initDone = true;
    }
    let place = null;
    if (!(sflags & (SEC_ALLOC | SEC_DEBUGGING))) place = this.hold.nonalloc;
    else if (!(sflags & SEC_ALLOC)) place = null;
    else if (sflags & SEC_LOAD && s.type === SHT_NOTE) place = this.hold.interp;
    else if (!(sflags & (SEC_LOAD | SEC_HAS_CONTENTS | SEC_THREAD_LOCAL))) place = this.hold.bss;
    else if (sflags & SEC_THREAD_LOCAL) place = this.hold.tdata;
    else if (!(sflags & SEC_READONLY)) place = this.hold.data;
    else if (!(sflags & SEC_CODE)) place = this.hold.rodata;
    else place = this.hold.text;
    const os = this.make(secname);
    if (!place) {
      this.statements.push({ kind: "output", os });
      return this.add(os, s);
    }
    place.os ??= place.name ? this.findByName(place.name) : null;
    let after = place.os;
    if (!after) {
      const found = this.findByFlags(s, sflags, true);
      if (found.exact) place.os = found.os;
      after = found.os;
    }
    const cmd = after?.command;
    if (after && sflags & (SEC_LOAD | SEC_ALLOC) && cmd && (cmd.region || cmd.lmaRegion)) os.command = inheritRegions(os.name, cmd);
    let at;
    if (place.last) at = this.statements.findIndex((x) => x.kind === "output" && x.os === place.last) + 1;
    else at = this.insertAfter(after ? this.statements.findIndex((x) => x.kind === "output" && x.os === after) : -1);
    if (this.elfOutput && sflags & SEC_LOAD && s.type === SHT_NOTE) {
      const index2 = (o) => this.statements.findIndex((x) => x.kind === "output" && x.os === o);
      let first = null, afterNote = null;
      for (const o of this.outputs()) {
        const b = outputBfd(o);
        if (b.exists && b.type === SHT_NOTE && b.flags & SEC_LOAD) {
          first ??= o;
          if (Math.max(1, ...o.inputs.map((x) => x.align)) >= s.align) afterNote = o;
        } else if (first) break;
      }
      if (afterNote) at = index2(afterNote) + 1;
      else if (first) at = index2(first);
    }
    this.statements.splice(at, 0, { kind: "output", os });
    place.last = os;
    return this.add(os, s);
  }
  add(os, s) {
    s.output = os;
    os.inputs.push(s);
    const last = os.elements[os.elements.length - 1];
    if (last && last.kind === "sections") last.sections.push(s);
    else os.elements.push({ kind: "sections", sections: [s] });
    return os;
  }
  /** lang_output_section_find_by_flags: the last output statement whose flags suit the section. */
  findByFlags(s, sflags, matchType) {
    const candidates = this.outputs().map((os) => {
      const b = outputBfd(os);
      return { os, flags: (b.exists ? b.flags : this.statementFlags.get(os) ?? 0) & ~SEC_DEBUGGING, typeOk: !matchType || !b.exists || b.type === s.type };
    });
    const last = (mask) => {
      let found2 = null;
      for (const c of candidates) if (c.typeOk && !((c.flags ^ sflags) & mask)) found2 = c.os;
      return found2;
    };
    if (!(sflags & SEC_ALLOC)) {
      let found2 = null;
      for (const c of candidates) if (!((c.flags ^ sflags) & SEC_DEBUGGING)) found2 = c.os;
      return { os: found2, exact: false };
    }
    const exact = last(SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_READONLY | SEC_CODE | SEC_THREAD_LOCAL);
    if (exact) return { os: exact, exact: true };
    let found;
    if (sflags & SEC_CODE) found = last(SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_CODE | SEC_THREAD_LOCAL);
    else if (sflags & SEC_READONLY) found = last(SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_READONLY);
    else if (sflags & SEC_THREAD_LOCAL) found = last(SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_THREAD_LOCAL);
    else if (sflags & SEC_HAS_CONTENTS) found = last(SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_THREAD_LOCAL);
    else found = last(SEC_ALLOC);
    if (found || !matchType) return { os: found, exact: false };
    const again = this.findByFlags(s, sflags, false);
    return { os: again.os, exact: false };
  }
  /**
   * insert_os_after: after the statement at `index` (-1: ld's *ABS* statement, before everything), past
   * symbol assignments, but before a `. = …` that leads into the next output section.
   */
  insertAfter(index2) {
    let assign = -1;
    let ignoreFirst = index2 === -1;
    for (let i = index2 + 1; i < this.statements.length; i++) {
      const x = this.statements[i];
      if (x.kind === "assign") {
        if (assign < 0 && x.cmd.target === ".") {
          if (!ignoreFirst) assign = i;
          ignoreFirst = false;
        }
        continue;
      }
      if (x.kind === "assert") continue;
      if (assign >= 0) {
        const b = outputBfd(x.os);
        const hasInputs = x.os.inputs.some((s) => !s.discarded);
        if (!b.exists || !hasInputs || b.flags & SEC_ALLOC) return assign;
      }
      return i;
    }
    return this.statements.length;
  }
};
function inheritRegions(name, from) {
  return { kind: "output", name, vaddr: null, noload: false, lma: null, align: null, subalign: null, region: from.region, lmaRegion: from.lmaRegion, fill: null, items: [], loc: from.loc };
}

// toolchain/link/passes/bin.ts
var globCache = /* @__PURE__ */ new Map();
function globMatch(pattern, name) {
  if (!/[*?[]/.test(pattern)) return pattern === name;
  let re = globCache.get(pattern);
  if (!re) {
    let src = "";
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === "*") src += ".*";
      else if (c === "?") src += ".";
      else if (c === "[") {
        const end = pattern.indexOf("]", i + 1);
        if (end < 0) {
          src += "\\[";
          continue;
        }
        let body = pattern.slice(i + 1, end);
        if (body.startsWith("!")) body = "^" + body.slice(1);
        src += "[" + body.replace(/\\/g, "\\\\") + "]";
        i = end;
      } else src += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
    }
    re = new RegExp("^" + src + "$", "s");
    globCache.set(pattern, re);
  }
  return re.test(name);
}
function fileMatches(pattern, file) {
  if (pattern === "*") return true;
  if (file.archive === null) return /[*?[]/.test(pattern) ? globMatch(pattern, file.name) : pattern === file.matchName;
  if (pattern.includes(":") && file.archive !== null) {
    const [a, m] = [pattern.slice(0, pattern.lastIndexOf(":")), pattern.slice(pattern.lastIndexOf(":") + 1)];
    const arBase = file.archive.split("/").pop();
    return (a === "" || globMatch(a, file.archive) || globMatch(a, arBase)) && (m === "" || globMatch(m, file.matchName));
  }
  if (file.archive !== null) return globMatch(pattern, file.matchName);
  return globMatch(pattern, file.matchName);
}
function bfdHash(name) {
  const M = (1n << 64n) - 1n;
  let h = 0n;
  const bytes = new TextEncoder().encode(name);
  for (const b of bytes) {
    const c = BigInt(b);
    h = h + c + (c << 17n) & M;
    h ^= h >> 2n;
  }
  const len = BigInt(bytes.length);
  h = h + len + (len << 17n) & M;
  h ^= h >> 2n;
  return h;
}
var BFD_HASH_SIZE = 4051n;
function allocateCommons(files, symbols) {
  const commons = symbols.list.filter((s) => s.state === "common");
  if (!commons.length) return;
  const keyed = commons.map((s) => ({ s, bucket: bfdHash(s.name) % BFD_HASH_SIZE }));
  keyed.sort((a, b) => a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : b.s.order - a.s.order);
  for (const { s } of keyed) {
    const file = s.file;
    if (!file.common) {
      file.common = {
        file,
        index: -1,
        name: "COMMON",
        type: SHT_NOBITS,
        flags: SHF_ALLOC | SHF_WRITE,
        align: 1,
        entsize: 0,
        size: 0,
        data: new Uint8Array(0),
        relocs: [],
        relocOffsets: null,
        output: null,
        outOffset: 0,
        discarded: false,
        keep: false,
        merge: null,
        ehCiePointers: null,
        group: null
      };
    }
    const c = file.common;
    const align2 = Math.max(1, s.commonAlign);
    c.size = Math.ceil(c.size / align2) * align2;
    c.align = Math.max(c.align, align2);
    Object.assign(s, { state: "defined", section: c, value: c.size });
    c.size += s.size;
  }
  void files;
}
function newOutput(name, command, orphan) {
  return {
    name,
    command,
    inputs: [],
    type: SHT_PROGBITS,
    flags: 0,
    align: 1,
    entsize: 0,
    vaddr: 0,
    paddr: 0,
    size: 0,
    dropped: false,
    hasContent: false,
    shndx: 0,
    fileOffset: 0,
    dataItems: [],
    fill: null,
    fills: [],
    orphan,
    elements: []
  };
}
function allSections(files) {
  const out = [];
  for (const f of files) {
    for (const s of f.sections) if (s) out.push(s);
    if (f.common) out.push(f.common);
  }
  return out;
}
function sectionMatches(p, sec) {
  if (p.excludeFiles.some((x) => fileMatches(x, sec.file))) return false;
  return globMatch(p.pattern, sec.name);
}
function matchInputCommand(cmd, files, claimed) {
  const got = [];
  const patterns = cmd.sections;
  for (const f of files) {
    if (!fileMatches(cmd.file, f) || cmd.excludeFiles.some((x) => fileMatches(x, f))) continue;
    const secs = [];
    for (const s of f.sections) if (s) secs.push(s);
    for (const s of f.linkerCreated) secs.push(s);
    if (f.common) secs.push(f.common);
    for (const s of secs) {
      if (claimed.has(s)) continue;
      if (s.name === "COMMON" && s.index !== -1) continue;
      const ok = patterns === null ? s.index !== -1 || true : patterns.some((p) => sectionMatches(p, s));
      if (!ok) continue;
      got.push(s);
    }
  }
  if (patterns && patterns.some((p) => p.sort !== "none")) {
    const sort = patterns.find((p) => p.sort !== "none").sort;
    const idx = new Map(got.map((s, i) => [s, i]));
    got.sort((a, b) => {
      if (sort === "alignment") return b.align - a.align || idx.get(a) - idx.get(b);
      return a.name < b.name ? -1 : a.name > b.name ? 1 : idx.get(a) - idx.get(b);
    });
  }
  for (const s of got) {
    claimed.add(s);
    if (cmd.keep) s.keep = true;
  }
  return got;
}
function binSections(ctx, files, script, oformat = "elf32") {
  const claimed = /* @__PURE__ */ new Set();
  const discarded = [];
  const statements = [];
  const outputs = [];
  for (const cmd of script.commands) {
    if (cmd.kind === "assign") {
      statements.push({ kind: "assign", cmd });
      continue;
    }
    if (cmd.kind === "assert") {
      statements.push({ kind: "assert", cmd });
      continue;
    }
    if (cmd.name === "/DISCARD/") {
      for (const item of cmd.items) if (item.kind === "input") for (const s of matchInputCommand(item, files, claimed)) {
        s.discarded = true;
        discarded.push(s);
      }
      continue;
    }
    const os = newOutput(cmd.name, cmd, false);
    if (cmd.noload) os.type = SHT_NOBITS;
    for (const item of cmd.items) {
      let el;
      if (item.kind === "input") {
        const secs = matchInputCommand(item, files, claimed);
        for (const s of secs) s.output = os;
        el = { kind: "sections", sections: secs };
        for (const x of secs) os.inputs.push(x);
      } else if (item.kind === "assign") el = { kind: "assign", cmd: item };
      else if (item.kind === "assert") el = { kind: "assert", cmd: item };
      else if (item.kind === "data") {
        el = { kind: "data", cmd: item };
        os.hasContent = true;
      } else el = { kind: "fill", cmd: item };
      os.elements.push(el);
    }
    outputs.push(os);
    statements.push({ kind: "output", os });
  }
  const placer = new OrphanPlacer(statements, (name) => {
    const os = newOutput(name, null, true);
    outputs.push(os);
    return os;
  }, oformat !== "binary");
  for (const s of allSections(files)) {
    if (claimed.has(s) || s.discarded) continue;
    if (s.name === "COMMON" && s.index === -1) {
      const bss = statements.find((x) => x.kind === "output" && x.os.name === ".bss");
      if (bss && bss.kind === "output") {
        addTo(bss.os, s);
        continue;
      }
    }
    placer.place(s, s.name === "COMMON" ? ".bss" : s.name);
  }
  void ctx;
  void diagnostic;
  return { statements, outputs, discarded };
}
function addTo(os, s) {
  s.output = os;
  os.inputs.push(s);
  const last = os.elements[os.elements.length - 1];
  if (last && last.kind === "sections") last.sections.push(s);
  else os.elements.push({ kind: "sections", sections: [s] });
}

// toolchain/link/passes/check.ts
var MULTIBOOT_MAGIC = 464367618;
var MULTIBOOT_SEARCH = 8192;
function range(a, size) {
  return `[${hex(a)}, ${hex(a + size - 1)}]`;
}
function checkLayout(ctx, c) {
  const wraps = (o) => o.vaddr + o.size > 4294967296 || o.type !== SHT_NOBITS && o.paddr + o.size > 4294967296;
  for (const o of c.outputs) {
    if (!(o.flags & SHF_ALLOC) || o.size === 0 || !wraps(o)) continue;
    const what = o.vaddr + o.size > 4294967296 ? "VMA" : "LMA";
    ctx.errors.push(diagnostic("section-wraps", `section ${o.name} ${what} wraps around address space`, null, [
      { text: `${o.name} starts at ${hex(what === "VMA" ? o.vaddr : o.paddr)} and is ${hex(o.size)} bytes` }
    ]));
  }
  const alloc = c.outputs.filter((o) => o.flags & SHF_ALLOC && o.size > 0 && !wraps(o));
  for (const kind of ["virtual", "load"]) {
    const list = (kind === "load" ? alloc.filter((o) => o.type !== SHT_NOBITS) : alloc).map((o) => ({ o, start: kind === "load" ? o.paddr : o.vaddr })).sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = list[j], b = list[i];
        if (b.start < a.start + a.o.size) {
          ctx.errors.push(diagnostic("section-overlap", `section ${a.o.name} ${kind} address range overlaps with ${b.o.name}`, null, [
            { text: `${a.o.name} range is ${range(a.start, a.o.size)}` },
            { text: `${b.o.name} range is ${range(b.start, b.o.size)}` }
          ]));
        }
      }
    }
  }
  for (const o of c.outputs) {
    const rname = o.command?.region;
    if (!rname) continue;
    const r = c.placement.regions.find((x) => x.name === rname);
    if (!r) continue;
    const end = o.vaddr + o.size;
    if (end > r.origin + r.length || o.vaddr < r.origin) {
      const by = end - (r.origin + r.length);
      ctx.errors.push(diagnostic("region-overflow", `section ${o.name} will not fit in region '${r.name}': region '${r.name}' overflowed by ${by} bytes`, o.command?.loc ?? null, [
        { text: `${o.name} range is ${range(o.vaddr, o.size)}` },
        { text: `region ${r.name} is ${range(r.origin, r.length)}` }
      ]));
    }
  }
  if (c.layout) {
    for (const [name, part, startSym] of [["heap", c.layout.heap, "__heap_start"], ["stack", c.layout.stack, "__stack_bottom"]]) {
      const start = c.placement.scriptSymbols.get(startSym)?.value;
      if (!part || start === void 0 || start + part.size <= 4294967296) continue;
      ctx.errors.push(diagnostic("layout-wraps", `layout ${name} of ${hex(part.size)} bytes starting at ${hex(start)} wraps around address space (it would end past 0xffffffff)`, null, [
        { text: `${startSym} = ${hex(start)}; ${name}.size = ${hex(part.size)}` }
      ]));
    }
  }
  if (c.layout && c.layout.regions.length) {
    const items = alloc.map((o) => ({ name: o.name, start: o.paddr, size: o.size }));
    const sym = (n) => c.placement.scriptSymbols.get(n)?.value;
    const off = c.layout.virtualOffset;
    const hs = sym("__heap_start"), he = sym("__heap_end"), sb = sym("__stack_bottom"), st = sym("__stack_top");
    if (hs !== void 0 && he !== void 0 && he > hs) items.push({ name: "heap", start: hs - off, size: he - hs });
    if (sb !== void 0 && st !== void 0 && st > sb) items.push({ name: "stack", start: sb - off, size: st - sb });
    for (const it of items) {
      const r = c.layout.regions.find((x) => it.start >= x.origin && it.start < x.origin + x.length);
      if (!r) {
        ctx.errors.push(diagnostic("region-overflow", `${it.name} at ${hex(it.start)} lies outside every memory region of the layout`, null, [{ text: `${it.name} range is ${range(it.start, it.size)}` }]));
        continue;
      }
      const by = it.start + it.size - (r.origin + r.length);
      if (by > 0) {
        ctx.errors.push(diagnostic("region-overflow", `${it.name} overflows region '${r.name}' by ${by} bytes`, null, [
          { text: `${it.name} range is ${range(it.start, it.size)}` },
          { text: `region ${r.name} is ${range(r.origin, r.length)}` }
        ]));
      }
    }
  }
  for (const f of c.placement.assertFailures) ctx.errors.push(diagnostic("assertion-failed", f.message, f.loc));
  checkMultiboot(ctx, c);
}
function checkMultiboot(ctx, c) {
  const report = (d) => (d.severity === "error" ? ctx.errors : ctx.warnings).push(d);
  const loaded = c.outputs.filter((o) => o.flags & SHF_ALLOC && o.type !== SHT_NOBITS && o.size > 0);
  const lowest = loaded.length ? Math.min(...loaded.map((o) => o.paddr)) : 0;
  for (const f of c.files) {
    for (const s of f.sections) {
      if (!s || s.discarded || !s.output || s.type === SHT_NOBITS || !(s.flags & SHF_ALLOC)) continue;
      const d = s.data;
      const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
      for (let o = 0; o + 12 <= d.length; o++) {
        if (d[o] !== 2 || dv.getUint32(o, true) !== MULTIBOOT_MAGIC) continue;
        if (MULTIBOOT_MAGIC + dv.getUint32(o + 4, true) + dv.getUint32(o + 8, true) >>> 0 !== 0) continue;
        const os = s.output;
        const vaddr = os.vaddr + s.outOffset + o;
        const fileOffset = c.oformat === "binary" ? os.paddr + s.outOffset + o - lowest : os.fileOffset + s.outOffset + o;
        const where2 = `${f.name}:(${s.name}+0x${o.toString(16)})`;
        if (fileOffset % 4 !== 0) {
          report(diagnostic("multiboot-header", `multiboot header from ${where2} is misaligned: it ended up at file offset ${hex(fileOffset)} (address ${hex(vaddr)}), which is not a multiple of 4`, null, [], c.multibootCheck));
        }
        if (fileOffset + 12 > MULTIBOOT_SEARCH) {
          report(diagnostic("multiboot-header", `multiboot header from ${where2} ended up at file offset ${hex(fileOffset)} (address ${hex(vaddr)} in ${os.name}), outside the first 8 KiB of the image where loaders look for it`, null, [
            { text: "place the input section holding it first in the first loaded output section, e.g. *(.multiboot) at the start of .text" },
            ...os.align > 4096 ? [{ text: `${os.name} is ${os.align}-byte aligned, so its segment's file offset is too (as in GNU ld): align its address instead (\`${os.name} ALIGN(${hex(os.align)}) :\`)` }] : []
          ], c.multibootCheck));
        }
        return;
      }
    }
  }
}

// toolchain/link/passes/gc.ts
function gcSections(files, symbols, entry) {
  const live = /* @__PURE__ */ new Set();
  const work = [];
  const mark = (s) => {
    if (s && !live.has(s) && !s.discarded) {
      live.add(s);
      work.push(s);
    }
  };
  const e = symbols.byName.get(entry);
  if (e?.section) mark(e.section);
  for (const f of files) {
    for (const s of f.sections) {
      if (!s || !s.output) continue;
      if (s.keep || s.type === SHT_NOTE || /^\.(init_array|fini_array|preinit_array|ctors|dtors|init|fini)/.test(s.name)) mark(s);
    }
  }
  while (work.length) {
    const s = work.pop();
    if (s.name === ".eh_frame") continue;
    for (const r of s.relocs) {
      const g = s.file.globals[r.symbol];
      if (g) {
        mark(g.section);
        continue;
      }
      const sym = s.file.elf.symbols[r.symbol];
      if (sym && sym.shndx !== SHN_UNDEF && sym.shndx < SHN_LORESERVE) mark(s.file.sections[sym.shndx]);
    }
  }
  for (const f of files) {
    if (!f.sections.some((s) => s && live.has(s) && s.flags & SHF_ALLOC && s.type !== SHT_NOTE)) continue;
    for (const s of f.sections) if (s && !(s.flags & SHF_ALLOC) && !s.discarded) live.add(s);
  }
  const swept = [];
  for (const f of files) {
    for (const s of [...f.sections, f.common]) {
      if (!s || live.has(s) || s.discarded) continue;
      if (s === f.common) {
        if ([...symbols.list].some((g) => g.section === s && g.referenced)) continue;
      }
      s.discarded = true;
      swept.push(s);
    }
  }
  return swept;
}

// toolchain/link/passes/gnu-property.ts
var NT_GNU_PROPERTY_TYPE_0 = 5;
var GNU_PROPERTY_X86_FEATURE_1_AND = 3221225474;
function featureAnd(data) {
  if (data.length !== 28) return null;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const ok = dv.getUint32(0, true) === 4 && dv.getUint32(4, true) === 12 && dv.getUint32(8, true) === NT_GNU_PROPERTY_TYPE_0 && dv.getUint32(12, true) === 5590599 && dv.getUint32(16, true) === GNU_PROPERTY_X86_FEATURE_1_AND && dv.getUint32(20, true) === 4;
  return ok ? dv.getUint32(24, true) : null;
}
function mergeGnuProperties(files) {
  const notes = files.map((f) => f.sections.find((s) => s !== null && s.name === ".note.gnu.property") ?? null);
  const values = notes.map((s) => s ? featureAnd(s.data.subarray(0, s.size)) : null);
  const all = files.length > 0 && values.every((v) => v !== null);
  const merged = all ? values.reduce((a, v) => a & v, 4294967295) : 0;
  notes.forEach((s, i) => {
    if (!s) return;
    if (i === 0 && merged !== 0) {
      const data = s.data.slice(0, s.size);
      new DataView(data.buffer).setUint32(24, merged, true);
      s.data = data;
    } else s.discarded = true;
  });
}

// toolchain/link/passes/merge.ts
function keyOf(b) {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}
function mergeSections(outputs) {
  for (const os of outputs) {
    const groups = /* @__PURE__ */ new Map();
    for (const s of os.inputs) {
      if (!(s.flags & SHF_MERGE) || s.entsize === 0 || s.size % s.entsize !== 0 || s.discarded) continue;
      if (s.flags & SHF_STRINGS && s.size > 0 && s.data[s.size - 1] !== 0) continue;
      const k = `${s.flags & (SHF_MERGE | SHF_STRINGS)}/${s.entsize}/${s.align}`;
      const list = groups.get(k) ?? [];
      list.push(s);
      groups.set(k, list);
    }
    for (const list of groups.values()) mergeGroup(list);
  }
}
function mergeGroup(list) {
  const strings = (list[0].flags & SHF_STRINGS) !== 0;
  const ent = list[0].entsize;
  const table2 = /* @__PURE__ */ new Map();
  const order = [];
  const refs = /* @__PURE__ */ new Map();
  for (const sec of list) {
    const mine = [];
    let off = 0;
    while (off < sec.size) {
      let end;
      if (strings) {
        end = off;
        for (; ; ) {
          let zero = true;
          for (let k = 0; k < ent; k++) if (sec.data[end + k] !== 0) zero = false;
          end += ent;
          if (zero || end >= sec.size) break;
        }
      } else end = off + ent;
      const bytes = sec.data.subarray(off, end);
      const key = keyOf(bytes);
      let e = table2.get(key);
      if (!e) {
        e = { key, bytes, align: sec.align, owner: sec, pieces: [], keep: true, suffixOf: null, index: order.length };
        table2.set(key, e);
        order.push(e);
      }
      mine.push({ off, entry: e });
      off = end;
    }
    refs.set(sec, mine);
  }
  if (strings) {
    const lenOf = (e2) => e2.bytes.length - ent;
    const sorted = order.slice().sort((A, B) => {
      const la = lenOf(A), lb = lenOf(B);
      let i = la - 1, j = lb - 1, l = Math.min(la, lb);
      while (l--) {
        const d = A.bytes[i] - B.bytes[j];
        if (d) return d;
        i--;
        j--;
      }
      return la - lb;
    });
    let e = sorted[sorted.length - 1];
    for (let i = sorted.length - 2; i >= 0; i--) {
      const cmp = sorted[i];
      const la = e.bytes.length, lc = cmp.bytes.length;
      let suffix = lc <= la && e.align >= cmp.align && (la - lc & cmp.align - 1) === 0;
      if (suffix) {
        for (let k = 1; k <= lc; k++) if (e.bytes[la - k] !== cmp.bytes[lc - k]) {
          suffix = false;
          break;
        }
      }
      if (suffix) {
        cmp.keep = false;
        cmp.suffixOf = e;
      } else e = cmp;
    }
  }
  const placed = /* @__PURE__ */ new Map();
  const sizes = /* @__PURE__ */ new Map();
  const chunks = /* @__PURE__ */ new Map();
  for (const e of order) {
    if (!e.keep) continue;
    let size = sizes.get(e.owner) ?? 0;
    size = Math.ceil(size / e.align) * e.align;
    const list2 = chunks.get(e.owner) ?? [];
    const pad = size - (sizes.get(e.owner) ?? 0);
    if (pad) list2.push(new Uint8Array(pad));
    list2.push(e.bytes);
    chunks.set(e.owner, list2);
    placed.set(e, { holder: e.owner, at: size });
    sizes.set(e.owner, size + e.bytes.length);
  }
  const where2 = (e) => {
    const p = placed.get(e);
    if (p) return p;
    const root = e.suffixOf;
    const r = where2(root);
    return { holder: r.holder, at: r.at + (root.bytes.length - e.bytes.length) };
  };
  for (const sec of list) {
    const parts = chunks.get(sec) ?? [];
    const total = parts.reduce((n, p) => n + p.length, 0);
    const data = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      data.set(p, o);
      o += p.length;
    }
    const pieces = refs.get(sec).map(({ off, entry }) => {
      const w = where2(entry);
      return { inputOffset: off, holder: w.holder, outputOffset: w.at };
    });
    sec.merge = pieces;
    sec.pendingData = data;
  }
  for (const sec of list) {
    sec.data = sec.pendingData;
    sec.size = sec.data.length;
    delete sec.pendingData;
  }
}
function mergedLocation(sec, offset) {
  const pieces = sec.merge;
  let lo = 0, hi = pieces.length - 1, best = 0;
  while (lo <= hi) {
    const mid = lo + hi >> 1;
    if (pieces[mid].inputOffset <= offset) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const p = pieces[best];
  if (!p) return { holder: sec, offset };
  return { holder: p.holder, offset: p.outputOffset + (offset - p.inputOffset) };
}
function editEhFrames(files, isDiscarded) {
  const ehs = [];
  for (const f of files) for (const s of f.sections) if (s && s.name === ".eh_frame" && !s.discarded && s.output) ehs.push(s);
  const cies = /* @__PURE__ */ new Map();
  const parsed = /* @__PURE__ */ new Map();
  for (const sec of ehs) {
    const d = sec.data;
    const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
    const entries = [];
    let off = 0;
    let ok = true;
    while (off + 4 <= d.length) {
      const len = dv.getUint32(off, true);
      if (len === 4294967295 || off + 4 + len > d.length) {
        ok = false;
        break;
      }
      const size = 4 + len;
      const cie = len === 0 ? false : dv.getUint32(off + 4, true) === 0;
      const cieOffset = len === 0 || cie ? -1 : off + 4 - dv.getUint32(off + 4, true);
      const relocs = sec.relocs.filter((r) => r.offset >= off && r.offset < off + size);
      entries.push({ sec, offset: off, size, cie, cieOffset, keep: false, relocs, canonical: null, key: "" });
      off += size;
    }
    if (!ok || off !== d.length) continue;
    parsed.set(sec, entries);
  }
  const lastEh = ehs[ehs.length - 1];
  for (const sec of ehs) {
    const entries = parsed.get(sec);
    if (!entries) continue;
    const byOffset = new Map(entries.map((e) => [e.offset, e]));
    for (const e of entries) {
      if (e.size === 4) {
        e.keep = sec === lastEh;
        continue;
      }
      if (e.cie) continue;
      const pcReloc = e.relocs.find((r) => r.offset === e.offset + 8);
      if (pcReloc && isDiscarded(sec.file, pcReloc.symbol)) continue;
      const cie = byOffset.get(e.cieOffset);
      if (!cie) {
        e.keep = true;
        continue;
      }
      if (!cie.key) {
        const relKey = cie.relocs.map((r) => `${r.offset - cie.offset}:${r.type}:${sec.file.elf.symbols[r.symbol]?.name ?? ""}`).join(",");
        cie.key = keyOf(sec.data.subarray(cie.offset, cie.offset + cie.size)) + "|" + relKey;
      }
      let canon = cies.get(cie.key);
      if (!canon) {
        canon = cie;
        cies.set(cie.key, cie);
        cie.keep = true;
      }
      e.canonical = canon;
      e.keep = true;
    }
  }
  for (const sec of ehs) {
    const entries = parsed.get(sec);
    if (!entries) continue;
    const kept = entries.filter((e) => e.keep);
    const total = kept.reduce((n, e) => n + e.size, 0);
    const data = new Uint8Array(total);
    const relocs = [];
    const newOffset = /* @__PURE__ */ new Map();
    let o = 0;
    for (const e of kept) {
      data.set(sec.data.subarray(e.offset, e.offset + e.size), o);
      newOffset.set(e, o);
      for (const r of e.relocs) relocs.push({ ...r, offset: r.offset - e.offset + o });
      o += e.size;
    }
    sec.ehCiePointers = [];
    for (const e of kept) if (!e.cie && e.canonical) sec.ehCiePointers.push({ at: newOffset.get(e) + 4, cie: e.canonical.sec, cieOffset: -1 });
    sec.ehPending = { kept, newOffset };
    sec.data = data;
    sec.size = total;
    sec.relocs = relocs;
  }
  for (const sec of ehs) {
    const p = sec.ehPending;
    if (!p) continue;
    let i = 0;
    for (const e of p.kept) {
      if (e.cie || !e.canonical) continue;
      const canonSec = e.canonical.sec.ehPending;
      sec.ehCiePointers[i++].cieOffset = canonSec.newOffset.get(e.canonical);
    }
  }
  for (const sec of ehs) delete sec.ehPending;
}

// toolchain/link/passes/relocate.ts
var SUPPORTED = /* @__PURE__ */ new Set([R_386_NONE, R_386_32, R_386_PC32, R_386_PLT32, R_386_16, R_386_PC16, R_386_8, R_386_PC8]);
function relocName(type) {
  return R_386_NAMES[type] ?? `relocation type ${type}`;
}
function refText(sec, offset) {
  return `${sec.file.name}:(${sec.name}+0x${offset.toString(16)})`;
}
function globalAddress(g) {
  if (g.scriptDefined) return g.value >>> 0;
  if (g.state !== "defined") return 0;
  if (!g.section) return g.value >>> 0;
  return sectionAddress(g.section, g.value);
}
function sectionAddress(sec, offset) {
  if (sec.merge) {
    const m = mergedLocation(sec, offset);
    return (m.holder.output ? m.holder.output.vaddr + m.holder.outOffset + m.offset : 0) >>> 0;
  }
  if (!sec.output) return 0;
  return sec.output.vaddr + sec.outOffset + offset >>> 0;
}
function symbolDiscarded(file, symIndex) {
  const sym = file.elf.symbols[symIndex];
  if (!sym) return false;
  const g = file.globals[symIndex];
  if (g) return g.state === "defined" && g.section !== null && (g.section.discarded || !g.section.output);
  if (sym.shndx === SHN_UNDEF || sym.shndx >= SHN_LORESERVE) return false;
  const sec = file.sections[sym.shndx];
  return !sec || sec.discarded || !sec.output;
}
function scanRelocations(ctx, files) {
  const undefinedRefs = /* @__PURE__ */ new Map();
  for (const f of files) {
    for (const sec of f.sections) {
      if (!sec || sec.discarded || !sec.output || !(sec.flags & SHF_ALLOC)) continue;
      for (const r of sec.relocs) {
        const sym = f.elf.symbols[r.symbol];
        const g = f.globals[r.symbol] ?? null;
        if (R_386_NAMES[r.type] === void 0) {
          ctx.errors.push(diagnostic(
            "unknown-relocation",
            `${f.name}: unrecognized relocation type 0x${r.type.toString(16)} in section ${sec.name}`,
            { file: f.name, line: 0, column: 0 },
            [{ text: `at ${refText(sec, r.offset)}` }]
          ));
          continue;
        }
        if (!SUPPORTED.has(r.type)) {
          ctx.errors.push(diagnostic(
            "unsupported-relocation",
            `${f.name}: relocation ${relocName(r.type)} against '${sym?.name ?? r.symbol}' needs PIC/GOT support, which kernlab's static linker does not provide (compile with -fno-pic)`,
            { file: f.name, line: 0, column: 0 },
            [{ text: `referenced by ${refText(sec, r.offset)}` }]
          ));
          continue;
        }
        if (g && g.state === "undefined" && !g.weakRef) {
          let u = undefinedRefs.get(g.name);
          if (!u) {
            u = { file: f, notes: [] };
            undefinedRefs.set(g.name, u);
          }
          if (u.notes.length < 10) u.notes.push({ text: `referenced by ${refText(sec, r.offset)}` });
        }
      }
    }
  }
  for (const [name, u] of undefinedRefs) {
    ctx.errors.push(diagnostic("undefined-symbol", `undefined symbol '${name}'`, { file: u.file.name, line: 0, column: 0 }, u.notes));
  }
}
function applyRelocations(ctx, files, buffers) {
  for (const f of files) {
    for (const sec of f.sections) {
      if (!sec || sec.discarded || !sec.output || sec.type === SHT_NOBITS) continue;
      const buf = buffers.get(sec.output);
      if (!buf) continue;
      const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      const base = sec.outOffset;
      for (const r of sec.relocs) applyOne(ctx, f, sec, r, dv, base);
      if (sec.ehCiePointers) {
        for (const p of sec.ehCiePointers) {
          const fdeField = sec.output.vaddr + sec.outOffset + p.at;
          const cieAddr = p.cie.output ? p.cie.output.vaddr + p.cie.outOffset + p.cieOffset : 0;
          dv.setUint32(base + p.at, fdeField - cieAddr >>> 0, true);
        }
      }
    }
  }
}
function applyOne(ctx, f, sec, r, dv, base) {
  if (!SUPPORTED.has(r.type) || r.type === R_386_NONE) return;
  const width = r.type === R_386_32 || r.type === R_386_PC32 || r.type === R_386_PLT32 ? 4 : r.type === R_386_16 || r.type === R_386_PC16 ? 2 : 1;
  const at = base + r.offset;
  if (r.offset + width > sec.size || at + width > dv.byteLength) {
    ctx.errors.push(diagnostic("malformed-object", `${f.name}: relocation at ${refText(sec, r.offset)} lies outside its section`, { file: f.name, line: 0, column: 0 }));
    return;
  }
  let A;
  if (r.addend !== null) A = r.addend;
  else A = width === 4 ? dv.getInt32(at, true) : width === 2 ? dv.getInt16(at, true) : dv.getInt8(at);
  const sym = f.elf.symbols[r.symbol];
  const g = f.globals[r.symbol] ?? null;
  let S;
  let SA = null;
  if (g) S = globalAddress(g);
  else if (!sym || r.symbol === 0) S = 0;
  else if (sym.shndx === SHN_ABS) S = sym.value;
  else {
    const target = sym.shndx < SHN_LORESERVE ? f.sections[sym.shndx] : null;
    if (!target) S = 0;
    else if (target.merge) {
      if (sym.type === STT_SECTION) {
        SA = sectionAddress(target, sym.value + A);
        S = 0;
      } else S = sectionAddress(target, sym.value);
    } else S = sectionAddress(target, sym.value);
  }
  const P = sec.output.vaddr + sec.outOffset + r.offset >>> 0;
  const pcrel = r.type === R_386_PC32 || r.type === R_386_PLT32 || r.type === R_386_PC16 || r.type === R_386_PC8;
  const value = (SA !== null ? SA : S + A) - (pcrel ? P : 0);
  const v32 = value | 0;
  if (width === 4) {
    dv.setUint32(at, value >>> 0, true);
    return;
  }
  const bits = width * 8;
  const ok = r.type === R_386_PC8 ? v32 >= -128 && v32 <= 127 : v32 >= -(2 ** bits) && v32 <= 2 ** bits - 1 && (v32 >= -(2 ** (bits - 1)) || v32 >= -(2 ** bits));
  const fits = r.type === R_386_PC8 ? ok : v32 >> bits === 0 || v32 >> bits === -1;
  if (!fits) {
    const name = g?.name ?? sym?.name ?? "?";
    ctx.errors.push(diagnostic(
      "relocation-overflow",
      `relocation ${relocName(r.type)} at ${refText(sec, r.offset)} out of range: value ${hex(value >>> 0)} does not fit in ${bits} bits (target '${name}' at ${hex(S)})`
    ));
    return;
  }
  if (width === 2) dv.setUint16(at, value & 65535, true);
  else dv.setUint8(at, value & 255);
}

// toolchain/link/passes/inputs.ts
function loadOrder(ctx, inputs, script, scriptPosition, openFile) {
  const order = [];
  const chain = inputs.map((inp, i) => ({ matchName: inp.name, item: null, cmd: i }));
  const loaded = /* @__PURE__ */ new Set();
  const loadCmd = (i) => {
    if (loaded.has(i)) return;
    loaded.add(i);
    const item = { input: inputs[i], matchName: inputs[i].name, group: null };
    chain[i].item = item;
    order.push(item);
  };
  const at = Math.max(0, Math.min(scriptPosition, inputs.length));
  for (const f of script.files) if (f.kind === "startup") loadFile(f);
  for (let i = 0; i < at; i++) loadCmd(i);
  for (const f of script.files) if (f.kind !== "startup") loadFile(f);
  for (let i = at; i < inputs.length; i++) loadCmd(i);
  return order;
  function loadFile(f) {
    if (f.kind === "pattern") {
      const known = chain.find((c) => c.matchName === f.name);
      if (known) {
        if (known.cmd >= 0) loadCmd(known.cmd);
        return;
      }
    }
    const lib = f.kind === "input" && f.name.startsWith("-l");
    const name = lib ? f.name.slice(2) : f.name;
    const input = openFile?.(name, lib, script.searchDirs) ?? null;
    if (!input) {
      ctx.errors.push(diagnostic("input-not-found", `cannot find ${f.name}: No such file or directory`, f.loc));
      return;
    }
    const item = { input, matchName: f.name, group: f.group };
    chain.push({ matchName: f.name, item, cmd: -1 });
    order.push(item);
  }
}

// toolchain/link/passes/write.ts
var PT_GNU_STACK = 1685382481;
var PT_GNU_PROPERTY = 1685382483;
function buildSegments(sections, maxPageSize, execStack, gnuStack, loadHeaders = false) {
  const alloc = sections.filter((s) => s.flags & SHF_ALLOC).slice().sort((a, b) => a.paddr - b.paddr || a.vaddr - b.vaddr);
  const loads = [];
  let cur = null;
  let last = null;
  let writable = false;
  let executable = false;
  const page = maxPageSize;
  const down = (v) => Math.floor(v / page) * page;
  for (const s of alloc) {
    let fresh = cur === null;
    if (!fresh && last) {
      const lastSize = last.type === SHT_NOBITS && s.type !== SHT_NOBITS ? last.size : last.size;
      if (last.paddr - last.vaddr !== s.paddr - s.vaddr) fresh = true;
      else if (alignUp2(last.paddr + lastSize, page) < alignUp2(s.paddr, page) && alignUp2(last.paddr + lastSize, page) < down(s.paddr)) fresh = true;
      else if (alignUp2(last.paddr + lastSize, page) < alignUp2(s.paddr, page)) fresh = true;
      else if (last.type === SHT_NOBITS && !last.loadedNobits && s.type !== SHT_NOBITS) fresh = true;
      else if (!writable && s.flags & SHF_WRITE && down(last.paddr + Math.max(lastSize, 1) - 1) !== down(s.paddr)) fresh = true;
      else if (executable !== ((s.flags & SHF_EXECINSTR) !== 0) && down(last.paddr + Math.max(lastSize, 1) - 1) !== down(s.paddr)) fresh = true;
    }
    if (fresh) {
      cur = { type: PT_LOAD, offset: 0, vaddr: s.vaddr, paddr: s.paddr, filesz: 0, memsz: 0, flags: PF_R, align: page, sections: [] };
      loads.push(cur);
      writable = false;
      executable = (s.flags & SHF_EXECINSTR) !== 0;
    }
    cur.sections.push(s);
    if (s.flags & SHF_WRITE) {
      writable = true;
      cur.flags |= PF_W;
    }
    if (s.flags & SHF_EXECINSTR) {
      cur.flags |= PF_X;
      executable = true;
    }
    last = s;
  }
  for (const seg of loads) seg.align = Math.max(page, ...seg.sections.map((s) => s.align));
  const notes = [];
  const noted = sections.filter((s) => s.flags & SHF_ALLOC && s.type === SHT_NOTE);
  for (let i = 0; i < noted.length; i++) {
    const run = [noted[i]];
    while (i + 1 < noted.length) {
      const prev = run[run.length - 1], next = noted[i + 1];
      if (next.align !== prev.align || sections.indexOf(next) !== sections.indexOf(prev) + 1 || alignUp2(prev.paddr + prev.size, prev.align) !== next.paddr) break;
      run.push(next);
      i++;
    }
    notes.push({ type: PT_NOTE, offset: 0, vaddr: run[0].vaddr, paddr: run[0].paddr, filesz: 0, memsz: 0, flags: PF_R, align: run[0].align, sections: run });
  }
  const property = sections.find((s) => s.name === ".note.gnu.property" && s.flags & SHF_ALLOC && s.size > 0);
  if (property) notes.push({ type: PT_GNU_PROPERTY, offset: 0, vaddr: property.vaddr, paddr: property.paddr, filesz: 0, memsz: 0, flags: PF_R, align: property.align, sections: [property] });
  const out = [];
  const first = alloc[0];
  const phdrCount = loads.length + notes.length + (gnuStack ? 1 : 0);
  let phdrSize = 52 + 32 * (phdrCount + 1);
  if (first && (first.paddr % page >= phdrSize || loadHeaders && first.paddr >= phdrSize)) {
    let phdrLma = first.paddr - phdrSize;
    let separate = (first.flags & SHF_EXECINSTR) !== 0;
    if (separate && down(phdrLma + phdrSize - 1) === down(first.paddr)) {
      if (phdrLma >= page) phdrLma -= page;
      else separate = false;
    }
    if (separate) {
      out.push({ type: PT_LOAD, offset: 0, vaddr: down(first.vaddr - phdrSize), paddr: down(phdrLma), filesz: phdrSize, memsz: phdrSize, flags: PF_R, align: page, sections: [], headers: true });
    } else {
      phdrSize = 52 + 32 * phdrCount;
      loads[0].headers = true;
    }
  }
  if (!loads.length) return [];
  out.push(...loads, ...notes);
  if (gnuStack) out.push({ type: PT_GNU_STACK, offset: 0, vaddr: 0, paddr: 0, filesz: 0, memsz: 0, flags: PF_R | PF_W | (execStack ? PF_X : 0), align: 16, sections: [] });
  return out;
}
function assignFileOffsets(sections, segments, maxPageSize) {
  let off = EHDR_SIZE + PHDR_SIZE * segments.length;
  for (const seg of segments) {
    if (seg.type !== PT_LOAD) continue;
    if (seg.headers && seg.sections.length === 0) continue;
    const base = seg.sections[0];
    seg.vaddr = base.vaddr;
    seg.paddr = base.paddr;
    const align2 = Math.max(maxPageSize, seg.align);
    const bias = ((seg.vaddr - off) % align2 + align2) % align2;
    off += bias;
    seg.offset = off;
    let fileEnd = 0;
    let memEnd = 0;
    for (const s of seg.sections) {
      if (s.type !== SHT_NOBITS) {
        s.fileOffset = seg.offset + (s.paddr - seg.paddr);
        fileEnd = Math.max(fileEnd, s.paddr - seg.paddr + s.size);
      } else s.fileOffset = seg.offset + fileEnd;
      memEnd = Math.max(memEnd, s.vaddr - seg.vaddr + s.size);
    }
    seg.filesz = fileEnd;
    seg.memsz = memEnd;
    off = seg.offset + fileEnd;
    if (seg.sections.every((s) => s.type === SHT_NOBITS)) {
      for (const s of seg.sections) s.fileOffset = seg.offset;
      off = seg.offset - bias;
      seg.offset = seg.offset % align2;
    }
    if (seg.headers) {
      const lead = seg.offset;
      seg.offset = 0;
      seg.vaddr -= lead;
      seg.paddr -= lead;
      seg.filesz += lead;
      seg.memsz += lead;
    }
  }
  for (const seg of segments) {
    if (seg.type !== PT_NOTE && seg.type !== PT_GNU_PROPERTY) continue;
    const first = seg.sections[0], last = seg.sections[seg.sections.length - 1];
    seg.offset = first.fileOffset;
    seg.filesz = seg.memsz = last.paddr + last.size - first.paddr;
  }
  for (const s of sections) {
    if (s.flags & SHF_ALLOC) continue;
    off = alignUp2(off, s.align);
    s.fileOffset = off;
    if (s.type !== SHT_NOBITS) off += s.size;
  }
  return off;
}
var enc = new TextEncoder();
var StrTab2 = class {
  strings = [];
  index = /* @__PURE__ */ new Map();
  offsets = [];
  add(s) {
    if (s === "") return -1;
    let h = this.index.get(s);
    if (h === void 0) {
      h = this.strings.length;
      this.strings.push(s);
      this.index.set(s, h);
    }
    return h;
  }
  finalize() {
    const strs = this.strings;
    const n = strs.length;
    const ascii2 = strs.every((x) => /^[\x01-\x7f]*$/.test(x));
    if (!ascii2) return this.finalizeBytes();
    const rev = strs.map((x) => {
      let r = "";
      for (let i = x.length - 1; i >= 0; i--) r += x[i];
      return r;
    });
    const order = [...Array(n).keys()].sort((a, b) => rev[a] < rev[b] ? -1 : rev[a] > rev[b] ? 1 : 0);
    const suffixOf = new Int32Array(n).fill(-1);
    if (n) {
      let e = order[n - 1];
      for (let k = n - 2; k >= 0; k--) {
        const c = order[k];
        if (strs[e].length > strs[c].length && strs[e].endsWith(strs[c])) suffixOf[c] = e;
        else e = c;
      }
    }
    let size = 1;
    this.offsets = new Array(n).fill(0);
    const kept = [""];
    for (let i = 0; i < n; i++) if (suffixOf[i] === -1) {
      this.offsets[i] = size;
      size += strs[i].length + 1;
      kept.push(strs[i]);
    }
    for (let i = 0; i < n; i++) if (suffixOf[i] !== -1) {
      const r = suffixOf[i];
      this.offsets[i] = this.offsets[r] + strs[r].length - strs[i].length;
    }
    return enc.encode(kept.join("\0") + "\0");
  }
  finalizeBytes() {
    const n = this.strings.length;
    const bytes = this.strings.map((s) => enc.encode(s));
    const order = [...Array(n).keys()].sort((ia, ib) => {
      const A = bytes[ia], B = bytes[ib];
      let i = A.length - 1, j = B.length - 1, l = Math.min(A.length, B.length);
      while (l--) {
        const d = A[i] - B[j];
        if (d) return d;
        i--;
        j--;
      }
      return A.length - B.length;
    });
    const suffixOf = new Array(n).fill(-1);
    if (n) {
      let e = order[n - 1];
      for (let k = n - 2; k >= 0; k--) {
        const c = order[k];
        const E = bytes[e], C = bytes[c];
        let tail = E.length > C.length;
        for (let q = 1; tail && q <= C.length; q++) if (E[E.length - q] !== C[C.length - q]) tail = false;
        if (tail) suffixOf[c] = e;
        else e = c;
      }
    }
    let size = 1;
    this.offsets = new Array(n).fill(0);
    for (let i = 0; i < n; i++) if (suffixOf[i] === -1) {
      this.offsets[i] = size;
      size += bytes[i].length + 1;
    }
    for (let i = 0; i < n; i++) if (suffixOf[i] !== -1) {
      const r = suffixOf[i];
      this.offsets[i] = this.offsets[r] + bytes[r].length - bytes[i].length;
    }
    const out = new Uint8Array(size);
    for (let i = 0; i < n; i++) if (suffixOf[i] === -1) out.set(bytes[i], this.offsets[i]);
    return out;
  }
  offset(handle) {
    return handle < 0 ? 0 : this.offsets[handle];
  }
};
var bucketCache = /* @__PURE__ */ new Map();
function bfdHashBucket(name) {
  let b = bucketCache.get(name);
  if (b === void 0) {
    b = bfdHashBucketUncached(name);
    if (bucketCache.size < 1e5) bucketCache.set(name, b);
  }
  return b;
}
function bfdHashBucketUncached(name) {
  const M = (1n << 64n) - 1n;
  let h = 0n;
  const b = enc.encode(name);
  for (const x of b) {
    const c = BigInt(x);
    h = h + c + (c << 17n) & M;
    h ^= h >> 2n;
  }
  const len = BigInt(b.length);
  h = h + len + (len << 17n) & M;
  h ^= h >> 2n;
  return Number(h % 4051n);
}
function writeElf2(w) {
  const { sections, segments } = w;
  let off = assignFileOffsets(sections, segments, w.maxPageSize);
  sections.forEach((s, i) => s.shndx = i + 1);
  const shstr = new StrTab2();
  const fixedNames = { symtab: w.strip !== "all" ? shstr.add(".symtab") : -1, strtab: w.strip !== "all" ? shstr.add(".strtab") : -1, shstrtab: shstr.add(".shstrtab") };
  const names = sections.map((s) => shstr.add(s.name));
  const extra = [];
  let symtabIndex = -1;
  if (w.strip !== "all") {
    const { symtab, strtab, firstGlobal } = buildSymtab(w);
    off = alignUp2(off, 4);
    symtabIndex = sections.length + 1;
    extra.push({ name: fixedNames.symtab, type: SHT_SYMTAB, flags: 0, offset: off, size: symtab.length, link: symtabIndex + 1, info: firstGlobal, align: 4, entsize: SYM_SIZE, data: symtab });
    off += symtab.length;
    extra.push({ name: fixedNames.strtab, type: SHT_STRTAB, flags: 0, offset: off, size: strtab.length, link: 0, info: 0, align: 1, entsize: 0, data: strtab });
    off += strtab.length;
  }
  const shstrName = fixedNames.shstrtab;
  const shstrBytes = shstr.finalize();
  extra.push({ name: shstrName, type: SHT_STRTAB, flags: 0, offset: off, size: shstrBytes.length, link: 0, info: 0, align: 1, entsize: 0, data: shstrBytes });
  off += shstrBytes.length;
  const shoff = alignUp2(off, 4);
  const shnum = 1 + sections.length + extra.length;
  const total = shoff + shnum * SHDR_SIZE;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set([127, 69, 76, 70, ELFCLASS32, ELFDATA2LSB, EV_CURRENT, 0], 0);
  dv.setUint16(16, ET_EXEC, true);
  dv.setUint16(18, EM_386, true);
  dv.setUint32(20, EV_CURRENT, true);
  dv.setUint32(24, w.entry >>> 0, true);
  dv.setUint32(28, segments.length ? EHDR_SIZE : 0, true);
  dv.setUint32(32, shoff, true);
  dv.setUint32(36, 0, true);
  dv.setUint16(40, EHDR_SIZE, true);
  dv.setUint16(42, segments.length ? PHDR_SIZE : 0, true);
  dv.setUint16(44, segments.length, true);
  dv.setUint16(46, SHDR_SIZE, true);
  dv.setUint16(48, shnum, true);
  dv.setUint16(50, shnum - 1, true);
  segments.forEach((p, i) => {
    const o = EHDR_SIZE + i * PHDR_SIZE;
    dv.setUint32(o, p.type >>> 0, true);
    dv.setUint32(o + 4, p.offset, true);
    dv.setUint32(o + 8, p.vaddr >>> 0, true);
    dv.setUint32(o + 12, p.paddr >>> 0, true);
    dv.setUint32(o + 16, p.filesz, true);
    dv.setUint32(o + 20, p.memsz, true);
    dv.setUint32(o + 24, p.flags, true);
    dv.setUint32(o + 28, p.align, true);
  });
  for (const s of sections) {
    const b = w.buffers.get(s);
    if (b && s.type !== SHT_NOBITS) out.set(b, s.fileOffset);
  }
  for (const x of extra) out.set(x.data, x.offset);
  const shdr = (i, v) => v.forEach((x, k) => dv.setUint32(shoff + i * SHDR_SIZE + k * 4, x >>> 0, true));
  sections.forEach((s, i) => shdr(i + 1, [shstr.offset(names[i]), s.type, s.flags, s.vaddr, s.fileOffset, s.size, 0, 0, s.align, s.entsize]));
  extra.forEach((x, i) => shdr(sections.length + 1 + i, [shstr.offset(x.name), x.type, x.flags, 0, x.offset, x.size, x.link, x.info, x.align, x.entsize]));
  return out;
}
function buildSymtab(w) {
  const str = new StrTab2();
  const cols = { name: [], value: [], size: [], info: [], other: [], shndx: [] };
  const push = (name, value, size, bind, type, other, shndx) => {
    cols.name.push(str.add(name));
    cols.value.push(value >>> 0);
    cols.size.push(size);
    cols.info.push((bind << 4 | type) & 255);
    cols.other.push(other);
    cols.shndx.push(shndx);
  };
  push("", 0, 0, 0, 0, 0, 0);
  const fileOrder = [];
  const seen = /* @__PURE__ */ new Set();
  for (const os of w.sections) {
    if (os.type === SHT_NOBITS) continue;
    for (const s of os.inputs) {
      if (s.discarded || s.output !== os || s.index === LINKER_CREATED || s.merge && s.size === 0 || seen.has(s.file)) continue;
      seen.add(s.file);
      fileOrder.push(s.file);
    }
  }
  for (const f of w.discardLocals === "all" ? [] : fileOrder) {
    const fileSym = f.elf.symbols.find((s) => s.type === STT_FILE);
    const locals = f.elf.symbols.filter((s) => s.index > 0 && s.bind === STB_LOCAL && s.type !== STT_SECTION && s.type !== STT_FILE);
    const kept = [];
    for (const s of locals) {
      let shndx = SHN_ABS, value = s.value;
      if (s.shndx !== SHN_ABS && s.shndx !== 0 && s.shndx < 65280) {
        const sec = f.sections[s.shndx];
        if (!sec || sec.discarded || !sec.output) continue;
        if ((sec.merge || w.discardLocals === "temporary") && s.name.startsWith(".L")) continue;
        value = sectionAddress(sec, s.value);
        shndx = (sec.merge ? sec.merge[0]?.holder.output ?? sec.output : sec.output).shndx;
      } else if (s.shndx === 0) continue;
      kept.push({ name: s.name, value, size: s.size, type: s.type, other: s.other, shndx });
    }
    if (fileSym) push(fileSym.name, 0, 0, STB_LOCAL, STT_FILE, 0, SHN_ABS);
    else if (kept.length) push(f.archive ? f.matchName : f.name, 0, 0, STB_LOCAL, STT_FILE, 0, SHN_ABS);
    for (const k of kept) push(k.name, k.value, k.size, STB_LOCAL, k.type, k.other, k.shndx);
  }
  const firstGlobal = cols.name.length;
  const globals = w.symbols.list.filter((g) => g.state === "defined" && !(g.section && (g.section.discarded || !g.section.output)) || g.state === "undefined" && g.weakRef && g.referenced);
  const keyed = globals.map((g) => ({ g, b: bfdHashBucket(g.name) }));
  keyed.sort((a, b) => a.b - b.b || b.g.order - a.g.order);
  for (const { g } of keyed) push(g.name, globalAddress(g), g.size, g.binding === "weak" ? STB_WEAK : STB_GLOBAL, g.type, g.other, shndxOf(g, w.sections));
  const strtab = str.finalize();
  const count = cols.name.length;
  const symtab = new Uint8Array(count * SYM_SIZE);
  const dv = new DataView(symtab.buffer);
  for (let i = 0; i < count; i++) {
    const o = i * SYM_SIZE;
    dv.setUint32(o, str.offset(cols.name[i]), true);
    dv.setUint32(o + 4, cols.value[i], true);
    dv.setUint32(o + 8, cols.size[i], true);
    symtab[o + 12] = cols.info[i];
    symtab[o + 13] = cols.other[i];
    dv.setUint16(o + 14, cols.shndx[i], true);
  }
  return { symtab, strtab, firstGlobal };
}
function shndxOf(g, sections) {
  if (g.state !== "defined") return 0;
  if (g.scriptDefined) {
    if (g.scriptSection && !g.scriptSection.dropped) return g.scriptSection.shndx;
    if (g.scriptSection) {
      let best = null;
      for (const s of sections) if (s.flags & SHF_ALLOC && s.vaddr <= g.value) {
        if (!best || s.vaddr >= best.vaddr) best = s;
      }
      return best ? best.shndx : SHN_ABS;
    }
    return SHN_ABS;
  }
  if (!g.section) return SHN_ABS;
  const out = g.section.merge ? g.section.merge[0]?.holder.output ?? g.section.output : g.section.output;
  return out ? out.shndx : SHN_ABS;
}
function writeBinary(sections, buffers) {
  const loadable = sections.filter((s) => s.flags & SHF_ALLOC && s.type !== SHT_NOBITS && s.size > 0);
  if (!loadable.length) return new Uint8Array(0);
  const lo = Math.min(...loadable.map((s) => s.paddr));
  const hi = Math.max(...loadable.map((s) => s.paddr + s.size));
  const out = new Uint8Array(hi - lo);
  for (const s of loadable) out.set(buffers.get(s).subarray(0, s.size), s.paddr - lo);
  return out;
}

// toolchain/link/script/default.ts
var DEFAULT_SCRIPT = `
SECTIONS
{
  PROVIDE (__executable_start = SEGMENT_START("text-segment", 0x08048000));
  . = SEGMENT_START("text-segment", 0x08048000) + SIZEOF_HEADERS;
  .interp : { *(.interp) }
  .note.gnu.build-id : { *(.note.gnu.build-id) }
  . = ALIGN(CONSTANT (MAXPAGESIZE));
  .init : { KEEP (*(SORT_NONE(.init))) }
  .text : { *(.text.unlikely .text.*_unlikely .text.unlikely.*) *(.text.exit .text.exit.*) *(.text.startup .text.startup.*) *(.text.hot .text.hot.*) *(SORT(.text.sorted.*)) *(.text .stub .text.*) }
  .fini : { KEEP (*(SORT_NONE(.fini))) }
  PROVIDE (__etext = .); PROVIDE (_etext = .); PROVIDE (etext = .);
  . = ALIGN(CONSTANT (MAXPAGESIZE));
  . = SEGMENT_START("rodata-segment", ALIGN(CONSTANT (MAXPAGESIZE)) + (. & (CONSTANT (MAXPAGESIZE) - 1)));
  .rodata : { *(.rodata .rodata.*) }
  .eh_frame : { KEEP (*(.eh_frame)) *(.eh_frame.*) }
  . = DATA_SEGMENT_ALIGN (CONSTANT (MAXPAGESIZE), CONSTANT (COMMONPAGESIZE));
  .init_array : { KEEP (*(SORT_BY_INIT_PRIORITY(.init_array.*))) KEEP (*(.init_array)) }
  .fini_array : { KEEP (*(SORT_BY_INIT_PRIORITY(.fini_array.*))) KEEP (*(.fini_array)) }
  .data : { *(.data .data.*) }
  _edata = .; PROVIDE (edata = .);
  . = .;
  __bss_start = .;
  .bss : { *(.bss .bss.*) *(COMMON) }
  . = ALIGN(32 / 8);
  _end = .; PROVIDE (end = .);
  . = DATA_SEGMENT_END (.);
  .comment 0 : { *(.comment) }
}
`;

// toolchain/link/script/parse.ts
var EXPR_START = /[A-Za-z_.$]/;
var EXPR_CHAR = /[A-Za-z0-9_.$]/;
var GLOB_CHAR = /[^\s(){};,="]/;
var ASSIGN_OPS = ["<<=", ">>=", "+=", "-=", "*=", "/=", "&=", "|=", "="];
var SECTION_TYPES = /* @__PURE__ */ new Set(["NOLOAD", "COPY", "INFO", "OVERLAY", "DSECT", "READONLY"]);
var Scanner = class {
  constructor(text, file) {
    this.text = text;
    this.file = file;
    this.lines = text.split("\n");
  }
  text;
  file;
  pos = 0;
  lines;
  loc(at = this.pos, length = 1) {
    let line = 1, col = 1;
    for (let i = 0; i < at && i < this.text.length; i++) {
      if (this.text[i] === "\n") {
        line++;
        col = 1;
      } else col++;
    }
    return { file: this.file, line, column: col, lineText: this.lines[line - 1] ?? "", length };
  }
  fail(text, at = this.pos, length = 1) {
    throw new KernlabError(diagnostic("script-syntax", text, this.loc(at, length)));
  }
  /** Skip white space and comments (C style, plus `#` at line start as some scripts use it). */
  ws() {
    const t = this.text;
    for (; ; ) {
      const c = t[this.pos];
      if (c === void 0) return;
      if (c === " " || c === "	" || c === "\n" || c === "\r" || c === "\f") {
        this.pos++;
        continue;
      }
      if (c === "/" && t[this.pos + 1] === "*") {
        const end = t.indexOf("*/", this.pos + 2);
        if (end < 0) this.fail("unterminated comment");
        this.pos = end + 2;
        continue;
      }
      return;
    }
  }
  peek() {
    this.ws();
    return this.text[this.pos] ?? "";
  }
  eof() {
    return this.peek() === "";
  }
  startsWith(s) {
    this.ws();
    return this.text.startsWith(s, this.pos);
  }
  accept(s) {
    if (this.startsWith(s)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }
  expect(s, what) {
    if (!this.accept(s)) {
      const got = this.eof() ? "end of file" : `'${this.text.slice(this.pos, this.pos + 12).split(/\s/)[0]}'`;
      this.fail(`expected ${what ?? `'${s}'`}, found ${got}`);
    }
  }
  /** An expression-state name, or "" when none starts here. */
  exprName() {
    this.ws();
    const start = this.pos;
    if (!EXPR_START.test(this.text[this.pos] ?? "")) return "";
    while (EXPR_CHAR.test(this.text[this.pos] ?? "")) this.pos++;
    return this.text.slice(start, this.pos);
  }
  peekExprName() {
    const save = this.pos;
    const n = this.exprName();
    this.pos = save;
    return n;
  }
  /** A wildcard-state name: output section names, file and section globs. Quoted strings are allowed. */
  glob(stopAtColon = false) {
    this.ws();
    if (this.text[this.pos] === '"') return this.string();
    const start = this.pos;
    while (GLOB_CHAR.test(this.text[this.pos] ?? "") && !(stopAtColon && this.text[this.pos] === ":")) this.pos++;
    return this.text.slice(start, this.pos);
  }
  string() {
    this.ws();
    if (this.text[this.pos] !== '"') this.fail("expected a quoted string");
    const end = this.text.indexOf('"', this.pos + 1);
    if (end < 0) this.fail("unterminated string");
    const s = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return s;
  }
  /** A keyword followed by "(", without consuming anything unless it matches. */
  acceptCall(name) {
    const save = this.pos;
    if (this.exprName() === name && this.peek() === "(") {
      this.pos++;
      return true;
    }
    this.pos = save;
    return false;
  }
};
function parseLinkerScript(text, file, options = {}) {
  const script = { entry: null, outputFormat: null, memory: [], commands: [], hasSections: false, inputs: [], files: [], externs: [], searchDirs: [] };
  parseInto(script, new Scanner(text, file), options, 0);
  return script;
}
function include(script, sc, options, depth, at, path, into) {
  if (depth > 16) sc.fail(`INCLUDE nesting too deep at '${path}'`, at);
  const bytes = options.readFile?.(path) ?? null;
  if (!bytes) sc.fail(`cannot find INCLUDE file '${path}'`, at, path.length + 8);
  const inner = new Scanner(new TextDecoder().decode(bytes), path);
  if (into === "top") {
    parseInto(script, inner, options, depth + 1);
    return [];
  }
  const out = [];
  while (!inner.eof()) parseSectionsStatement(script, inner, options, depth + 1, out);
  return out;
}
function parseInto(script, sc, options, depth) {
  while (!sc.eof()) {
    if (sc.accept(";")) continue;
    const at = sc.pos;
    const word = sc.peekExprName();
    switch (word) {
      case "ENTRY":
        sc.exprName();
        sc.expect("(");
        script.entry = sc.glob();
        sc.expect(")");
        continue;
      case "OUTPUT_FORMAT": {
        sc.exprName();
        sc.expect("(");
        const fmt = sc.glob();
        while (sc.accept(",")) sc.glob();
        sc.expect(")");
        script.outputFormat = fmt;
        continue;
      }
      case "OUTPUT_ARCH":
      case "TARGET":
      case "OUTPUT":
      case "SEARCH_DIR":
      case "STARTUP":
      case "EXTERN":
      case "FORCE_COMMON_ALLOCATION":
      case "INHIBIT_COMMON_ALLOCATION":
      case "NOCROSSREFS": {
        sc.exprName();
        if (word === "FORCE_COMMON_ALLOCATION" || word === "INHIBIT_COMMON_ALLOCATION") continue;
        sc.expect("(");
        while (!sc.accept(")")) {
          if (sc.eof()) sc.fail(`unterminated ${word}(`, at);
          sc.ws();
          const from = sc.pos;
          const v = sc.glob();
          if (word === "SEARCH_DIR") script.searchDirs.push(v);
          if (word === "EXTERN" && v) script.externs.push(v);
          if (word === "STARTUP" && v) script.files.push({ kind: "startup", name: v, group: null, loc: sc.loc(from, v.length) });
          if (!v && !sc.accept(",")) sc.fail(`unexpected '${sc.peek()}' in ${word}`);
        }
        continue;
      }
      case "INPUT":
      case "GROUP": {
        sc.exprName();
        sc.expect("(");
        const group = word === "GROUP" ? script.files.reduce((n, f) => Math.max(n, (f.group ?? -1) + 1), 0) : null;
        const add2 = (v, from) => {
          script.inputs.push(v);
          script.files.push({ kind: "input", name: v, group, loc: sc.loc(from, v.length) });
        };
        while (!sc.accept(")")) {
          if (sc.eof()) sc.fail(`unterminated ${word}(`, at);
          if (sc.accept(",")) continue;
          if (sc.acceptCall("AS_NEEDED")) {
            while (!sc.accept(")")) {
              if (sc.accept(",")) continue;
              const from2 = sc.pos;
              add2(sc.glob(), from2);
            }
            continue;
          }
          sc.ws();
          const from = sc.pos;
          const v = sc.glob();
          if (!v) sc.fail(`unexpected '${sc.peek()}' in ${word}`);
          add2(v, from);
        }
        continue;
      }
      case "INCLUDE": {
        sc.exprName();
        const p = sc.glob();
        include(script, sc, options, depth, at, p, "top");
        continue;
      }
      case "MEMORY":
        sc.exprName();
        parseMemory(script, sc);
        continue;
      case "SECTIONS": {
        sc.exprName();
        sc.expect("{");
        script.hasSections = true;
        while (!sc.accept("}")) {
          if (sc.eof()) sc.fail("SECTIONS block is not closed: expected '}'", at, 8);
          parseSectionsStatement(script, sc, options, depth, script.commands);
        }
        continue;
      }
      case "PHDRS":
        sc.fail("PHDRS is not supported by kernlab's linker", at, 5);
      default: {
        const cmd = parseAssignOrAssert(sc);
        if (!cmd) sc.fail(`unexpected '${sc.text.slice(sc.pos, sc.pos + 16).split(/\s/)[0]}' in linker script`);
        script.commands.push(cmd);
      }
    }
  }
}
function parseMemory(script, sc) {
  sc.expect("{");
  while (!sc.accept("}")) {
    if (sc.eof()) sc.fail("MEMORY block is not closed: expected '}'");
    const at = sc.pos;
    const name = sc.exprName();
    if (!name) sc.fail("expected a memory region name");
    let attrs = "";
    if (sc.accept("(")) {
      const s = sc.pos;
      while (sc.peek() !== ")" && !sc.eof()) sc.pos++;
      attrs = sc.text.slice(s, sc.pos);
      sc.expect(")");
    }
    sc.expect(":");
    const kw1 = sc.exprName();
    if (!/^(ORIGIN|org|o)$/.test(kw1)) sc.fail("expected ORIGIN");
    sc.expect("=");
    const origin = parseExpr2(sc);
    sc.accept(",");
    const kw2 = sc.exprName();
    if (!/^(LENGTH|len|l)$/.test(kw2)) sc.fail("expected LENGTH");
    sc.expect("=");
    const length = parseExpr2(sc);
    sc.accept(",");
    const region = { name, attrs, origin, length, loc: sc.loc(at, name.length) };
    script.memory.push(region);
  }
}
function parseAssignOrAssert(sc) {
  const at = sc.pos;
  const word = sc.peekExprName();
  if (word === "ASSERT") {
    sc.exprName();
    sc.expect("(");
    const expr2 = parseExpr2(sc);
    sc.expect(",");
    const message = sc.string();
    sc.expect(")");
    sc.accept(";");
    return { kind: "assert", expr: expr2, message, loc: sc.loc(at, 6) };
  }
  if (word === "PROVIDE" || word === "PROVIDE_HIDDEN" || word === "HIDDEN") {
    sc.exprName();
    sc.expect("(");
    const nameAt = sc.pos;
    const target2 = sc.peek() === '"' ? sc.string() : sc.exprName();
    if (!target2) sc.fail(`expected a symbol name in ${word}`);
    sc.expect("=");
    const expr2 = parseExpr2(sc);
    sc.expect(")");
    sc.expect(";", "';' after " + word + "(\u2026)");
    return { kind: "assign", target: target2, op: "=", expr: expr2, provide: word !== "HIDDEN", hidden: word !== "PROVIDE", loc: sc.loc(nameAt, target2.length) };
  }
  const save = sc.pos;
  const target = sc.peek() === '"' ? sc.string() : sc.exprName();
  if (!target) {
    sc.pos = save;
    return null;
  }
  sc.ws();
  const op = ASSIGN_OPS.find((o) => sc.text.startsWith(o, sc.pos) && !(o === "=" && sc.text[sc.pos + 1] === "="));
  if (!op) {
    sc.pos = save;
    return null;
  }
  sc.pos += op.length;
  const expr = parseExpr2(sc);
  if (!sc.accept(";")) {
    sc.fail(`expected ';' after assignment to '${target}'`);
  }
  return { kind: "assign", target, op, expr, provide: false, hidden: false, loc: sc.loc(at, target.length) };
}
function parseSectionsStatement(script, sc, options, depth, out) {
  if (sc.accept(";")) return;
  const at = sc.pos;
  const word = sc.peekExprName();
  if (word === "ENTRY") {
    sc.exprName();
    sc.expect("(");
    script.entry = sc.glob();
    sc.expect(")");
    return;
  }
  if (word === "INCLUDE") {
    sc.exprName();
    const p = sc.glob();
    out.push(...include(script, sc, options, depth, at, p, "sections"));
    return;
  }
  if (word === "OVERLAY") sc.fail("OVERLAY is not supported by kernlab's linker", at, 7);
  const a = parseAssignOrAssert(sc);
  if (a) {
    out.push(a);
    return;
  }
  out.push(parseOutputSection(script, sc, options, depth));
}
function parseOutputSection(script, sc, options, depth) {
  const at = sc.pos;
  const name = sc.glob(true);
  if (!name) sc.fail(`expected an output section, assignment or '}', found '${sc.peek()}'`);
  const cmd = {
    kind: "output",
    name,
    vaddr: null,
    noload: false,
    lma: null,
    align: null,
    subalign: null,
    region: null,
    lmaRegion: null,
    fill: null,
    items: [],
    loc: sc.loc(at, name.length)
  };
  const sectionType = () => {
    const save = sc.pos;
    if (sc.accept("(")) {
      const t = sc.exprName();
      if (SECTION_TYPES.has(t) && sc.accept(")")) {
        if (t === "NOLOAD") cmd.noload = true;
        return true;
      }
    }
    sc.pos = save;
    return false;
  };
  if (sc.peek() === "{") sc.fail(`expected ':' after output section ${name}, found '{'`);
  if (sc.peek() !== ":") {
    if (!sectionType()) {
      cmd.vaddr = parseExpr2(sc);
      sectionType();
    }
  }
  sc.expect(":", `':' after output section ${name}`);
  for (; ; ) {
    if (sc.acceptCall("AT")) {
      cmd.lma = parseExpr2(sc);
      sc.expect(")");
      continue;
    }
    if (sc.acceptCall("ALIGN")) {
      cmd.align = parseExpr2(sc);
      sc.expect(")");
      continue;
    }
    if (sc.acceptCall("SUBALIGN")) {
      cmd.subalign = parseExpr2(sc);
      sc.expect(")");
      continue;
    }
    const kw = sc.peekExprName();
    if (kw === "ONLY_IF_RO" || kw === "ONLY_IF_RW" || kw === "NOCROSSREFS") {
      sc.exprName();
      continue;
    }
    break;
  }
  sc.expect("{", `'{' to open output section ${name}`);
  while (!sc.accept("}")) {
    if (sc.eof()) sc.fail(`output section ${name} is not closed: expected '}'`, at, name.length);
    parseSectionItem(script, sc, options, depth, cmd.items);
  }
  for (; ; ) {
    if (sc.startsWith("AT>") || sc.startsWith("AT") && /^AT\s*>/.test(sc.text.slice(sc.pos, sc.pos + 8))) {
      sc.exprName();
      sc.expect(">");
      cmd.lmaRegion = sc.exprName();
      continue;
    }
    if (sc.startsWith(">")) {
      sc.pos++;
      cmd.region = sc.exprName();
      if (!cmd.region) sc.fail("expected a memory region name after '>'");
      continue;
    }
    if (sc.startsWith(":")) {
      sc.pos++;
      sc.exprName();
      continue;
    }
    if (sc.startsWith("=")) {
      sc.pos++;
      const hex3 = hexPattern(sc);
      cmd.fill = parseExpr2(sc);
      if (hex3) cmd.fillHexPattern = hex3;
      continue;
    }
    break;
  }
  sc.accept(",");
  return cmd;
}
function parseSectionItem(script, sc, options, depth, out) {
  if (sc.accept(";")) return;
  const at = sc.pos;
  const word = sc.peekExprName();
  if (word === "INCLUDE") {
    sc.exprName();
    const p = sc.glob();
    if (depth > 16) sc.fail(`INCLUDE nesting too deep at '${p}'`, at);
    const bytes = options.readFile?.(p) ?? null;
    if (!bytes) sc.fail(`cannot find INCLUDE file '${p}'`, at, p.length + 8);
    const inner = new Scanner(new TextDecoder().decode(bytes), p);
    while (!inner.eof()) parseSectionItem(script, inner, options, depth + 1, out);
    return;
  }
  const sizes = { BYTE: 1, SHORT: 2, LONG: 4, QUAD: 8, SQUAD: 8 };
  if (word in sizes && sc.acceptCall(word)) {
    const expr = parseExpr2(sc);
    sc.expect(")");
    out.push({ kind: "data", size: sizes[word], expr, loc: sc.loc(at, word.length) });
    return;
  }
  if (word === "FILL" && sc.acceptCall("FILL")) {
    const hex3 = hexPattern(sc);
    const expr = parseExpr2(sc);
    sc.expect(")");
    out.push(hex3 ? { kind: "fill", expr, hexPattern: hex3, loc: sc.loc(at, 4) } : { kind: "fill", expr, loc: sc.loc(at, 4) });
    return;
  }
  if ((word === "CREATE_OBJECT_SYMBOLS" || word === "CONSTRUCTORS") && sc.exprName()) return;
  if (word === "KEEP" && sc.acceptCall("KEEP")) {
    const inp2 = parseInputSpec(sc, true);
    sc.expect(")", "')' to close KEEP(");
    out.push(inp2);
    noteNamedFile(script, inp2);
    return;
  }
  const a = parseAssignOrAssert(sc);
  if (a) {
    out.push(a);
    return;
  }
  const inp = parseInputSpec(sc, false);
  out.push(inp);
  noteNamedFile(script, inp);
}
function noteNamedFile(script, inp) {
  if (/[*?[]/.test(inp.file) || inp.file.includes(":")) return;
  script.files.push({ kind: "pattern", name: inp.file, group: null, loc: inp.loc });
}
function hexPattern(sc) {
  sc.ws();
  const m = /^0[xX]([0-9a-fA-F]+)(?![0-9a-zA-Z_.$])\s*([),;}]|$|\n|\/\*|[A-Za-z_.>])/.exec(sc.text.slice(sc.pos, sc.pos + 200));
  if (!m) return void 0;
  const digits = m[1].length % 2 ? "0" + m[1] : m[1];
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}
function sortKind(word) {
  switch (word) {
    case "SORT":
    case "SORT_BY_NAME":
      return "name";
    case "SORT_BY_ALIGNMENT":
      return "alignment";
    case "SORT_BY_INIT_PRIORITY":
      return "init_priority";
    case "SORT_NONE":
      return "none";
    default:
      return null;
  }
}
function parseExcludeFile(sc) {
  const files = [];
  while (!sc.accept(")")) {
    if (sc.eof()) sc.fail("EXCLUDE_FILE( is not closed");
    const g = sc.glob();
    if (!g) sc.fail(`unexpected '${sc.peek()}' in EXCLUDE_FILE`);
    files.push(g);
  }
  return files;
}
function parseInputSpec(sc, keep) {
  const at = sc.pos;
  let excludeFiles = [];
  let fileSort = false;
  if (sc.acceptCall("EXCLUDE_FILE")) excludeFiles = parseExcludeFile(sc);
  let file;
  const w = sc.peekExprName();
  if (sortKind(w) && sc.acceptCall(w)) {
    fileSort = true;
    file = sc.glob();
    sc.expect(")");
  } else file = sc.glob();
  if (!file) sc.fail(`expected an input section description, found '${sc.peek()}'`);
  if (!sc.startsWith("(")) return { kind: "input", file, fileSort, excludeFiles, sections: null, keep, loc: sc.loc(at, file.length) };
  sc.pos++;
  const sections = [];
  let pendingExclude = [];
  while (!sc.accept(")")) {
    if (sc.eof()) sc.fail(`input section list for '${file}' is not closed: expected ')'`, at, file.length);
    if (sc.accept(",")) continue;
    if (sc.acceptCall("EXCLUDE_FILE")) {
      pendingExclude = parseExcludeFile(sc);
      continue;
    }
    const word = sc.peekExprName();
    const sk = sortKind(word);
    if (sk && sc.acceptCall(word)) {
      let inner = sk;
      const w2 = sc.peekExprName();
      const sk2 = sortKind(w2);
      let nested = false;
      if (sk2 && sc.acceptCall(w2)) {
        inner = sk2 === "name" && sk === "alignment" ? "alignment" : sk;
        nested = true;
      }
      while (!sc.accept(")")) {
        if (sc.eof()) sc.fail(`${word}( is not closed`);
        if (sc.acceptCall("EXCLUDE_FILE")) {
          pendingExclude = parseExcludeFile(sc);
          continue;
        }
        const g2 = sc.glob();
        if (!g2) sc.fail(`unexpected '${sc.peek()}' in ${word}(`);
        sections.push({ pattern: g2, sort: inner, excludeFiles: pendingExclude });
      }
      if (nested) sc.expect(")");
      continue;
    }
    const g = sc.glob();
    if (!g) sc.fail(`unexpected '${sc.peek()}' in input section list`);
    sections.push({ pattern: g, sort: "none", excludeFiles: pendingExclude });
  }
  return { kind: "input", file, fileSort, excludeFiles, sections, keep, loc: sc.loc(at, file.length) };
}
var BINARY_LEVELS = [
  ["||"],
  ["&&"],
  ["|"],
  ["^"],
  ["&"],
  ["==", "!="],
  ["<=", ">=", "<", ">"],
  ["<<", ">>"],
  ["+", "-"],
  ["*", "/", "%"]
];
var BINARY_PREC = /* @__PURE__ */ new Map();
BINARY_LEVELS.forEach((ops, level) => {
  for (const op of ops) BINARY_PREC.set(op, level);
});
var BINARY_OPS = [...BINARY_PREC.keys()].sort((a, b) => b.length - a.length);
var MAX_EXPR_NESTING = 1e4;
var exprNesting = 0;
function binaryOpAt(sc) {
  for (const o of BINARY_OPS) {
    if (!sc.text.startsWith(o, sc.pos)) continue;
    const next = sc.text[sc.pos + o.length];
    if (next === "=" && !["==", "!=", "<=", ">="].includes(o)) continue;
    return o;
  }
  return null;
}
function parseExpr2(sc) {
  if (++exprNesting > MAX_EXPR_NESTING) {
    exprNesting = 0;
    sc.fail(`expression nested more than ${MAX_EXPR_NESTING} levels deep`);
  }
  try {
    const out = [];
    const ops = [];
    let parens = 0;
    const reduceOne = () => {
      const p = ops.pop();
      if (p.k === "unary") out.push({ kind: "unary", op: p.op, arg: out.pop() });
      else if (p.k === "binary") {
        const right = out.pop(), left = out.pop();
        out.push({ kind: "binary", op: p.op, left, right, loc: p.loc });
      } else if (p.k === "else") {
        const els = out.pop(), then = out.pop(), test = out.pop();
        out.push({ kind: "cond", test, then, else: els });
      }
    };
    const reduceTo = (minPrec, conds) => {
      for (let top = ops[ops.length - 1]; top && (top.k === "unary" || top.k === "binary" && top.prec >= minPrec || conds && top.k === "else"); top = ops[ops.length - 1]) reduceOne();
    };
    const nearestMarker2 = () => {
      for (let i = ops.length - 1; i >= 0; i--) if (ops[i].k === "paren" || ops[i].k === "then") return ops[i];
      return void 0;
    };
    for (; ; ) {
      const c = sc.peek();
      if (c === "-" || c === "~" || c === "+" || c === "!" && sc.text[sc.pos + 1] !== "=") {
        sc.pos++;
        ops.push({ k: "unary", op: c });
        continue;
      }
      if (c === "(") {
        if (++parens > MAX_EXPR_NESTING) sc.fail(`expression nested more than ${MAX_EXPR_NESTING} levels deep`);
        sc.pos++;
        ops.push({ k: "paren" });
        continue;
      }
      out.push(parsePrimary2(sc));
      for (; ; ) {
        sc.ws();
        const at = sc.pos;
        const op = binaryOpAt(sc);
        if (op !== null) {
          const prec = BINARY_PREC.get(op);
          reduceTo(prec, false);
          sc.pos += op.length;
          ops.push({ k: "binary", op, prec, loc: sc.loc(at, op.length) });
          break;
        }
        const c2 = sc.peek();
        if (c2 === "?") {
          reduceTo(0, false);
          sc.pos++;
          ops.push({ k: "then" });
          break;
        }
        if (c2 === ":" && nearestMarker2()?.k === "then") {
          reduceTo(0, true);
          ops.pop();
          sc.pos++;
          ops.push({ k: "else" });
          break;
        }
        if (c2 === ")" && nearestMarker2()?.k === "paren") {
          reduceTo(0, true);
          ops.pop();
          parens--;
          sc.pos++;
          continue;
        }
        reduceTo(0, true);
        const left = nearestMarker2();
        if (left?.k === "then") sc.expect(":");
        if (left?.k === "paren") sc.expect(")");
        return out[0];
      }
    }
  } finally {
    if (exprNesting > 0) exprNesting--;
  }
}
var NAME_ARG_FUNCS = /* @__PURE__ */ new Set(["ADDR", "LOADADDR", "SIZEOF", "ALIGNOF", "ORIGIN", "LENGTH", "DEFINED", "CONSTANT", "SEGMENT_START"]);
function parsePrimary2(sc) {
  sc.ws();
  const at = sc.pos;
  const c = sc.text[sc.pos] ?? "";
  if (/[0-9]/.test(c)) return parseNumber2(sc);
  if (c === '"') {
    const name2 = sc.string();
    return { kind: "sym", name: name2, loc: sc.loc(at, name2.length + 2) };
  }
  const name = sc.exprName();
  if (!name) sc.fail(c ? `expected an expression, found '${c}'` : "expected an expression, found end of file");
  if (name === ".") return { kind: "dot", loc: sc.loc(at) };
  if (name === "SIZEOF_HEADERS" || name === "sizeof_headers") return { kind: "call", fn: "SIZEOF_HEADERS", args: [], name: null, loc: sc.loc(at, name.length) };
  if (sc.peek() === "(" && /^[A-Z_0-9]+$/.test(name)) {
    sc.pos++;
    const loc = sc.loc(at, name.length);
    if (NAME_ARG_FUNCS.has(name)) {
      const arg = sc.peek() === '"' ? sc.string() : sc.glob();
      const args2 = [];
      if (name === "SEGMENT_START") {
        sc.expect(",");
        args2.push(parseExpr2(sc));
      }
      sc.expect(")");
      return { kind: "call", fn: name, args: args2, name: arg, loc };
    }
    const args = [];
    if (!sc.accept(")")) {
      do
        args.push(parseExpr2(sc));
      while (sc.accept(","));
      sc.expect(")", `')' to close ${name}(`);
    }
    return { kind: "call", fn: name, args, name: null, loc };
  }
  return { kind: "sym", name, loc: sc.loc(at, name.length) };
}
function parseNumber2(sc) {
  const at = sc.pos;
  const m = /^(?:0[xX]([0-9a-fA-F]+)|\$([0-9a-fA-F]+)|([0-9][0-9a-fA-F]*)([hHoObBdD])|([0-9]+))([KkMm])?/.exec(sc.text.slice(sc.pos));
  if (!m) sc.fail("malformed number");
  let value;
  if (m[1] !== void 0) value = parseInt(m[1], 16);
  else if (m[2] !== void 0) value = parseInt(m[2], 16);
  else if (m[3] !== void 0) {
    const base = { h: 16, o: 8, b: 2, d: 10 }[m[4].toLowerCase()];
    value = parseInt(m[3], base);
    if (Number.isNaN(value)) sc.fail("malformed number", at, m[0].length);
  } else value = parseInt(m[5], 10);
  if (m[6]) value *= /[Kk]/.test(m[6]) ? 1024 : 1024 * 1024;
  sc.pos += m[0].length;
  if (EXPR_CHAR.test(sc.text[sc.pos] ?? "")) sc.fail(`malformed number '${sc.text.slice(at, sc.pos + 1)}'`, at, sc.pos - at + 1);
  return { kind: "num", value };
}

// toolchain/link/link.ts
var MAX_SECTION_BYTES = 268435456;
function checkpoint(ctx) {
  if (ctx.errors.length) throw new KernlabError([...ctx.errors, ...ctx.warnings]);
}
function scriptFor(options) {
  const readFile = options.readFile;
  if (options.script) return parseLinkerScript(options.script.text, options.script.file, readFile ? { readFile } : {});
  if (options.layout) return parseLinkerScript(layoutToScript(options.layout), "<layout>");
  return parseLinkerScript(DEFAULT_SCRIPT, "<default script>");
}
function runLink(inputs, options) {
  const ctx = newContext();
  const maxPageSize = options.maxPageSize ?? 4096;
  const script = scriptFor(options);
  const quietEntry = options.entry === void 0 && script.entry === null && options.script !== void 0;
  const entryName = options.entry ?? script.entry ?? (options.script ? "start" : options.layout?.entry ?? "_start");
  const oformat = options.oformat ?? (script.outputFormat === "binary" ? "binary" : "elf32");
  const items = loadOrder(ctx, inputs, script, options.scriptPosition ?? 0, options.openFile);
  checkpoint(ctx);
  const { files, symbols } = resolveSymbols(ctx, items, quietEntry ? null : entryName, [...options.undefinedSymbols ?? [], ...script.externs]);
  checkpoint(ctx);
  allocateCommons(files, symbols);
  if (options.strip === "debug" || options.strip === "all") {
    for (const f of files) for (const s of f.sections) if (s && !(s.flags & SHF_ALLOC) && /^\.(debug|stab|line|zdebug)/.test(s.name)) s.discarded = true;
  }
  if (oformat !== "binary") mergeGnuProperties(files);
  const binned = binSections(ctx, files, script, oformat);
  const discarded = [...binned.discarded];
  if (options.gcSections) for (const s of gcSections(files, symbols, entryName)) discarded.push(s);
  if (oformat !== "binary") editEhFrames(files, symbolDiscarded);
  mergeSections(binned.outputs);
  markDropped(binned.statements);
  const sectionStarts = { ...options.sectionStarts ?? {} };
  let headersSize = 52 + 32 * 3;
  let placement = assignAddresses(ctx, script, binned.statements, symbols, { sectionStarts, maxPageSize, headersSize });
  let outputs = liveOutputs(binned.statements);
  const gnuStackAny = files.some((f) => f.gnuStack) || options.execStack !== void 0;
  const execStack = options.execStack ?? files.some((f) => !f.gnuStack || f.execStack);
  const loadHeaders = !options.script && !options.layout || /SIZEOF_HEADERS/.test(options.script?.text ?? "");
  let segments = buildSegments(outputs, maxPageSize, execStack, gnuStackAny, loadHeaders);
  if (52 + 32 * segments.length !== headersSize && !options.script && !options.layout) {
    headersSize = 52 + 32 * segments.length;
    placement = assignAddresses(ctx, script, binned.statements, symbols, { sectionStarts, maxPageSize, headersSize });
    outputs = liveOutputs(binned.statements);
    segments = buildSegments(outputs, maxPageSize, execStack, gnuStackAny, loadHeaders);
  }
  checkpoint(ctx);
  defineScriptSymbols(symbols, placement);
  scanRelocations(ctx, files);
  const entrySym = symbols.byName.get(entryName);
  let entry = 0;
  if (entrySym && entrySym.state === "defined") entry = globalAddress(entrySym);
  else if (/^(0x[0-9a-f]+|\d+)$/i.test(entryName)) entry = Number(entryName);
  else {
    const text = outputs.find((o) => o.name === ".text");
    entry = text ? text.vaddr : 0;
    if (!quietEntry) ctx.warnings.push(diagnostic("missing-entry", `cannot find entry symbol ${entryName}; defaulting to ${hex(entry)}`, null, [], "warning"));
  }
  for (const os of outputs) {
    if (os.type !== SHT_NOBITS && os.size > MAX_SECTION_BYTES) {
      ctx.errors.push(diagnostic("section-too-large", `output section ${os.name} is ${hex(os.size)} bytes of file contents (more than ${hex(MAX_SECTION_BYTES)})`, os.command?.loc ?? null));
    }
  }
  checkpoint(ctx);
  const buffers = /* @__PURE__ */ new Map();
  for (const os of outputs) {
    if (os.type === SHT_NOBITS) continue;
    buffers.set(os, fillOutputSection(os));
  }
  if (oformat !== "binary") assignFileOffsets(outputs, segments, maxPageSize);
  const map = buildLinkMap(entry, outputs, segments, files, symbols.list, discarded.map((s) => ({ file: s.file.name, section: s.name })));
  checkLayout(ctx, { outputs, files, placement, layout: options.layout ?? null, oformat, segments, script, multibootCheck: options.multibootCheck ?? "error" });
  applyRelocations(ctx, files, buffers);
  checkpoint(ctx);
  const image = oformat === "binary" ? writeBinary(outputs, buffers) : writeElf2({ sections: outputs, segments, buffers, files, symbols, entry, strip: options.strip ?? "none", discardLocals: options.discardLocals ?? "none", maxPageSize });
  let mapText = null;
  const result = { image, map, warnings: ctx.warnings };
  Object.defineProperty(result, "mapText", { enumerable: true, get: () => mapText ??= formatLinkMap(map) });
  return result;
}
function fillOutputSection(os) {
  const buf = new Uint8Array(os.size);
  const pieces = [];
  for (const s of os.inputs) if (!s.discarded && s.output === os) pieces.push({ at: s.outOffset, bytes: s.type === SHT_NOBITS ? new Uint8Array(s.size) : s.data.subarray(0, s.size) });
  for (const d of os.dataItems) pieces.push({ at: d.offset, bytes: d.bytes });
  pieces.sort((a, b) => a.at - b.at);
  const code = (os.flags & SHF_EXECINSTR) !== 0;
  const fillAt = (at) => {
    let f = os.fill;
    for (const c of os.fills) if (c.offset <= at) f = c.bytes;
    return f;
  };
  const fillGap = (from, to) => {
    if (to <= from) return;
    const fill = fillAt(from);
    if (fill !== null) {
      for (let i2 = from; i2 < to; i2++) buf[i2] = fill[(i2 - from) % fill.length];
      return;
    }
    if (!code) return;
    let i = from;
    for (; i + 2 <= to; i += 2) {
      buf[i] = 102;
      buf[i + 1] = 144;
    }
    if (i < to) buf[i] = 144;
  };
  let cursor = 0;
  for (const p of pieces) {
    fillGap(cursor, p.at);
    buf.set(p.bytes, p.at);
    cursor = Math.max(cursor, p.at + p.bytes.length);
  }
  fillGap(cursor, buf.length);
  return buf;
}
function liveOutputs(statements) {
  const out = [];
  for (const st of statements) if (st.kind === "output" && st.os && !st.os.dropped) out.push(st.os);
  return out;
}
function segmentType(t) {
  return t === 1 ? "LOAD" : t === PT_GNU_STACK ? "GNU_STACK" : t === 4 ? "NOTE" : `0x${t.toString(16)}`;
}
function buildLinkMap(entry, outputs, segments, files, globals, discarded) {
  const symbols = [];
  for (const f of files) {
    for (const s of f.elf.symbols) {
      if (s.index === 0 || s.bind !== STB_LOCAL || s.type === STT_SECTION || s.type === STT_FILE || s.shndx === 0) continue;
      const sec = s.shndx < 65280 ? f.sections[s.shndx] : null;
      if (s.shndx < 65280 && (!sec || sec.discarded || !sec.output)) continue;
      symbols.push({ name: s.name, value: sec ? sectionAddress(sec, s.value) : s.value, size: s.size, section: sec?.output?.name ?? null, file: f.name, binding: "local" });
    }
  }
  for (const g of globals) {
    if (g.state !== "defined" || g.section && (g.section.discarded || !g.section.output)) continue;
    const section = g.scriptDefined ? g.scriptSection && !g.scriptSection.dropped ? g.scriptSection.name : null : g.section?.output?.name ?? null;
    symbols.push({ name: g.name, value: globalAddress(g), size: g.size, section, file: g.file?.name ?? "<script>", binding: g.binding });
  }
  return {
    entry,
    outputSections: outputs.map((o) => ({
      name: o.name,
      vaddr: o.vaddr,
      paddr: o.paddr,
      size: o.size,
      align: o.align,
      type: o.type === SHT_NOBITS ? "nobits" : "progbits",
      flags: flagString(o.flags),
      inputs: o.inputs.filter((s) => !s.discarded && s.output === o).map((s) => ({ file: s.file.name, section: s.name, vaddr: o.vaddr + s.outOffset >>> 0, size: s.size }))
    })),
    segments: segments.map((p) => ({
      type: segmentType(p.type),
      offset: p.offset,
      vaddr: p.vaddr,
      paddr: p.paddr,
      filesz: p.filesz,
      memsz: p.memsz,
      flags: (p.flags & 4 ? "R" : "") + (p.flags & 2 ? "W" : "") + (p.flags & 1 ? "E" : "")
    })),
    symbols,
    discarded
  };
}

// toolchain/link/index.ts
function link(inputs, options) {
  return runLink(inputs, options);
}

// kernel/layout-inc.ts
var LAYOUT_INC = "kernel/layout.inc";
function generateLayoutInc(layout, constants) {
  const lines = [
    "; kernel/layout.inc: GENERATED from kernel/layout.ts by kernel/build.ts (generateLayoutInc). Do not edit.",
    "; The linker defines the boundary symbols (__text_start \u2026 __stack_top, __kernel_end); these are the rest.",
    "%ifndef LAYOUT_INC",
    "%define LAYOUT_INC",
    `; layout: base ${hex(layout.base)}, sections ${layout.sections.map((x) => x.name).join(" ")}`
  ];
  for (const [name, value] of Object.entries(constants)) lines.push(`${name.padEnd(16)} equ ${hex(value)}`);
  lines.push("%endif", "");
  return lines.join("\n");
}

// kernel/layout.ts
var PAGE_SIZE = 4096;
var sampleLayout = defineLayout({
  base: 1048576,
  entry: "_start",
  sections: [
    { name: ".text", input: ["*(.multiboot)", "*(.text .text.*)"], align: PAGE_SIZE, keep: ["*(.multiboot)"] },
    { name: ".rodata", input: ["*(.rodata .rodata.*)"], align: PAGE_SIZE },
    { name: ".data", input: ["*(.data .data.*)"], align: PAGE_SIZE },
    { name: ".bss", input: ["*(.bss .bss.*)", "*(COMMON)"], align: PAGE_SIZE }
  ],
  heap: { size: 1048576, align: PAGE_SIZE },
  stack: { size: 32768, align: PAGE_SIZE }
});
function kernelConstants(layout = sampleLayout) {
  return {
    KERNEL_BASE: layout.base,
    PAGE_SIZE,
    HEAP_SIZE: layout.heap?.size ?? 0,
    STACK_SIZE: layout.stack?.size ?? 0,
    STACK_GUARD_SIZE: PAGE_SIZE,
    MAX_RAM: 128 * 1024 * 1024,
    USER_TEXT_BASE: 134512640,
    USER_STACK_TOP: 3221225472,
    USER_GUARD_GAP: PAGE_SIZE
  };
}

// kernel/manifest.ts
var SAMPLE_SOURCES = [
  "boot/multiboot.asm",
  "kernel/main.asm",
  "kernel/serial.asm",
  "kernel/gdt.asm",
  "kernel/idt.asm",
  "kernel/exceptions.asm",
  "kernel/pic.asm",
  "kernel/pit.asm",
  "kernel/heap.asm",
  "kernel/pmm.asm",
  "kernel/paging.asm",
  "kernel/proc.asm",
  "kernel/syscall.asm",
  "kernel/user.asm",
  "kernel/probe.asm",
  "kernel/shell.asm"
];
var SAMPLE_INCLUDES = ["kernel/defs.inc"];
var INCLUDE_PATHS = ["kernel/"];

// kernel/build.ts
var NAME_BUILDING = /%\+|%\[|%deftok|%defstr|%strcat|%substr|%xdefine/i;
function cacheKey(source, files) {
  const includes = Object.keys(files).filter((f) => f.endsWith(".inc") && f !== LAYOUT_INC).sort();
  const texts = [files[source] ?? "", ...includes.map((f) => files[f])];
  const layoutText = files[LAYOUT_INC] ?? "";
  const layoutPart = texts.some((t) => NAME_BUILDING.test(t)) ? layoutText : layoutText.split("\n").filter((line) => {
    const name = /^([A-Za-z_][A-Za-z0-9_]*)\s+equ\b/.exec(line)?.[1];
    return name !== void 0 && texts.some((t) => new RegExp(`(?<![A-Za-z0-9_.$#@~?])${name}(?![A-Za-z0-9_.$#@~?])`).test(t));
  }).join("\n");
  return [source, files[source], ...includes.map((f) => `${f}\0${files[f]}`), `${LAYOUT_INC}\0${layoutPart}`].join("\0");
}
function sourcesOf(files) {
  const known = [...SAMPLE_SOURCES];
  const extra = Object.keys(files).filter((f) => /^(boot|kernel)\/[^/]+\.asm$/.test(f) && !known.includes(f)).sort();
  return [...known, ...extra];
}
function buildSampleKernel(opts) {
  const layout = opts.layout ?? sampleLayout;
  const files = { ...opts.files, [LAYOUT_INC]: generateLayoutInc(layout, kernelConstants(layout)) };
  const resolver = mapResolver(files);
  const diagnostics = [];
  const objects = [];
  for (const source of opts.sources ?? sourcesOf(opts.files)) {
    const text = files[source];
    if (text === void 0) {
      diagnostics.push({ code: "missing-source", severity: "error", text: `sample kernel source ${source} is missing`, location: null, notes: [] });
      continue;
    }
    const key = opts.objectCache ? cacheKey(source, files) : "";
    const cached = opts.objectCache?.get(key);
    if (cached) {
      objects.push(cached);
      continue;
    }
    const result = assemble(text, { file: source, format: "elf32", includePaths: INCLUDE_PATHS, resolver });
    diagnostics.push(...result.diagnostics.filter((d) => d.severity === "error"));
    if (result.output) {
      const object = { source, name: source.replace(/^.*\//, "").replace(/\.asm$/, ".o"), bytes: result.output };
      objects.push(object);
      opts.objectCache?.set(key, object);
    }
  }
  if (diagnostics.length > 0) throw new KernlabError(diagnostics, `the sample kernel did not assemble (${diagnostics.length} error${diagnostics.length === 1 ? "" : "s"})`);
  const linked = link(objects.map((o) => ({ name: o.name, bytes: o.bytes })), { layout });
  const built = { elf: linked.image, map: linked.map, objects, layout };
  Object.defineProperty(built, "mapText", { enumerable: true, get: () => linked.mapText });
  return built;
}

export {
  mapResolver,
  assemble,
  assembleOrThrow,
  formatLinkMap,
  layoutToScript,
  link,
  sampleLayout,
  SAMPLE_SOURCES,
  SAMPLE_INCLUDES,
  buildSampleKernel
};
