/* A Multiboot 2 kernel in C: walks the boot information tags as a tutorial kernel does, prints what each
 * says, writes "MB2" to the EGA text framebuffer the framebuffer tag names, and exits 0x41. */
#include "probe.h"

struct tag { u32 type, size; };

void kmain(u32 magic, const u8 *mbi) {
  kv("magic", magic);
  kv("total_size", *(const u32 *)mbi);
  for (const struct tag *t = (const struct tag *)(mbi + 8); t->type != 0;
       t = (const struct tag *)((const u8 *)t + ((t->size + 7) & ~7u))) {
    const u32 *w = (const u32 *)(t + 1);
    switch (t->type) {
      case 1: quoted("cmdline", (const char *)w); break;
      case 2: quoted("loader", (const char *)w); break;
      case 3: kv("mod_start", w[0]); kv("mod_end", w[1]); quoted("mod_cmdline", (const char *)(w + 2)); break;
      case 4: kv("mem_lower", w[0]); kv("mem_upper", w[1]); break;
      case 6:
        for (u32 off = 8; off < t->size - 8; off += w[0]) {
          const u32 *e = (const u32 *)((const u8 *)w + off);
          puts("mmap "); puthex(e[0]); putc(' '); puthex(e[2]); putc(' '); puthex(e[4]); putc('\n');
        }
        break;
      case 8: {
        kv("fb_addr", w[0]);
        kv("fb_pitch", w[2]); kv("fb_width", w[3]); kv("fb_height", w[4]);
        const u8 *b = (const u8 *)(w + 5);
        kv("fb_bpp", b[0]); kv("fb_type", b[1]);
        volatile u16 *screen = (volatile u16 *)w[0];
        screen[0] = 0x0F00 | 'M'; screen[1] = 0x0F00 | 'B'; screen[2] = 0x0F00 | '2';
        break;
      }
      case 9: kv("elf_num", w[0]); kv("elf_entsize", w[1]); kv("elf_shndx", w[2]); break;
      case 21: kv("load_base", w[0]); break;
      default: kv("tag", t->type);
    }
  }
  exit_probe(0x41);
}
