#ifndef IMGPIPE_CMICROHTTPDSHIM_H
#define IMGPIPE_CMICROHTTPDSHIM_H
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>

/* Fixed-arity wrappers around libmicrohttpd's variadic APIs, which Swift cannot call. */
uint16_t imgpipe_mhd_bound_port(struct MHD_Daemon *daemon);

#endif
