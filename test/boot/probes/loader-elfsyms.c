/* GRUB's ELF section headers (Multiboot info flag bit 5): list every section by name with its address and
 * size, then find .symtab through them and look up the symbol "kmain" by name, as a kernel that prints its
 * own backtraces does. Exits 0x32 when it found kmain, 0x33 when not. */
#include "probe.h"

struct mb_info { u32 flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr, num, size, addr, shndx; };
struct shdr { u32 name, type, flags, addr, offset, size, link, info, addralign, entsize; };
struct sym { u32 name, value, size; u8 info, other; u16 shndx; };

void kmain(u32 magic, const struct mb_info *mbi) {
  kv("magic", magic);
  if (!(mbi->flags & (1 << 5))) { puts("no section headers\n"); exit_probe(0x33); }
  kv("num", mbi->num);
  kv("size", mbi->size);
  kv("shndx", mbi->shndx);
  const struct shdr *sh = (const struct shdr *)mbi->addr;
  const char *names = (const char *)sh[mbi->shndx].addr;
  const struct shdr *symtab = 0;
  for (u32 i = 0; i < mbi->num; i++) {
    puts("section "); puts(names + sh[i].name); putc(' '); puthex(sh[i].size);
    putc(sh[i].addr ? '+' : '-'); putc('\n');
    if (sh[i].type == 2) symtab = &sh[i];
  }
  if (!symtab) exit_probe(0x33);
  const struct sym *syms = (const struct sym *)symtab->addr;
  const char *strings = (const char *)sh[symtab->link].addr;
  for (u32 i = 0; i < symtab->size / sizeof(struct sym); i++) {
    if (streq(strings + syms[i].name, "kmain")) { kv("kmain", syms[i].value); exit_probe(0x32); }
  }
  exit_probe(0x33);
}
