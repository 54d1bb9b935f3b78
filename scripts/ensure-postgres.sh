#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 (trust auth for the local test user):
# starts the local cluster when it is stopped, installs PostgreSQL from Debian (system-packages/postgres.txt)
# when it is missing.
set -euo pipefail
HOST=127.0.0.1
PORT=5432
ready() { pg_isready -q -h "$HOST" -p "$PORT"; }
ready && exit 0
SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  # Waits for another apt holding the lock, like every installation of this project.
  "$(dirname "$0")/install-system-packages.sh" system-packages/postgres.txt
  version=$(ls /etc/postgresql | sort -V | tail -1)
  # Local test server: trust connections from this machine only.
  $SUDO sed -i -E 's/^(host\s+all\s+all\s+(127.0.0.1\/32|::1\/128)\s+)\S+/\1trust/' "/etc/postgresql/$version/main/pg_hba.conf"
fi
version=$(ls /etc/postgresql | sort -V | tail -1)
$SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
echo "PostgreSQL did not start on $HOST:$PORT" >&2
exit 1
