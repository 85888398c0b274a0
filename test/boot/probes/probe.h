/* Shared by the C boot probes in test/boot/probes: COM1 output, hex, the exit port. Freestanding. */
#ifndef PROBE_H
#define PROBE_H
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

static inline void outb(u16 port, u8 v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline u8 inb(u16 port) { u8 v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static inline void putc(char c) {
  while (!(inb(0x3FD) & 0x20)) {}
  outb(0x3F8, (u8)c);
}
static inline void puts(const char *s) { while (*s) putc(*s++); }
static inline void puthex(u32 v) {
  for (int i = 28; i >= 0; i -= 4) putc("0123456789ABCDEF"[(v >> i) & 15]);
}
static inline void kv(const char *name, u32 v) { puts(name); putc('='); puthex(v); putc('\n'); }
static inline void quoted(const char *name, const char *s) { puts(name); puts("=\""); puts(s); puts("\"\n"); }
static inline int streq(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return *a == *b; }
static inline void __attribute__((noreturn)) exit_probe(u8 code) { for (;;) { outb(0xF4, code); __asm__ volatile("cli; hlt"); } }
#endif
