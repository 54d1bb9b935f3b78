"""The cluster's mail server: accepts SMTP on 127.0.0.1 and keeps every accepted message as one file, so that
the fault test can count the e-mails that went out (each must arrive exactly once).

    python cluster/mailsink.py PORT DIRECTORY

A message counts as sent when the server answers 250 to its end of data, as with a real mail server. When
DIRECTORY/delay holds a number of seconds, the server waits that long before answering, and keeps the message
only if the client is still connected then: the fault test kills the task worker in that window, mid-task.
"""

import select
import socket
import socketserver
import sys
import time
import uuid
from pathlib import Path


class Session(socketserver.StreamRequestHandler):
    directory: Path

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def handle(self) -> None:
        self.reply("220 hrparks-cluster mailsink")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 hrparks-cluster")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                self.receive()
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")

    def receive(self) -> None:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        delay = self.directory / "delay"
        if delay.exists():
            (self.directory / "receiving").touch()
            time.sleep(float(delay.read_text() or 0))
            (self.directory / "receiving").unlink(missing_ok=True)
            if self.client_gone():
                return  # not acknowledged, so not sent: the client will try again
        (self.directory / f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml").write_bytes(b"".join(lines))
        self.reply("250 accepted")

    def client_gone(self) -> bool:
        readable, _, _ = select.select([self.connection], [], [], 0)
        return bool(readable) and not self.connection.recv(1, socket.MSG_PEEK)  # b"" once the peer closed


def main() -> None:
    port, directory = int(sys.argv[1]), Path(sys.argv[2])
    directory.mkdir(parents=True, exist_ok=True)
    Session.directory = directory
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", port), Session) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
