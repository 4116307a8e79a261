#ifndef IMGPIPE_CVIPSSHIM_H
#define IMGPIPE_CVIPSSHIM_H
#include <vips/vips.h>

/* Fixed-arity wrappers around libvips' variadic and macro APIs, which Swift cannot call. */
int imgpipe_vips_init(const char *program_name);

#endif
