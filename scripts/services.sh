#!/usr/bin/env bash
# Installs the real checkers and peers the tests use when they are absent (root + apt): GnuPG,
# OpenSSL, OpenSSH server, PostgreSQL. The tests start and stop their own private instances.
set -euo pipefail
need=()
command -v gpg >/dev/null 2>&1 || need+=(gnupg)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "usesync services: installing ${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
  else
    echo "usesync services: missing ${need[*]} (install them, or run as root with apt-get); dependent tests will be skipped" >&2
  fi
fi
mkdir -p -m 0755 /run/sshd 2>/dev/null || true
