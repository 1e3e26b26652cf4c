#include "support/proxy_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/subprocess.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"

namespace urlcheck::test {

namespace {

constexpr const char* tinyproxy_path = "/usr/bin/tinyproxy";

bool accepts(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

std::string configuration(const proxy_server_options& options, std::uint16_t port, const std::string& log_file) {
    std::ostringstream out;
    out << "Port " << port << "\nListen 127.0.0.1\nAllow 127.0.0.1\nTimeout 30\nMaxClients 400\n"
        << "LogLevel Connect\nLogFile \"" << log_file << "\"\n";
    if (!options.user.empty()) out << "BasicAuth " << options.user << " " << options.password << "\n";
    for (const auto p : options.connect_ports) out << "ConnectPort " << p << "\n";
    return out.str();
}

}  // namespace

struct proxy_server::impl {
    temp_dir dir;
    proxy_server_options options;
    std::uint16_t port = 0;
    std::unique_ptr<subprocess> child;
};

bool proxy_server::available() { return ::access(tinyproxy_path, X_OK) == 0; }

proxy_server::proxy_server(proxy_server_options options) : impl_(std::make_unique<impl>()) {
    impl_->options = std::move(options);
    if (!available()) throw std::runtime_error("tinyproxy is not installed (scripts/install-deps.sh)");
    // tinyproxy takes a fixed port: a free one is picked and, since another
    // process may take it before tinyproxy binds it, tried again on failure.
    for (int attempt = 0; attempt < 5; ++attempt) {
        impl_->port = unused_port();
        const std::string config = impl_->dir.file(
            "tinyproxy.conf", configuration(impl_->options, impl_->port, impl_->dir.path + "/tinyproxy.log"));
        subprocess_options run;
        run.timeout = std::chrono::minutes(10);
        impl_->child = std::make_unique<subprocess>(tinyproxy_path, std::vector<std::string>{"-d", "-c", config}, run);
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (std::chrono::steady_clock::now() < until && impl_->child->running()) {
            if (accepts(impl_->port)) return;
            impl_->child->pump_for(std::chrono::milliseconds(20));
        }
        impl_->child.reset();
    }
    throw std::runtime_error("tinyproxy did not start on a loopback port");
}

proxy_server::~proxy_server() {
    if (impl_->child) impl_->child->send_signal(SIGTERM);
    impl_->child.reset();  // kills and reaps it if SIGTERM was not enough
}

std::uint16_t proxy_server::port() const { return impl_->port; }

std::string proxy_server::url(bool with_credentials) const {
    const std::string userinfo =
        with_credentials ? impl_->options.user + ":" + impl_->options.password + "@" : std::string();
    return "http://" + userinfo + "127.0.0.1:" + std::to_string(impl_->port);
}

std::string proxy_server::log() const {
    std::ifstream in(impl_->dir.path + "/tinyproxy.log");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace urlcheck::test
