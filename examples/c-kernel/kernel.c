/* kernel.c: an OSDev "Bare Bones" kernel (VGA text output) grown just enough to have a layout worth testing:
 * a bump allocator over the heap the linker script reserves, some recursion on the stack, a checkpoint for
 * the test harness (port 0x5F0) and an exit code on port 0xF4. Built with gcc -m32 -ffreestanding. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHECKPOINT_PORT 0x5F0
#define EXIT_PORT 0xF4

static inline void outb(uint16_t port, uint8_t value) { __asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t value) { __asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port)); }

/* ---- VGA text mode (as in Bare Bones) ---- */
enum vga_color { VGA_COLOR_BLACK = 0, VGA_COLOR_LIGHT_GREY = 7 };
static const size_t VGA_WIDTH = 80, VGA_HEIGHT = 25;
static size_t terminal_row, terminal_column;
static uint8_t terminal_color;
static uint16_t *const terminal_buffer = (uint16_t *)0xB8000;

static inline uint16_t vga_entry(unsigned char uc, uint8_t color) { return (uint16_t)uc | (uint16_t)color << 8; }

static void terminal_initialize(void) {
  terminal_color = VGA_COLOR_LIGHT_GREY | VGA_COLOR_BLACK << 4;
  for (size_t y = 0; y < VGA_HEIGHT; y++)
    for (size_t x = 0; x < VGA_WIDTH; x++) terminal_buffer[y * VGA_WIDTH + x] = vga_entry(' ', terminal_color);
}

static void terminal_putchar(char c) {
  if (c == '\n') { terminal_column = 0; if (++terminal_row == VGA_HEIGHT) terminal_row = 0; return; }
  terminal_buffer[terminal_row * VGA_WIDTH + terminal_column] = vga_entry((unsigned char)c, terminal_color);
  if (++terminal_column == VGA_WIDTH) { terminal_column = 0; if (++terminal_row == VGA_HEIGHT) terminal_row = 0; }
}

static void terminal_writestring(const char *s) { while (*s) terminal_putchar(*s++); }

/* ---- the kernel heap: a bump allocator from __heap_start (linker.ld) upward ---- */
extern char __heap_start[], __heap_end[];
char *heap_top; /* the break; the layout test reads it from guest RAM (--heap-top heap_top) */

void *kmalloc(size_t n) {
  if (!heap_top) heap_top = __heap_start;
  n = (n + 15) & ~(size_t)15;
  if (heap_top + n > __heap_end) return NULL;
  void *p = heap_top;
  heap_top += n;
  return p;
}

/* ---- some stack use: recursion the optimiser cannot flatten ---- */
static unsigned depth_sum(volatile unsigned n) {
  volatile char frame[48];
  frame[0] = (char)n;
  return n == 0 ? 0 : n + frame[0] - (char)n + depth_sum(n - 1);
}

struct task { int pid; char name[16]; struct task *next; };

int kernel_version = 3; /* .data: the test checks it in RAM equals the file */

void kernel_main(void) {
  terminal_initialize();
  terminal_writestring("Hello, kernel World!\n");
  struct task *tasks = NULL;
  for (int i = 0; i < 4; i++) {
    struct task *t = kmalloc(sizeof *t);
    if (!t) outb(EXIT_PORT, 2);
    t->pid = i + 1;
    t->next = tasks;
    tasks = t;
  }
  bool ok = depth_sum(20) == 210 && tasks->pid == 4 && kernel_version == 3;
  terminal_writestring(ok ? "layout test kernel: ok\n" : "layout test kernel: FAILED\n");
  outl(CHECKPOINT_PORT, 2); /* checkpoint 2: heap and stack in use */
  outb(EXIT_PORT, ok ? 0 : 1);
}
