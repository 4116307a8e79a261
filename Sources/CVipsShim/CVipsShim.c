#include "CVipsShim.h"

int imgpipe_vips_init(const char *program_name) {
    return VIPS_INIT(program_name);
}

VipsImage *imgpipe_vips_image_new_from_file(const char *path) {
    return vips_image_new_from_file(path, NULL);
}

int imgpipe_vips_thumbnail(const char *path, const char *load_options,
                           int width, int height, VipsImage **out) {
    if (load_options == NULL || load_options[0] == '\0') {
        return vips_thumbnail(path, out, width, "height", height, "size", VIPS_SIZE_DOWN,
                              "fail_on", VIPS_FAIL_ON_ERROR, "export_profile", "srgb", NULL);
    }

    char *with_options = g_strdup_printf("%s[%s]", path, load_options);
    int result = vips_thumbnail(with_options, out, width, "height", height,
                                "size", VIPS_SIZE_DOWN, "fail_on", VIPS_FAIL_ON_ERROR,
                                "export_profile", "srgb", NULL);
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

int imgpipe_vips_jpegsave(VipsImage *in, const char *path, int quality) {
    return vips_jpegsave(in, path, "Q", quality, "strip", TRUE, NULL);
}

int imgpipe_vips_pngsave(VipsImage *in, const char *path) {
    return vips_pngsave(in, path, "strip", TRUE, NULL);
}

int imgpipe_vips_gifsave(VipsImage *in, const char *path) {
    return vips_gifsave(in, path, "strip", TRUE, NULL);
}
