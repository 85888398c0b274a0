/**
 * Draws the VGA text screen (web/vga-text.ts) into a focusable <pre>: one line per row, one <span> per run
 * with classes `f<fg> b<bg>` (the 16 VGA colours are in style.css), so the text is real text a user selects
 * and copies. While it has focus, key presses and releases go to the guest's PS/2 keyboard as set-1
 * scancodes (emulator/keyboard.ts), as in a qemu window; the browser's own shortcuts stay out of the way
 * except the lab's (Ctrl-B and friends, which main.ts handles before this). DOM only.
 */
import { physicalKeyScancodes } from "../emulator/keyboard";
import { vgaRows, VGA_TEXT_BYTES } from "./vga-text";

export interface VgaView {
  /** Redraw from the 4,000 bytes of the text buffer; does nothing when they did not change. */
  draw(cells: Uint8Array): void;
  clear(): void;
}

/** Keys the page keeps for itself while the screen has focus (the lab's shortcuts, main.ts). */
export type ShortcutFilter = (e: KeyboardEvent) => boolean;

export function vgaView(screen: HTMLElement, send: (codes: number[]) => void, isShortcut: ShortcutFilter): VgaView {
  let last = new Uint8Array(0);
  const down = new Set<string>();
  const key = (e: KeyboardEvent, press: boolean) => {
    if (isShortcut(e)) return;
    const codes = physicalKeyScancodes(e.code, press);
    if (!codes) return;
    e.preventDefault();
    if (press) down.add(e.code);
    else if (!down.delete(e.code)) return; // a release whose press went elsewhere
    send(codes);
  };
  screen.addEventListener("keydown", (e) => key(e, true));
  screen.addEventListener("keyup", (e) => key(e, false));
  // Focus lost with keys held: release them, or the guest sees Shift stuck down.
  screen.addEventListener("blur", () => {
    for (const code of down) send(physicalKeyScancodes(code, false) ?? []);
    down.clear();
  });
  return {
    draw(cells) {
      if (cells.length === last.length && cells.every((b, i) => b === last[i])) return;
      last = cells.slice(0, VGA_TEXT_BYTES);
      const lines = vgaRows(cells).map((runs) => {
        const line = document.createElement("div");
        for (const r of runs) {
          const span = document.createElement("span");
          span.className = `f${r.fg} b${r.bg}${r.blink ? " blink" : ""}`;
          span.textContent = r.text;
          line.append(span);
        }
        return line;
      });
      screen.replaceChildren(...lines);
    },
    clear() {
      last = new Uint8Array(0);
      screen.replaceChildren();
    },
  };
}
