#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>
#include "CMicroHTTPDShim.h"

struct MHD_Daemon *imgpipe_mhd_start(unsigned int flags,
                                     const char *host,
                                     uint16_t port,
                                     MHD_AccessHandlerCallback handler,
                                     void *handler_context,
                                     MHD_RequestCompletedCallback completed,
                                     void *completed_context,
                                     size_t connection_memory_limit,
                                     unsigned int connection_timeout_seconds,
                                     int *failure) {
    struct sockaddr_storage storage;
    memset(&storage, 0, sizeof(storage));

    struct sockaddr_in *ipv4 = (struct sockaddr_in *)&storage;
    struct sockaddr_in6 *ipv6 = (struct sockaddr_in6 *)&storage;
    if (inet_pton(AF_INET, host, &ipv4->sin_addr) == 1) {
        ipv4->sin_family = AF_INET;
        ipv4->sin_port = htons(port);
    } else if (inet_pton(AF_INET6, host, &ipv6->sin6_addr) == 1) {
        ipv6->sin6_family = AF_INET6;
        ipv6->sin6_port = htons(port);
        flags |= MHD_USE_IPv6;
    } else {
        *failure = IMGPIPE_MHD_START_INVALID_ADDRESS;
        return NULL;
    }

    /* The port argument is ignored when MHD_OPTION_SOCK_ADDR is given. */
    struct MHD_Daemon *daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, handler, handler_context,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&storage,
        MHD_OPTION_NOTIFY_COMPLETED, completed, completed_context,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_seconds,
        MHD_OPTION_END);
    *failure = daemon == NULL ? IMGPIPE_MHD_START_DAEMON_FAILED : IMGPIPE_MHD_START_OK;
    return daemon;
}

uint16_t imgpipe_mhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

int imgpipe_mhd_client_address(struct MHD_Connection *connection, char *buffer, size_t size) {
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL) {
        return -1;
    }

    const struct sockaddr *address = info->client_addr;
    const void *raw = NULL;
    if (address->sa_family == AF_INET) {
        raw = &((const struct sockaddr_in *)address)->sin_addr;
    } else if (address->sa_family == AF_INET6) {
        raw = &((const struct sockaddr_in6 *)address)->sin6_addr;
    } else {
        return -1;
    }
    return inet_ntop(address->sa_family, raw, buffer, (socklen_t)size) == NULL ? -1 : 0;
}
