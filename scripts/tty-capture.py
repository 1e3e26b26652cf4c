#!/usr/bin/python3
"""Shows what a terminal shows: runs a command under a pseudo-terminal of
COLUMNS columns and prints the screen, as the terminal emulator pyte (Debian
python3-pyte) draws it, at AT seconds and at the end. README's terminal
captures are taken with it (with the demo server running):

  scripts/tty-capture.py 100 5 build/src/urlcheck examples/demo.txt -t 3 --slow 1s
"""
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time

import pyte


def show(screen, title):
    print(f"--- {title} ---")
    for line in screen.display:
        if line.strip():
            print("|" + line + "|")


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    cols, at, command = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
    rows = 50
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    start, shown = time.monotonic(), False
    while True:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not shown and time.monotonic() - start > at:
            shown = True
            show(screen, f"at {at} s")
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the command has ended
                break
            if not data:
                break
            stream.feed(data)
    os.waitpid(pid, 0)
    show(screen, "at the end")


if __name__ == "__main__":
    main()
