#!/usr/bin/env bash
# A private RabbitMQ node for the chaos suite, so that restarting it (fault 11) or raising its
# memory alarm (fault 13) never touches the shared broker (rabbit@localhost, 5672).
#   scripts/chaos-broker.sh start   start it if it is not running (idempotent), wait until it answers
#   scripts/chaos-broker.sh stop    stop it and delete its data
#   scripts/chaos-broker.sh status  exit 0 when it answers
# Node chaos@localhost, AMQP 127.0.0.1:5673, management 127.0.0.1:15673, Erlang distribution 25673,
# data and logs under CHAOS_BROKER_DIR (default /tmp/saga-chaos-broker). Override the ports with
# CHAOS_BROKER_AMQP_PORT / CHAOS_BROKER_MANAGEMENT_PORT.
set -euo pipefail

node="${CHAOS_BROKER_NODE:-chaos@localhost}"
amqp_port="${CHAOS_BROKER_AMQP_PORT:-5673}"
management_port="${CHAOS_BROKER_MANAGEMENT_PORT:-15673}"
dir="${CHAOS_BROKER_DIR:-/tmp/saga-chaos-broker}"

ctl() { rabbitmqctl -q -n "$node" "$@"; }
answers() { curl -sf -u guest:guest "http://127.0.0.1:${management_port}/api/overview" >/dev/null 2>&1; }

start() {
  if ctl status >/dev/null 2>&1 && answers; then echo "chaos broker ${node} already running"; return 0; fi
  mkdir -p "$dir/mnesia" "$dir/log"
  cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.local = 127.0.0.1:${amqp_port}
management.tcp.port = ${management_port}
management.tcp.ip = 127.0.0.1
CONF
  echo '[rabbitmq_management].' >"$dir/enabled_plugins"
  # The Debian wrappers run the node as the rabbitmq user (it shares that user's Erlang cookie).
  if id rabbitmq >/dev/null 2>&1; then chown -R rabbitmq:rabbitmq "$dir"; fi
  export RABBITMQ_NODENAME="$node" RABBITMQ_NODE_PORT="$amqp_port" RABBITMQ_DIST_PORT="$((amqp_port + 20000))" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_PID_FILE="$dir/node.pid"
  rabbitmq-server -detached
  for _ in $(seq 1 90); do
    if ctl status >/dev/null 2>&1 && answers; then echo "chaos broker ${node} up on ${amqp_port} (management ${management_port})"; return 0; fi
    sleep 1
  done
  echo "chaos broker ${node} did not come up; its logs are in ${dir}/log" >&2
  return 1
}

stop() {
  ctl stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  echo "chaos broker ${node} stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) ctl status >/dev/null 2>&1 && answers ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
