// Where the system's CA certificates are, when no --cacert names them.
// OpenSSL knows only the directory it was configured with (Debian's is
// /usr/lib/ssl); a binary carrying its own OpenSSL (URLCHECK_PORTABLE) runs
// on distributions that keep the store elsewhere, so the known layouts are
// probed too, in the order Go's crypto/x509 (root_linux.go) probes them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace urlcheck {

struct trust_store_environment {
    // SSL_CERT_FILE and SSL_CERT_DIR (a colon-separated list), unset when
    // nullopt. OpenSSL reads them itself; they win over every probe.
    std::optional<std::string> cert_file;
    std::optional<std::string> cert_dir;
    // OpenSSL's compiled-in defaults (X509_get_default_cert_file/_dir).
    std::string openssl_file;
    std::string openssl_dir;
};

struct trust_store_choice {
    enum class kind {
        openssl_defaults,  // SSL_CTX_set_default_verify_paths: the environment or OpenSSL's own paths
        file,              // a bundle: SSL_CTX_load_verify_locations(path, nullptr)
        directory,         // a hashed directory: SSL_CTX_load_verify_locations(nullptr, path)
        none,              // nothing usable: `problem` says what was tried
    };
    kind how = kind::none;
    std::string path;
    std::string problem;
};

// The bundle files and hashed directories of the distributions known, in
// the order they are tried after OpenSSL's own.
const std::vector<std::string>& known_trust_files();
const std::vector<std::string>& known_trust_directories();

// Pure: `usable(path)` says whether a path is a non-empty file or a
// directory with entries. The environment wins when set (and is reported
// as the problem when it names nothing usable, rather than silently
// ignored); then OpenSSL's own file and directory, which keeps every build
// whose OpenSSL matches its system exactly as OpenSSL would behave; then
// the known files, then the known directories.
trust_store_choice choose_trust_store(const trust_store_environment& environment,
                                      const std::function<bool(const std::string&)>& usable);

}  // namespace urlcheck
