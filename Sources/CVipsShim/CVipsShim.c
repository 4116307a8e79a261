#define _GNU_SOURCE
#include "CVipsShim.h"
#include <pthread.h>
#include <string.h>
#include <lcms2.h>

int imgpipe_vips_init(const char *program_name) {
    return VIPS_INIT(program_name);
}

void imgpipe_vips_block_loaders_except_accepted(void) {
    vips_operation_block_set("VipsForeignLoad", TRUE);
    const char *accepted[] = {
        "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadNsgif",
        "VipsForeignLoadWebp", "VipsForeignLoadHeif", "VipsForeignLoadTiff",
    };
    /* libvips 8.14 looks the names up with g_type_from_name and ignores a loader missing
     * from this build. */
    for (size_t index = 0; index < sizeof(accepted) / sizeof(accepted[0]); index++) {
        vips_operation_block_set(accepted[index], FALSE);
    }
}

VipsImage *imgpipe_vips_image_new_from_file(const char *path) {
    return vips_image_new_from_file(path, NULL);
}

int imgpipe_vips_decode_strictly(const char *path, const char *load_options) {
    char *with_options = load_options == NULL || load_options[0] == '\0'
        ? g_strdup(path) : g_strdup_printf("%s[%s]", path, load_options);
    VipsImage *image = vips_image_new_from_file(with_options, "access", VIPS_ACCESS_SEQUENTIAL,
                                                "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    g_free(with_options);
    if (image == NULL) {
        return -1;
    }
    double average = 0;
    int result = vips_avg(image, &average, NULL);
    g_object_unref(image);
    return result;
}

int imgpipe_vips_avg(VipsImage *in, double *average) {
    return vips_avg(in, average, NULL);
}

int imgpipe_vips_thumbnail(const char *path, const char *load_options,
                           int width, int height, int export_srgb, VipsImage **out) {
    char *with_options = load_options == NULL || load_options[0] == '\0'
        ? g_strdup(path) : g_strdup_printf("%s[%s]", path, load_options);
    /* With an export profile, libvips 8.14 runs an ICC transform even for an sRGB image
     * without a profile. Measured with vipsthumbnail on a 6000x4000 JPEG to 2048 pixels
     * (3 runs, 2 shared cores): 0.67 to 0.69 s of CPU with it, 0.52 to 0.55 s without. */
    int result = export_srgb
        ? vips_thumbnail(with_options, out, width, "height", height, "size", VIPS_SIZE_DOWN,
                         "fail_on", VIPS_FAIL_ON_ERROR, "export_profile", "srgb", NULL)
        : vips_thumbnail(with_options, out, width, "height", height, "size", VIPS_SIZE_DOWN,
                         "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    g_free(with_options);
    return result;
}

int imgpipe_vips_flatten(VipsImage *in, double background, VipsImage **out) {
    double values[3] = { background, background, background };
    VipsArrayDouble *array = vips_array_double_new(values, 3);
    int result = vips_flatten(in, out, "background", array, NULL);
    vips_area_unref(VIPS_AREA(array));
    return result;
}

int imgpipe_vips_jpegsave(VipsImage *in, const char *path, int quality, int strip) {
    return vips_jpegsave(in, path, "Q", quality, "strip", strip ? TRUE : FALSE, NULL);
}

int imgpipe_vips_pngsave(VipsImage *in, const char *path, int strip) {
    return vips_pngsave(in, path, "strip", strip ? TRUE : FALSE, NULL);
}

int imgpipe_vips_gifsave(VipsImage *in, const char *path, int strip) {
    return vips_gifsave(in, path, "strip", strip ? TRUE : FALSE, NULL);
}

int imgpipe_vips_autorot(VipsImage *in, VipsImage **out) {
    return vips_autorot(in, out, NULL);
}

int imgpipe_vips_profile_load(const char *name, VipsBlob **profile) {
    return vips_profile_load(name, profile, NULL);
}

/* Discards lcms messages for this context only, because libvips installs a global handler
 * that would write them to its process-wide error buffer. */
static void imgpipe_lcms_ignore_error(cmsContext context, cmsUInt32Number code, const char *text) {
    (void) context;
    (void) code;
    (void) text;
}

int imgpipe_icc_profile_usable_as_input(const void *data, size_t length) {
    cmsContext context = cmsCreateContext(NULL, NULL);
    if (context == NULL) {
        return 0;
    }
    cmsSetLogErrorHandlerTHR(context, imgpipe_lcms_ignore_error);

    int usable = 0;
    cmsHPROFILE profile = cmsOpenProfileFromMemTHR(context, data, (cmsUInt32Number) length);
    if (profile != NULL) {
        usable = cmsIsIntentSupported(profile, INTENT_RELATIVE_COLORIMETRIC, LCMS_USED_AS_INPUT) ? 1 : 0;
        cmsCloseProfile(profile);
    }
    cmsDeleteContext(context);
    return usable;
}

/* Writers are preferred, so that a failure waiting to re-run alone is not starved by the
 * steady stream of shared holders. */
static pthread_rwlock_t imgpipe_vips_error_lock = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;

void imgpipe_vips_lock_shared(void) {
    pthread_rwlock_rdlock(&imgpipe_vips_error_lock);
}

void imgpipe_vips_lock_exclusive(void) {
    pthread_rwlock_wrlock(&imgpipe_vips_error_lock);
}

void imgpipe_vips_unlock(void) {
    pthread_rwlock_unlock(&imgpipe_vips_error_lock);
}

/* The file of the libvips call running on this thread, for log messages, or NULL. */
static __thread const char *imgpipe_vips_current_path = NULL;

void imgpipe_vips_set_current_path(const char *path) {
    imgpipe_vips_current_path = path;
}

static imgpipe_vips_log_callback imgpipe_vips_log_target = NULL;

static const char *imgpipe_log_field(const GLogField *fields, gsize count, const char *key) {
    for (gsize index = 0; index < count; index++) {
        if (strcmp(fields[index].key, key) == 0 && fields[index].length < 0) {
            return fields[index].value;
        }
    }
    return NULL;
}

/* GLib sends both g_log and structured messages through the writer, so this one function
 * receives every libvips warning. Info and debug messages (libvips logs each thumbnail step at info),
 * fatal levels and other domains go on to GLib's default writer, which drops info and debug
 * unless G_MESSAGES_DEBUG asks for them. */
static GLogWriterOutput imgpipe_vips_log_writer(GLogLevelFlags level, const GLogField *fields, gsize count,
                                                gpointer data) {
    const char *domain = imgpipe_log_field(fields, count, "GLIB_DOMAIN");
    const char *message = imgpipe_log_field(fields, count, "MESSAGE");
    int routed = level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE);
    if (routed && !(level & G_LOG_FLAG_FATAL) && domain != NULL && message != NULL
        && (strcmp(domain, "VIPS") == 0 || g_str_has_prefix(domain, "heif"))) {
        imgpipe_vips_log_target(domain, (int) (level & G_LOG_LEVEL_MASK), message, imgpipe_vips_current_path);
        return G_LOG_WRITER_HANDLED;
    }
    return g_log_writer_default(level, fields, count, data);
}

void imgpipe_vips_route_log(imgpipe_vips_log_callback callback) {
    static gsize installed = 0;
    if (g_once_init_enter(&installed)) {
        imgpipe_vips_log_target = callback;
        /* GLib aborts when a writer is set twice, hence the once guard. */
        g_log_set_writer_func(imgpipe_vips_log_writer, NULL, NULL);
        g_once_init_leave(&installed, 1);
    }
}
