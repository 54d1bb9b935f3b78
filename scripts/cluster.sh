#!/usr/bin/env bash
# scripts/cluster.sh start|stop|status|env — on one machine, what a bureau's data centre runs
# (docs/deployment.md, "The cluster (make cluster)"):
#
#   balancer  HAProxy, round robin, no sticky sessions      127.0.0.1:8100 → app servers
#   app 1..N  gunicorn hrparks.wsgi, production settings     127.0.0.1:8101, 8102
#   pgbouncer transaction pooling in front of PostgreSQL     127.0.0.1:6433 → 5432, database hrparks_cluster
#   redis     the shared cache                               127.0.0.1:6380
#   s3        an S3-compatible store (moto, from PyPI)       127.0.0.1:9100 (through HAProxy) → 9109
#   worker    manage.py db_worker, the task queue
#   mail      cluster/mailsink.py, the mail server           127.0.0.1:9125
#
# Pid files, logs and the rendered configuration live in $CLUSTER_RUN (default /tmp/hrparks-cluster).
# `env` prints the environment of the app servers (for manage.py against the cluster: eval "$(… env)").
# `start-part NAME` / `stop-part NAME` start or stop one part (app1, app2, worker, redis, …): the fault test uses them.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python

export CLUSTER_RUN=${CLUSTER_RUN:-/tmp/hrparks-cluster}
export CLUSTER_DATABASE=${CLUSTER_DATABASE:-hrparks_cluster}
export CLUSTER_BALANCER_PORT=${CLUSTER_BALANCER_PORT:-8100}
read -r -a APP_PORTS <<<"${CLUSTER_APP_PORTS:-8101 8102}"
export CLUSTER_POSTGRES_PORT=${CLUSTER_POSTGRES_PORT:-5432}
export CLUSTER_PGBOUNCER_PORT=${CLUSTER_PGBOUNCER_PORT:-6433}
export CLUSTER_REDIS_PORT=${CLUSTER_REDIS_PORT:-6380}
export CLUSTER_S3_PORT=${CLUSTER_S3_PORT:-9100}
export CLUSTER_STORE_PORT=${CLUSTER_STORE_PORT:-9109}
export CLUSTER_MAIL_PORT=${CLUSTER_MAIL_PORT:-9125}
GUNICORN_WORKERS=${CLUSTER_GUNICORN_WORKERS:-2}
S3_BUCKET_NAME=hrparks-cluster

log() { echo "cluster: $*" >&2; }

# The app servers' and the worker's environment: production settings, everything shared through the parts.
app_environment() {
  cat <<EOF
export DJANGO_SETTINGS_MODULE=hrparks.settings
export DJANGO_ENV=production
export SECRET_KEY=cluster-only-secret-key-on-127.0.0.1-never-for-a-real-installation
export SECURE_SSL_REDIRECT=false
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL=postgres://postgres@127.0.0.1:$CLUSTER_PGBOUNCER_PORT/$CLUSTER_DATABASE
export DATABASE_POOLING=transaction
export CONN_MAX_AGE=60
export REDIS_URL=redis://127.0.0.1:$CLUSTER_REDIS_PORT/0
export FILE_STORAGE=s3
export S3_BUCKET=$S3_BUCKET_NAME
export S3_ENDPOINT_URL=http://127.0.0.1:$CLUSTER_S3_PORT
export S3_ACCESS_KEY_ID=cluster
export S3_SECRET_ACCESS_KEY=cluster-secret
export S3_REGION=us-east-1
export EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend
export EMAIL_HOST=127.0.0.1
export EMAIL_PORT=$CLUSTER_MAIL_PORT
export PORTAL_TRUSTED_PROXIES=1
export LOG_LEVEL=WARNING
export CLUSTER_RUN=$CLUSTER_RUN
EOF
}

# A part's pid file, under $CLUSTER_RUN (the balancer and pgbouncer write their own).
pidfile_of() {
  case $1 in
  balancer) echo haproxy ;;
  pgbouncer) echo pgbouncer/pgbouncer ;;
  *) echo "$1" ;;
  esac
}
pid_of() { cat "$CLUSTER_RUN/$(pidfile_of "$1").pid" 2>/dev/null || true; }
alive() { local pid; pid=$(pid_of "$1"); [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() { # port, what, seconds
  local deadline=$((SECONDS + ${3:-30}))
  until port_open "$1"; do
    ((SECONDS < deadline)) || { log "$2 did not open port $1 within ${3:-30} s (logs: $CLUSTER_RUN)"; return 1; }
    sleep 0.2
  done
}

install_system_packages() {
  local missing=() package
  while read -r package; do
    [[ -z "$package" || "$package" == \#* ]] && continue
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done <cluster/system-packages.txt
  ((${#missing[@]})) || return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
}

install_python_packages() {
  "$PY" -c "import django_redis, moto" 2>/dev/null && return 0
  log "installing requirements-cluster.txt"
  "$PY" -m pip install --quiet -r requirements-cluster.txt
}

render() { # template → $CLUSTER_RUN/name
  envsubst <"cluster/$1.in" >"$CLUSTER_RUN/$1"
}

# A process of ours in its own process group (so that it and its children can be stopped or killed together).
spawn() { # name, command…
  local name=$1
  shift
  setsid "$@" >>"$CLUSTER_RUN/$name.log" 2>&1 </dev/null &
  echo $! >"$CLUSTER_RUN/$name.pid"
}

prepare_database() {
  scripts/ensure-postgres.sh
  local admin=(psql -q -h 127.0.0.1 -p "$CLUSTER_POSTGRES_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
  if [[ -z $("${admin[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$CLUSTER_DATABASE'") ]]; then
    log "creating database $CLUSTER_DATABASE"
    "${admin[@]}" -c "CREATE DATABASE \"$CLUSTER_DATABASE\""
  fi
  # Django wants UTC sessions; with it as the database's default no connection needs a SET (which transaction
  # pooling would not keep).
  "${admin[@]}" -c "ALTER DATABASE \"$CLUSTER_DATABASE\" SET timezone TO 'UTC'"
  # Migrations run once, straight against PostgreSQL, before the app servers start (as for a release).
  (
    eval "$(app_environment)"
    export DATABASE_URL=postgres://postgres@127.0.0.1:$CLUSTER_POSTGRES_PORT/$CLUSTER_DATABASE
    unset DATABASE_POOLING
    "$PY" manage.py migrate --no-input -v 0
    "$PY" manage.py createcachetable
    (cd hrparks && "$PY" ../manage.py compilemessages --ignore=.venv -v 0)
    "$PY" manage.py collectstatic --no-input -v 0
  )
}

start_redis() {
  alive redis && return 0
  render redis.conf
  redis-server "$CLUSTER_RUN/redis.conf"
  wait_for_port "$CLUSTER_REDIS_PORT" redis
}

start_pgbouncer() {
  alive pgbouncer && return 0
  mkdir -p "$CLUSTER_RUN/pgbouncer"
  render pgbouncer.ini
  if [[ $(id -u) -eq 0 ]]; then # PgBouncer refuses to run as root
    chown -R nobody "$CLUSTER_RUN/pgbouncer"
    pgbouncer -d -u nobody "$CLUSTER_RUN/pgbouncer.ini"
  else
    pgbouncer -d "$CLUSTER_RUN/pgbouncer.ini"
  fi
  wait_for_port "$CLUSTER_PGBOUNCER_PORT" pgbouncer
}

start_store() {
  alive store && return 0
  spawn store "$ROOT/.venv/bin/moto_server" -H 127.0.0.1 -p "$CLUSTER_STORE_PORT"
  wait_for_port "$CLUSTER_STORE_PORT" "the object store" 60
}

start_balancer() {
  alive balancer && return 0
  local lines="" n=0 port
  for port in "${APP_PORTS[@]}"; do
    n=$((n + 1))
    lines+="    server app$n 127.0.0.1:$port"$'\n'
  done
  CLUSTER_APP_SERVER_LINES=$lines render haproxy.cfg
  haproxy -D -f "$CLUSTER_RUN/haproxy.cfg"
  wait_for_port "$CLUSTER_BALANCER_PORT" haproxy
}

create_bucket() {
  (
    eval "$(app_environment)"
    "$PY" - <<'EOF'
import os

import boto3

s3 = boto3.client(
    "s3",
    endpoint_url=os.environ["S3_ENDPOINT_URL"],
    aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
    aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
    region_name=os.environ["S3_REGION"],
)
if os.environ["S3_BUCKET"] not in [bucket["Name"] for bucket in s3.list_buckets()["Buckets"]]:
    s3.create_bucket(Bucket=os.environ["S3_BUCKET"])
EOF
  )
}

start_mail() {
  alive mail && return 0
  spawn mail "$PY" cluster/mailsink.py "$CLUSTER_MAIL_PORT" "$CLUSTER_RUN/mail"
  wait_for_port "$CLUSTER_MAIL_PORT" "the mail server"
}

start_app() { # n
  local n=$1 port=${APP_PORTS[$(($1 - 1))]}
  alive "app$n" && return 0
  (
    eval "$(app_environment)"
    spawn "app$n" "$ROOT/.venv/bin/gunicorn" hrparks.wsgi --workers "$GUNICORN_WORKERS" --bind "127.0.0.1:$port" \
      --max-requests 2000 --max-requests-jitter 200 --timeout 60 --control-socket "$CLUSTER_RUN/app$n.ctl"
  )
  wait_for_port "$port" "app server $n" 60
}

start_worker() {
  alive worker && return 0
  (
    eval "$(app_environment)"
    spawn worker "$PY" manage.py db_worker --interval 0.5
  )
}

start_part() {
  case $1 in
  redis) start_redis ;;
  pgbouncer) start_pgbouncer ;;
  store) start_store ;;
  balancer) start_balancer ;;
  mail) start_mail ;;
  worker) start_worker ;;
  app*) start_app "${1#app}" ;;
  *) log "no part $1" && return 2 ;;
  esac
}

stop_part() { # name [signal]: the part's whole process group
  local pid
  pid=$(pid_of "$1")
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    local group
    group=$(ps -o pgid= -p "$pid" | tr -d ' ')
    if [[ "$group" == "$pid" ]]; then kill "-${2:-TERM}" -- "-$group" 2>/dev/null || true; else kill "-${2:-TERM}" "$pid" 2>/dev/null || true; fi
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$CLUSTER_RUN/$(pidfile_of "$1").pid"
}

parts() { # in the order they start
  echo redis pgbouncer store balancer mail
  local n
  for n in $(seq 1 ${#APP_PORTS[@]}); do echo "app$n"; done
  echo worker
}

start() {
  mkdir -p "$CLUSTER_RUN"
  install_system_packages
  install_python_packages
  prepare_database
  start_redis
  start_pgbouncer
  start_store
  start_balancer
  create_bucket
  start_mail
  local n
  for n in $(seq 1 ${#APP_PORTS[@]}); do start_app "$n"; done
  start_worker
  app_environment >"$CLUSTER_RUN/env"
  status
  log "up: http://127.0.0.1:$CLUSTER_BALANCER_PORT/ (logs and pid files in $CLUSTER_RUN)"
}

stop() {
  local part
  for part in $(parts | tac); do stop_part "$part"; done
  log "stopped"
}

status() {
  local part down=0
  for part in $(parts); do
    if alive "$part"; then printf '%-10s up   (pid %s)\n' "$part" "$(pid_of "$part")"; else
      printf '%-10s DOWN\n' "$part"
      down=1
    fi
  done
  return $down
}

case ${1:-} in
start) start ;;
stop) stop ;;
status) status ;;
env) app_environment ;;
start-part) start_part "$2" ;;
stop-part) stop_part "$2" "${3:-TERM}" ;;
*)
  echo "usage: $0 start|stop|status|env|start-part NAME|stop-part NAME [SIGNAL]" >&2
  exit 2
  ;;
esac
