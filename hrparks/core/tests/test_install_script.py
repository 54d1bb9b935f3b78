"""scripts/install-system-packages.sh, which `make run` and `make test` start with, while another apt
(an unattended upgrade, a second terminal) holds the lock.

The script runs unchanged with the real apt-get and dpkg-query, pointed at a private apt and dpkg
under tmp_path through their own environment variables (APT_CONFIG, DPKG_ADMINDIR): the locks are the
private copies of /var/lib/dpkg/lock-frontend and /var/lib/apt/lists/lock, held here as apt holds
them (a POSIX record lock). No source is configured and dpkg is /bin/false there, so nothing can be
fetched or installed on this machine."""

import fcntl
import os
import shutil
import subprocess
from contextlib import contextmanager

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(shutil.which("apt-get") is None, reason="Debian's apt-get is not on this machine")

SCRIPT = settings.BASE_DIR / "scripts" / "install-system-packages.sh"
INSTALLED = "hrparks-test-installed"  # in the private dpkg's status file
ABSENT = "hrparks-test-absent"  # in no status file and no repository: apt cannot install it
STATUS = f"""\
Package: {INSTALLED}
Status: install ok installed
Priority: optional
Section: misc
Installed-Size: 1
Maintainer: hrparks tests <tests@example.invalid>
Architecture: all
Version: 1.0
Description: a package the private dpkg has installed
"""


class PrivateApt:
    def __init__(self, root):
        self.root = root
        for folder in ("dpkg/updates", "dpkg/info", "lists/partial", "cache/archives/partial", "etc", "bin"):
            (root / folder).mkdir(parents=True)
        (root / "dpkg" / "status").write_text(STATUS)
        self.frontend_lock = root / "dpkg" / "lock-frontend"  # what apt-get install waits for
        self.lists_lock = root / "lists" / "lock"  # what apt-get update takes
        config = {
            "Dir::Etc::main": "/dev/null",
            "Dir::Etc::parts": root / "etc",
            "Dir::Etc::sourcelist": "/dev/null",
            "Dir::Etc::sourceparts": root / "etc",
            "Dir::Etc::preferences": "/dev/null",
            "Dir::Etc::preferencesparts": root / "etc",
            "Dir::Etc::trustedparts": root / "etc",
            "Dir::State": f"{root}/",
            "Dir::State::lists": f"{root}/lists/",
            "Dir::State::status": root / "dpkg" / "status",
            "Dir::Cache": f"{root}/cache/",
            "Dir::Log": f"{root}/",
            "Dir::Bin::dpkg": "/bin/false",
        }
        (root / "apt.conf").write_text("".join(f'{key} "{value}";\n' for key, value in config.items()))
        # apt-get records each call, then runs the real one; sudo (for a non-root run) keeps the environment.
        self.calls = root / "apt-get-calls"
        self.stub("apt-get", f'echo "$*" >> {self.calls}\nexec {shutil.which("apt-get")} "$@"')
        self.stub("sudo", 'exec "$@"')

    def stub(self, name, body):
        path = self.root / "bin" / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)

    def start(self, *packages, lock_timeout=30):
        """The script on a list of `packages`, its output (stderr included) readable as it comes."""
        package_list = self.root / "packages.txt"
        package_list.write_text("# a comment\n\n" + "".join(f"{package}\n" for package in packages))
        env = {
            **os.environ,
            "APT_CONFIG": str(self.root / "apt.conf"),
            "DPKG_ADMINDIR": str(self.root / "dpkg"),
            "PATH": f"{self.root / 'bin'}:{os.environ['PATH']}",
            "APT_LOCK_TIMEOUT": str(lock_timeout),
        }
        return subprocess.Popen(
            [SCRIPT, package_list], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    def apt_calls(self):
        return self.calls.read_text().splitlines() if self.calls.exists() else []


@pytest.fixture
def apt(tmp_path):
    return PrivateApt(tmp_path)


@contextmanager
def held(lock):
    """`lock` held as another apt process holds it, until the block ends."""
    with open(lock, "w") as handle:
        fcntl.lockf(handle, fcntl.LOCK_EX)
        yield


def read_until(process, text):
    """The script's output up to the line containing `text`; fails if the script ends without it."""
    output = ""
    while text not in output:
        line = process.stdout.readline()
        assert line, f"the script ended without {text!r}:\n{output}"
        output += line
    return output


def finish(process):
    output = process.stdout.read()
    return process.wait(timeout=60), output


def test_nothing_missing_needs_no_apt_even_while_another_apt_holds_the_locks(apt):
    with held(apt.frontend_lock), held(apt.lists_lock):
        returncode, output = finish(apt.start(INSTALLED, lock_timeout=1))

    assert returncode == 0, output
    assert "1 of 1 installed, apt not needed" in output
    assert apt.apt_calls() == []


def test_waits_for_the_dpkg_lock_instead_of_failing(apt):
    with held(apt.frontend_lock):
        process = apt.start(INSTALLED, ABSENT)
        waiting = read_until(process, "Waiting for cache lock")
    returncode, output = finish(process)

    assert f"Installing system packages: {ABSENT}\n" in waiting  # only the missing one
    # Once the other apt let go, apt-get install went on, and met the real trouble: an unknown package.
    assert f"Unable to locate package {ABSENT}" in output
    assert "E: Could not get lock" not in waiting + output
    assert returncode == 1
    assert f"error: apt-get install failed; {ABSENT} not installed" in output
    assert any(call.startswith("-o DPkg::Lock::Timeout=30 install") for call in apt.apt_calls())


def test_waits_for_the_package_lists_lock_instead_of_failing(apt):
    with held(apt.lists_lock):
        process = apt.start(ABSENT)
        read_until(process, "Waiting for another apt process to release the package lists")
    returncode, output = finish(process)

    assert f"Unable to locate package {ABSENT}" in output  # apt-get update passed, install was tried
    assert returncode == 1
    assert [call.split()[2] for call in apt.apt_calls()][-2:] == ["update", "install"]


@pytest.mark.parametrize("lock", ["frontend_lock", "lists_lock"])
def test_gives_up_loudly_when_the_lock_stays_held(apt, lock):
    with held(getattr(apt, lock)):
        returncode, output = finish(apt.start(ABSENT, lock_timeout=1))

    assert returncode == 1
    assert f"Could not get lock {getattr(apt, lock)}" in output
    assert f"{ABSENT} not installed" in output.splitlines()[-1]
