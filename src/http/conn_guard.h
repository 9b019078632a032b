/*
 * conn_guard: slow clients (slowloris) cannot take the server's connections.
 *
 * Two defences, both for libmicrohttpd (MHD), whose connection limit is the
 * one resource every client shares:
 *  - descriptors: the soft limit on open files is raised to the hard limit
 *    (service managers start processes at 1024), and the connection limit
 *    is kept below it, so MHD never fails accept() for want of descriptors;
 *  - a header deadline: a connection that has not delivered a complete
 *    request head within header_timeout seconds of opening (or of the end
 *    of its previous request) is shut down.
 * The design notes open conn_guard.c.
 */
#ifndef SKYWAY_HTTP_CONN_GUARD_H
#define SKYWAY_HTTP_CONN_GUARD_H

#include <microhttpd.h>

/* Raises the soft open-file limit to the hard one and returns the
 * connection limit to give MHD: wanted, or less when the descriptors left
 * after the reserve for `threads` workers (database connections, files
 * being exported, the listening socket) cannot hold that many. */
unsigned conn_guard_connection_limit(unsigned wanted, int threads);

/* Starts the reaper thread that enforces the header deadline
 * (header_timeout seconds; 0 turns the deadline off).  Returns 0, or -1
 * when the thread could not start (the server then runs without it). */
int conn_guard_start(int header_timeout);

/* Stops the reaper (after MHD_stop_daemon, when no connection is left). */
void conn_guard_stop(void);

/* MHD_OPTION_NOTIFY_CONNECTION callback: tracks each connection from
 * STARTED to CLOSED (its record lives in *socket_context). */
void conn_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                       enum MHD_ConnectionNotificationCode code);

/* A request's head arrived on conn (begins 1: the deadline no longer
 * applies while it runs) or the request ended (begins 0: the connection
 * has header_timeout seconds from now for its next request). */
void conn_guard_request(struct MHD_Connection *conn, int begins);

/* Connections shut down for missing the deadline since the start. */
unsigned long conn_guard_reaped(void);

#endif
