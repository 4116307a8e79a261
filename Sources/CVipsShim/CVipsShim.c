#include "CVipsShim.h"

int imgpipe_vips_init(const char *program_name) {
    return VIPS_INIT(program_name);
}
