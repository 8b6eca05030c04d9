#ifndef CCURLSHIMS_H
#define CCURLSHIMS_H

/// Typed wrappers for libcurl's variadic `curl_easy_setopt` and `curl_easy_getinfo`, which
/// Swift does not import. One wrapper per argument type, so that Swift always passes exactly
/// the C type libcurl reads with va_arg: a `long` (never an int or a bool), a `curl_off_t`,
/// a pointer, or a function pointer of the callback's own type. The callback setters name
/// their option themselves, so a function can never be installed under the wrong option.
#include <curl/curl.h>

// MARK: - curl_easy_setopt

static inline CURLcode z2k_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode z2k_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// libcurl copies strings set with this (except CURLOPT_POSTFIELDS, which we never use).
static inline CURLcode z2k_curl_setopt_str(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Userdata pointers and buffers: the caller keeps what they point at alive while the handle
/// may use it.
static inline CURLcode z2k_curl_setopt_ptr(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// The list is not copied: keep it alive until the transfer ends, then curl_slist_free_all.
static inline CURLcode z2k_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return curl_easy_setopt(handle, option, list);
}

/// CURLOPT_MIMEPOST. The mime handle is not copied: free it after the transfer.
static inline CURLcode z2k_curl_setopt_mime(CURL *handle, curl_mime *mime) {
    return curl_easy_setopt(handle, CURLOPT_MIMEPOST, mime);
}

// MARK: - Callbacks (one per callback type; the option is fixed by the wrapper)

static inline CURLcode z2k_curl_set_write_function(CURL *handle, curl_write_callback function) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, function);
}

static inline CURLcode z2k_curl_set_header_function(CURL *handle, curl_write_callback function) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, function);
}

static inline CURLcode z2k_curl_set_read_function(CURL *handle, curl_read_callback function) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, function);
}

static inline CURLcode z2k_curl_set_seek_function(CURL *handle, curl_seek_callback function) {
    return curl_easy_setopt(handle, CURLOPT_SEEKFUNCTION, function);
}

static inline CURLcode z2k_curl_set_xferinfo_function(CURL *handle, curl_xferinfo_callback function) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, function);
}

// MARK: - curl_easy_getinfo

static inline CURLcode z2k_curl_getinfo_long(CURL *handle, CURLINFO info, long *out) {
    return curl_easy_getinfo(handle, info, out);
}

static inline CURLcode z2k_curl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *out) {
    return curl_easy_getinfo(handle, info, out);
}

static inline CURLcode z2k_curl_getinfo_double(CURL *handle, CURLINFO info, double *out) {
    return curl_easy_getinfo(handle, info, out);
}

/// The string belongs to the handle and is valid until its next transfer or cleanup: copy it.
static inline CURLcode z2k_curl_getinfo_str(CURL *handle, CURLINFO info, char **out) {
    return curl_easy_getinfo(handle, info, out);
}

/// The libcurl version number (0xXXYYZZ) this process runs with.
unsigned int z2k_curl_version_number(void);

#endif
