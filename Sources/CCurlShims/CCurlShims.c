#include "CCurlShims.h"

// The setopt/getinfo wrappers are static inline in the header; SwiftPM needs one source file.

unsigned int z2k_curl_version_number(void) {
    return curl_version_info(CURLVERSION_NOW)->version_num;
}
