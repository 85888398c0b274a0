/**
 * Text to PS/2 scancode set 1 (make code, then break code = make | 0x80), with left shift around shifted
 * characters, for a US keyboard layout. Characters with no key are skipped. This file does not talk to a
 * machine; Machine.sendKeys feeds the codes to the keyboard controller.
 */
const LSHIFT = 0x2a;

// Unshifted and shifted characters per make code.
const ROWS: [number, string, string][] = [
  [0x02, "1", "!"], [0x03, "2", "@"], [0x04, "3", "#"], [0x05, "4", "$"], [0x06, "5", "%"], [0x07, "6", "^"],
  [0x08, "7", "&"], [0x09, "8", "*"], [0x0a, "9", "("], [0x0b, "0", ")"], [0x0c, "-", "_"], [0x0d, "=", "+"],
  [0x0e, "\b", ""], [0x0f, "\t", ""],
  [0x10, "q", "Q"], [0x11, "w", "W"], [0x12, "e", "E"], [0x13, "r", "R"], [0x14, "t", "T"], [0x15, "y", "Y"],
  [0x16, "u", "U"], [0x17, "i", "I"], [0x18, "o", "O"], [0x19, "p", "P"], [0x1a, "[", "{"], [0x1b, "]", "}"],
  [0x1c, "\n", ""],
  [0x1e, "a", "A"], [0x1f, "s", "S"], [0x20, "d", "D"], [0x21, "f", "F"], [0x22, "g", "G"], [0x23, "h", "H"],
  [0x24, "j", "J"], [0x25, "k", "K"], [0x26, "l", "L"], [0x27, ";", ":"], [0x28, "'", "\""], [0x29, "`", "~"],
  [0x2b, "\\", "|"],
  [0x2c, "z", "Z"], [0x2d, "x", "X"], [0x2e, "c", "C"], [0x2f, "v", "V"], [0x30, "b", "B"], [0x31, "n", "N"],
  [0x32, "m", "M"], [0x33, ",", "<"], [0x34, ".", ">"], [0x35, "/", "?"],
  [0x39, " ", ""],
];

const KEYS = new Map<string, { code: number; shift: boolean }>();
for (const [code, plain, shifted] of ROWS) {
  KEYS.set(plain, { code, shift: false });
  if (shifted) KEYS.set(shifted, { code, shift: true });
}
KEYS.set("\r", { code: 0x1c, shift: false });
KEYS.set("\x1b", { code: 0x01, shift: false });

/** Scancodes (set 1) that type `text`. */
export function scancodes(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const k = KEYS.get(ch);
    if (!k) continue;
    if (k.shift) out.push(LSHIFT);
    out.push(k.code, k.code | 0x80);
    if (k.shift) out.push(LSHIFT | 0x80);
  }
  return out;
}

/**
 * KeyboardEvent.code (the physical key, layout-independent) → its set-1 make code; extended keys (0xE0
 * prefix) carry 0xE000. For a page that forwards key presses and releases as a qemu window does.
 */
const PHYSICAL: Record<string, number> = {
  Escape: 0x01, Digit1: 0x02, Digit2: 0x03, Digit3: 0x04, Digit4: 0x05, Digit5: 0x06, Digit6: 0x07, Digit7: 0x08,
  Digit8: 0x09, Digit9: 0x0a, Digit0: 0x0b, Minus: 0x0c, Equal: 0x0d, Backspace: 0x0e, Tab: 0x0f,
  KeyQ: 0x10, KeyW: 0x11, KeyE: 0x12, KeyR: 0x13, KeyT: 0x14, KeyY: 0x15, KeyU: 0x16, KeyI: 0x17, KeyO: 0x18,
  KeyP: 0x19, BracketLeft: 0x1a, BracketRight: 0x1b, Enter: 0x1c, ControlLeft: 0x1d,
  KeyA: 0x1e, KeyS: 0x1f, KeyD: 0x20, KeyF: 0x21, KeyG: 0x22, KeyH: 0x23, KeyJ: 0x24, KeyK: 0x25, KeyL: 0x26,
  Semicolon: 0x27, Quote: 0x28, Backquote: 0x29, ShiftLeft: 0x2a, Backslash: 0x2b,
  KeyZ: 0x2c, KeyX: 0x2d, KeyC: 0x2e, KeyV: 0x2f, KeyB: 0x30, KeyN: 0x31, KeyM: 0x32, Comma: 0x33, Period: 0x34,
  Slash: 0x35, ShiftRight: 0x36, NumpadMultiply: 0x37, AltLeft: 0x38, Space: 0x39, CapsLock: 0x3a,
  F1: 0x3b, F2: 0x3c, F3: 0x3d, F4: 0x3e, F5: 0x3f, F6: 0x40, F7: 0x41, F8: 0x42, F9: 0x43, F10: 0x44,
  NumLock: 0x45, ScrollLock: 0x46, Numpad7: 0x47, Numpad8: 0x48, Numpad9: 0x49, NumpadSubtract: 0x4a,
  Numpad4: 0x4b, Numpad5: 0x4c, Numpad6: 0x4d, NumpadAdd: 0x4e, Numpad1: 0x4f, Numpad2: 0x50, Numpad3: 0x51,
  Numpad0: 0x52, NumpadDecimal: 0x53, IntlBackslash: 0x56, F11: 0x57, F12: 0x58,
  NumpadEnter: 0xe01c, ControlRight: 0xe01d, NumpadDivide: 0xe035, AltRight: 0xe038, Home: 0xe047,
  ArrowUp: 0xe048, PageUp: 0xe049, ArrowLeft: 0xe04b, ArrowRight: 0xe04d, End: 0xe04f, ArrowDown: 0xe050,
  PageDown: 0xe051, Insert: 0xe052, Delete: 0xe053, MetaLeft: 0xe05b, MetaRight: 0xe05c, ContextMenu: 0xe05d,
};

/** The scancodes a press (`down`) or release of the key `code` sends; null for a key PS/2 set 1 lacks. */
export function physicalKeyScancodes(code: string, down: boolean): number[] | null {
  const make = PHYSICAL[code];
  if (make === undefined) return null;
  const low = (make & 0xff) | (down ? 0 : 0x80);
  return make > 0xff ? [0xe0, low] : [low];
}
