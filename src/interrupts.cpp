#include "interrupts.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>
#include <string>
#include <system_error>

namespace urlcheck {

namespace {

volatile std::sig_atomic_t first_signal = 0;
int pipe_read = -1;
int pipe_write = -1;

// Async-signal-safe only: write(2), signal(2), raise(3).
extern "C" void on_termination_signal(int sig) {
    if (first_signal == 0) {
        first_signal = sig;
        const char byte = 1;
        [[maybe_unused]] const auto written = ::write(pipe_write, &byte, 1);
        return;
    }
    // The second one: the default action, so the shell sees "killed by
    // SIGINT" (and stops a loop around us) rather than an exit code.
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

}  // namespace

void install_interrupt_handlers() {
    if (pipe_read >= 0) return;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
        throw std::system_error(errno, std::generic_category(), "cannot create the signal pipe");
    pipe_read = fds[0];
    pipe_write = fds[1];
    struct sigaction action {};
    action.sa_handler = on_termination_signal;
    action.sa_flags = SA_RESTART;
    // Each handler runs with both signals held, so two arriving together
    // still count as a first and a second.
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    for (int sig : {SIGINT, SIGTERM}) ::sigaction(sig, &action, nullptr);
}

int interrupt_signal() noexcept { return first_signal; }

int interrupt_descriptor() noexcept { return pipe_read; }

}  // namespace urlcheck
