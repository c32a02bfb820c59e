#ifndef CHATSLA_CLIBPQ_SHIM_H
#define CHATSLA_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#include <postgres_ext.h>
#include <stdlib.h>
#include <string.h>

/* PG_DIAG_* are macros over character literals, which Swift does not import. */
static inline int chatsla_pq_diag_sqlstate(void) { return PG_DIAG_SQLSTATE; }
static inline int chatsla_pq_diag_message_primary(void) { return PG_DIAG_MESSAGE_PRIMARY; }
static inline int chatsla_pq_diag_message_detail(void) { return PG_DIAG_MESSAGE_DETAIL; }
static inline int chatsla_pq_diag_message_hint(void) { return PG_DIAG_MESSAGE_HINT; }

static void chatsla_pq_ignore_notice(void *arg, const char *message) { (void)arg; (void)message; }

/* Server notices are informational; the client reports errors through results instead. */
static inline void chatsla_pq_silence_notices(PGconn *connection) {
    PQsetNoticeProcessor(connection, chatsla_pq_ignore_notice, NULL);
}
#endif
