#ifndef IMGPIPE_CVIPSSHIM_H
#define IMGPIPE_CVIPSSHIM_H
#include <vips/vips.h>

/* Fixed-arity wrappers around libvips' variadic and macro APIs, which Swift cannot call. */
int imgpipe_vips_init(const char *program_name);

/* Blocks every libvips loader except JPEG, PNG, GIF, WebP, HEIF/AVIF and TIFF, so that a file
 * can only ever be decoded by a loader of an accepted format. */
void imgpipe_vips_block_loaders_except_accepted(void);

/* Opens a file lazily: the header is read, pixels are decoded only when used. */
VipsImage *imgpipe_vips_image_new_from_file(const char *path);

/* Decodes every pixel once, failing on truncated or corrupt data instead of filling the
 * missing part with grey. `load_options` is as for imgpipe_vips_thumbnail. */
int imgpipe_vips_decode_strictly(const char *path, const char *load_options);

/* Averages every band of every pixel, decoding the whole image. */
int imgpipe_vips_avg(VipsImage *in, double *average);

/* Thumbnails with shrink-on-load, only ever downsizing, auto-rotating from EXIF and failing on
 * truncated or corrupt input. With `export_srgb` non-zero the pixels go through an ICC
 * transform to sRGB (from the embedded profile, or libvips' default for the interpretation),
 * which also makes them 8-bit. `load_options` is appended to the path in libvips'
 * "[name=value]" form (for example "n=-1" for every frame), or NULL. */
int imgpipe_vips_thumbnail(const char *path, const char *load_options,
                           int width, int height, int export_srgb, VipsImage **out);

/* Loads a profile built into libvips by name ("srgb", "p3" or "cmyk") or a profile file by path.
 * The caller owns `profile` and releases it with vips_area_unref. */
int imgpipe_vips_profile_load(const char *name, VipsBlob **profile);

/* Turns the image upright from its EXIF orientation and removes the tag. */
int imgpipe_vips_autorot(VipsImage *in, VipsImage **out);

/* Replaces alpha by a flat background of `background` in every band. */
int imgpipe_vips_flatten(VipsImage *in, double background, VipsImage **out);

/* Savers. With `strip` non-zero they drop every metadata block (EXIF with GPS, XMP, IPTC,
 * ICC); with zero they keep what the image carries. */
int imgpipe_vips_jpegsave(VipsImage *in, const char *path, int quality, int strip);
int imgpipe_vips_pngsave(VipsImage *in, const char *path, int strip);
int imgpipe_vips_gifsave(VipsImage *in, const char *path, int strip);

/* Returns 1 when lcms opens the profile and it supports the relative colorimetric intent as an
 * input profile, else 0. libvips 8.14 checks the same before an ICC transform, and in place of a
 * profile that fails it warns ("corrupt profile", "profile does not support relative input
 * intent") and uses its default profile for the interpretation (sRGB for an RGB image). */
int imgpipe_icc_profile_usable_as_input(const void *data, size_t length);

/* The lock that gives each failed libvips call its own text from the process-wide error
 * buffer: calls run holding it shared, and a failed call re-runs holding it exclusively, with
 * the buffer cleared before and read after. It is not recursive: a thread holding it must not
 * take it again, or it deadlocks once a writer waits. */
void imgpipe_vips_lock_shared(void);
void imgpipe_vips_lock_exclusive(void);
void imgpipe_vips_unlock(void);

/* Records the file of the libvips call about to run on this thread (NULL after it), so that
 * log messages the call emits on this thread can name it. The string must outlive the call. */
void imgpipe_vips_set_current_path(const char *path);

/* A receiver of GLib messages of the VIPS or heif domain. It gets the domain, the GLib level
 * flag (G_LOG_LEVEL_WARNING and so on) and the text. It also gets the file of the call running
 * on the emitting thread, or NULL when that thread runs none, as on libvips worker threads. */
typedef void (*imgpipe_vips_log_callback)(const char *domain, int level, const char *message, const char *path);

/* Sends non-fatal GLib critical, warning and message entries of the VIPS and heif domains to
 * `callback` instead of standard error. Other messages keep GLib's default output. Only the
 * first call installs anything, because GLib accepts one log writer per process. */
void imgpipe_vips_route_log(imgpipe_vips_log_callback callback);

#endif
