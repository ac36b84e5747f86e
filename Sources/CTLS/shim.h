#ifndef ECSRPC_CTLS_SHIM_H
#define ECSRPC_CTLS_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

/* OpenSSL spells these as macros, which Swift cannot call. */
static inline long ecsrpc_tls_set_server_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
static inline const char *ecsrpc_tls_server_name(const SSL *ssl) {
    return SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
}
/* Client defaults: TLS 1.2 or newer, peer verified, no renegotiation, a peer that closes without close_notify
   reads as the end of the stream (HTTP framing, not TLS, tells whether an answer was cut short). */
static inline void ecsrpc_tls_configure_client(SSL_CTX *context) {
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_options(context, SSL_OP_NO_RENEGOTIATION | SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_COMPRESSION);
    SSL_CTX_set_mode(context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}
/* Client sessions are kept by ecsrpc (per host and port), not in OpenSSL's internal store: `on_new_session` gets
   each new session (TLS 1.2 after the handshake, TLS 1.3 tickets after it) and returns 1 when it keeps it. */
static inline void ecsrpc_tls_enable_client_sessions(SSL_CTX *context, int (*on_new_session)(SSL *, SSL_SESSION *)) {
    SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(context, on_new_session);
}
static inline int ecsrpc_tls_set_connection_data(SSL *ssl, void *data) { return SSL_set_app_data(ssl, data); }
static inline void *ecsrpc_tls_connection_data(const SSL *ssl) { return SSL_get_app_data(ssl); }
static inline int ecsrpc_tls_set_maximum_version(SSL_CTX *context, int version) {
    return (int)SSL_CTX_set_max_proto_version(context, version);
}
#endif
