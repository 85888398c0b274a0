/* The tutorial-shaped kernel's C side: it runs on the loader's stack. Prints the magic, the info flags, the
 * command line, how deep its recursion went and where its stack is, then exits with code 0x31. */
#include "probe.h"

struct mb_info { u32 flags, mem_lower, mem_upper, boot_device, cmdline; };

static u32 depth(u32 n) { volatile u32 pad[8]; pad[0] = n; return n == 0 ? 0 : 1 + depth(pad[0] - 1); }

void kmain(u32 magic, const struct mb_info *mbi) {
  u32 esp;
  __asm__ volatile("mov %%esp, %0" : "=r"(esp));
  kv("magic", magic);
  kv("flags", mbi->flags);
  kv("mem_upper", mbi->mem_upper);
  if (mbi->flags & 4) quoted("cmdline", (const char *)mbi->cmdline);
  kv("depth", depth(200));
  kv("esp_in_kmain", esp);
  exit_probe(0x31);
}
