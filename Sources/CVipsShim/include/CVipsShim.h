#ifndef IMGPIPE_CVIPSSHIM_H
#define IMGPIPE_CVIPSSHIM_H
#include <vips/vips.h>

/* Fixed-arity wrappers around libvips' variadic and macro APIs, which Swift cannot call. */
int imgpipe_vips_init(const char *program_name);

/* Opens a file lazily: the header is read, pixels are decoded only when used. */
VipsImage *imgpipe_vips_image_new_from_file(const char *path);

/* Thumbnails with shrink-on-load, only ever downsizing, auto-rotating from EXIF, failing on
 * truncated or corrupt input, and converting to sRGB. `load_options` is appended to the path
 * in libvips' "[name=value]" form (for example "n=-1" for every frame), or NULL. */
int imgpipe_vips_thumbnail(const char *path, const char *load_options,
                           int width, int height, VipsImage **out);

/* Replaces alpha by a flat background of `background` in every band. */
int imgpipe_vips_flatten(VipsImage *in, double background, VipsImage **out);

/* Savers that drop every metadata block (EXIF with GPS, XMP, IPTC, ICC). */
int imgpipe_vips_jpegsave(VipsImage *in, const char *path, int quality);
int imgpipe_vips_pngsave(VipsImage *in, const char *path);
int imgpipe_vips_gifsave(VipsImage *in, const char *path);

#endif
