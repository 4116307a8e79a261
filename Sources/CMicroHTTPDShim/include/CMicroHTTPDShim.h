#ifndef IMGPIPE_CMICROHTTPDSHIM_H
#define IMGPIPE_CMICROHTTPDSHIM_H
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>

/* Fixed-arity wrappers around libmicrohttpd's variadic APIs, which Swift cannot call. */

/* Reasons imgpipe_mhd_start returns NULL. */
enum imgpipe_mhd_start_failure {
    IMGPIPE_MHD_START_OK = 0,
    /* The host is not a numeric IPv4 or IPv6 address. */
    IMGPIPE_MHD_START_INVALID_ADDRESS = 1,
    /* libmicrohttpd could not bind or start its thread (port in use, no permission). */
    IMGPIPE_MHD_START_DAEMON_FAILED = 2
};

/* Starts a daemon bound to exactly `host`:`port` (port 0 picks an ephemeral port) through
   MHD_OPTION_SOCK_ADDR, adding MHD_USE_IPv6 to `flags` for an IPv6 host. On NULL,
   `*failure` stores the reason. */
struct MHD_Daemon *imgpipe_mhd_start(unsigned int flags,
                                     const char *host,
                                     uint16_t port,
                                     MHD_AccessHandlerCallback handler,
                                     void *handler_context,
                                     MHD_RequestCompletedCallback completed,
                                     void *completed_context,
                                     size_t connection_memory_limit,
                                     unsigned int connection_timeout_seconds,
                                     int *failure);

uint16_t imgpipe_mhd_bound_port(struct MHD_Daemon *daemon);

/* Writes the client's numeric address into `buffer` (NUL-terminated); returns 0 on success,
   -1 when libmicrohttpd has no address or the buffer is too small. */
int imgpipe_mhd_client_address(struct MHD_Connection *connection, char *buffer, size_t size);

#endif
