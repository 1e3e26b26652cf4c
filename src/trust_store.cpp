#include "trust_store.hpp"

#include <fmt/format.h>

#include <string_view>

namespace urlcheck {

const std::vector<std::string>& known_trust_files() {
    static const std::vector<std::string> files{
        "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Ubuntu, Gentoo, Arch; Alpine's ca-certificates
        "/etc/pki/tls/certs/ca-bundle.crt",                   // Fedora, RHEL 6
        "/etc/ssl/ca-bundle.pem",                             // openSUSE, SLES
        "/etc/pki/tls/cacert.pem",                            // OpenELEC
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // RHEL 7+, CentOS
        "/etc/ssl/cert.pem",                                  // Alpine
    };
    return files;
}

const std::vector<std::string>& known_trust_directories() {
    static const std::vector<std::string> directories{
        "/etc/ssl/certs",      // SLES 10/11
        "/etc/pki/tls/certs",  // Fedora, RHEL
    };
    return directories;
}

namespace {

bool any_usable(std::string_view list, const std::function<bool(const std::string&)>& usable) {
    while (!list.empty()) {
        const auto colon = list.find(':');
        const std::string one(list.substr(0, colon));
        if (!one.empty() && usable(one)) return true;
        if (colon == std::string_view::npos) break;
        list.remove_prefix(colon + 1);
    }
    return false;
}

}  // namespace

trust_store_choice choose_trust_store(const trust_store_environment& environment,
                                      const std::function<bool(const std::string&)>& usable) {
    using kind = trust_store_choice::kind;
    if (environment.cert_file || environment.cert_dir) {
        const bool file_ok = environment.cert_file && usable(*environment.cert_file);
        const bool dir_ok = environment.cert_dir && any_usable(*environment.cert_dir, usable);
        if (file_ok || dir_ok) return {kind::openssl_defaults, {}, {}};
        std::vector<std::string> named;
        if (environment.cert_file) named.push_back(fmt::format("SSL_CERT_FILE={}", *environment.cert_file));
        if (environment.cert_dir) named.push_back(fmt::format("SSL_CERT_DIR={}", *environment.cert_dir));
        return {kind::none,
                {},
                fmt::format("no CA certificates at {}: name a readable bundle file (or hashed directory), "
                            "or unset them to use the system's",
                            fmt::join(named, " and "))};
    }
    if (usable(environment.openssl_file) || usable(environment.openssl_dir)) return {kind::openssl_defaults, {}, {}};
    for (const auto& file : known_trust_files())
        if (usable(file)) return {kind::file, file, {}};
    for (const auto& directory : known_trust_directories())
        if (usable(directory)) return {kind::directory, directory, {}};
    std::vector<std::string> tried{environment.openssl_file, environment.openssl_dir};
    tried.insert(tried.end(), known_trust_files().begin(), known_trust_files().end());
    tried.insert(tried.end(), known_trust_directories().begin(), known_trust_directories().end());
    return {kind::none,
            {},
            fmt::format("no system CA certificates found (tried {}): install the ca-certificates package, "
                        "or name a bundle with SSL_CERT_FILE or --cacert",
                        fmt::join(tried, ", "))};
}

}  // namespace urlcheck
