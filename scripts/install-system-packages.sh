#!/usr/bin/env bash
# Installs the Debian packages of the given lists (system-packages/*.txt) that are not installed yet:
#   scripts/install-system-packages.sh system-packages/run.txt [system-packages/test.txt ...]
# When every package is installed it never calls apt, so it cannot trip over another apt's lock.
# Otherwise it waits up to APT_LOCK_TIMEOUT seconds (default 600) for another apt or dpkg (an unattended
# upgrade, a second terminal) to finish, instead of failing at once; and it fails loudly, naming the
# packages, when one cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
(($#)) || { echo "usage: $0 system-packages/LIST.txt..." >&2; exit 2; }
timeout=${APT_LOCK_TIMEOUT:-600}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

packages=()
for list in "$@"; do
  while read -r package; do
    [[ -z "$package" || "$package" == \#* ]] && continue
    packages+=("$package")
  done <"$list"
done
missing=()
for package in "${packages[@]}"; do installed "$package" || missing+=("$package"); done
if ((${#missing[@]} == 0)); then
  echo "System packages ($*): ${#packages[@]} of ${#packages[@]} installed, apt not needed."
  exit 0
fi

echo "Installing system packages: ${missing[*]}"
sudo=()
if (($(id -u) != 0)); then
  command -v sudo >/dev/null || { echo "error: installing ${missing[*]} needs root (or sudo)" >&2; exit 1; }
  sudo=(sudo)
fi
# C locale: the lock message below is matched in English. sudo drops the environment, hence `env`.
apt_get() { "${sudo[@]}" env LC_ALL=C DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$timeout" "$@"; }

# apt-get install waits for the dpkg lock by itself (DPkg::Lock::Timeout), saying so unless told to be
# quiet (hence no -q there); apt-get update ignores that setting for the package lists' lock (apt 2.6)
# and fails at once, so it is retried here.
deadline=$((SECONDS + timeout))
until output=$(apt_get update -qq 2>&1); do
  if [[ "$output" != *"Could not get lock"* ]] || ((SECONDS >= deadline)); then
    echo "$output" >&2
    echo "error: apt-get update failed; ${missing[*]} not installed" >&2
    exit 1
  fi
  echo "Waiting for another apt process to release the package lists..."
  sleep 2
done
[[ -z "$output" ]] || echo "$output"
if ! apt_get install -y --no-install-recommends "${missing[@]}"; then
  echo "error: apt-get install failed; ${missing[*]} not installed (apt's message above)" >&2
  exit 1
fi
# A name apt resolves to another package (a virtual one) would be "missing" again on every run.
still_missing=()
for package in "${missing[@]}"; do installed "$package" || still_missing+=("$package"); done
if ((${#still_missing[@]})); then
  echo "error: still not installed after apt-get install: ${still_missing[*]} (list real package names)" >&2
  exit 1
fi
