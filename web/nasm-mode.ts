/**
 * Syntax highlighting for the lab's editor (CodeMirror 6 stream parsers): NASM (comments, strings, numbers
 * in NASM's notations, registers, size words, directives and %-preprocessor lines, labels, instructions)
 * and GNU ld scripts (comments, keywords and built-in functions, symbols, numbers with K/M suffixes). C goes
 * through @codemirror/lang-cpp. Token names are the legacy-mode names StreamLanguage maps to highlight tags.
 */
import type { StreamParser } from "@codemirror/language";

const REGISTERS = new Set(("eax ebx ecx edx esi edi ebp esp ax bx cx dx si di bp sp al ah bl bh cl ch dl dh " +
  "cs ds es fs gs ss cr0 cr2 cr3 cr4 dr0 dr1 dr2 dr3 dr6 dr7 eip eflags st0 st1 st2 st3 st4 st5 st6 st7 " +
  "mm0 mm1 mm2 mm3 mm4 mm5 mm6 mm7 xmm0 xmm1 xmm2 xmm3 xmm4 xmm5 xmm6 xmm7").split(" "));
const SIZES = new Set("byte word dword qword tword oword yword far near short strict rel abs".split(" "));
const DIRECTIVES = new Set(("section segment global extern common bits use16 use32 org align alignb times db dw dd dq dt do dy " +
  "resb resw resd resq rest reso resy equ incbin cpu default absolute struc endstruc istruc iend at static").split(" "));

interface NasmState { lineStart: boolean }

export const nasmMode: StreamParser<NasmState> = {
  name: "nasm",
  startState: () => ({ lineStart: true }),
  token(stream, state) {
    if (stream.sol()) state.lineStart = true;
    if (stream.eatSpace()) return null;
    const first = state.lineStart;
    state.lineStart = false;
    const ch = stream.peek()!;
    if (ch === ";") { stream.skipToEnd(); return "comment"; }
    if (ch === '"' || ch === "'" || ch === "`") {
      stream.next();
      let escaped = false;
      for (let c = stream.next(); c !== undefined; c = stream.next()) {
        if (c === ch && !escaped) break;
        escaped = ch === "`" && c === "\\" && !escaped;
      }
      return "string";
    }
    if (ch === "%") {
      if (first && stream.match(/^%[a-z]+/i)) return "meta";
      stream.match(/^%+[\w.$?@]*/);
      return "variableName.special";
    }
    if (stream.match(/^(0x[0-9a-f_]+|\$[0-9][0-9a-f_]*|[0-9][0-9a-f_]*h|[01_]+b|[0-7_]+[oq]|[0-9][0-9_]*(\.[0-9_]+)?(e[+-]?[0-9]+)?|0b[01_]+|0o[0-7_]+)\b/i)) return "number";
    if (stream.match(/^[A-Za-z_.?@$][\w.?@$#~]*/)) {
      const word = stream.current();
      const lower = word.toLowerCase();
      if (stream.peek() === ":") { stream.next(); return "labelName"; }
      if (REGISTERS.has(lower)) return "variableName.special";
      if (SIZES.has(lower)) return "typeName";
      if (DIRECTIVES.has(lower)) return "moduleKeyword";
      if (first) return word.startsWith(".") ? "labelName" : "keyword.control";
      return "variableName";
    }
    stream.next();
    return /[[\]]/.test(ch) ? "bracket" : "operator";
  },
  languageData: { commentTokens: { line: ";" } },
};

const LD_KEYWORDS = new Set(("ENTRY SECTIONS MEMORY PHDRS OUTPUT_FORMAT OUTPUT_ARCH INCLUDE INPUT GROUP OUTPUT SEARCH_DIR STARTUP " +
  "PROVIDE PROVIDE_HIDDEN HIDDEN KEEP ASSERT DISCARD AT ALIGN BLOCK SUBALIGN ONLY_IF_RO ONLY_IF_RW NOLOAD COPY INFO OVERLAY " +
  "SORT SORT_BY_NAME SORT_BY_ALIGNMENT EXCLUDE_FILE FILL CREATE_OBJECT_SYMBOLS CONSTRUCTORS BYTE SHORT LONG QUAD SQUAD " +
  "ADDR LOADADDR SIZEOF ABSOLUTE DEFINED ORIGIN LENGTH MAX MIN NEXT ALIGNOF DATA_SEGMENT_ALIGN DATA_SEGMENT_END DATA_SEGMENT_RELRO_END SEGMENT_START").split(" "));

interface LdState { inComment: boolean }

export const ldMode: StreamParser<LdState> = {
  name: "ld",
  startState: () => ({ inComment: false }),
  token(stream, state) {
    if (state.inComment) {
      if (stream.match(/^.*?\*\//)) state.inComment = false;
      else stream.skipToEnd();
      return "comment";
    }
    if (stream.eatSpace()) return null;
    if (stream.match("/*")) { state.inComment = true; return "comment"; }
    if (stream.match(/^"[^"]*"?/)) return "string";
    if (stream.match(/^(0x[0-9a-f]+|[0-9]+)[KM]?\b/i)) return "number";
    if (stream.match(/^[A-Za-z_.$*][\w.$*\-]*/)) {
      const w = stream.current();
      if (LD_KEYWORDS.has(w.replace(/^\//, ""))) return "keyword";
      if (w.startsWith(".") && w.length > 1) return "labelName";
      return "variableName";
    }
    if (stream.match("/DISCARD/")) return "keyword";
    const ch = stream.next()!;
    return /[{}()]/.test(ch) ? "bracket" : "operator";
  },
  languageData: { commentTokens: { block: { open: "/*", close: "*/" } } },
};
