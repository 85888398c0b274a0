/**
 * Code page 437, the VGA text mode's character set: byte → the Unicode character the PC's ROM font draws.
 * 0 and 32 are a space; 1-31 and 127-255 are the glyphs (smileys, arrows, box drawing, Greek, …), so a
 * text screen read from guest RAM reads as it looks. Used by Machine.vgaText and the lab's VGA view.
 */
const HIGH = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";
const LOW = "☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼";

const TABLE: string[] = Array.from({ length: 256 }, (_, b) =>
  b === 0 ? " " : b < 32 ? LOW[b - 1]! : b === 127 ? "⌂" : b >= 128 ? HIGH[b - 128]! : String.fromCharCode(b));

/** The character VGA draws for byte `b` (0 → space). */
export function cp437Char(b: number): string {
  return TABLE[b & 0xff]!;
}
