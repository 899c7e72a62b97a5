#!/usr/bin/env bash
# A three-node RabbitMQ cluster on this machine, loopback only, beside the shared broker
# (rabbit@localhost, 5672), which it never touches. Used by `npm run chaos:cluster` (fault 21).
#   scripts/rabbitmq-cluster.sh start        start the nodes that are not running and join them into
#                                            one cluster (idempotent: also restarts a node that died)
#   scripts/rabbitmq-cluster.sh stop         stop every node and delete their data
#   scripts/rabbitmq-cluster.sh status       exit 0 when all three run as one cluster
#   scripts/rabbitmq-cluster.sh kill <1-3>   SIGKILL one node's Erlang VM (a node that dies)
#   scripts/rabbitmq-cluster.sh urls         the AMQP URLs of the three nodes, comma-separated
# Node i (1..3): saga-mq-i@localhost, AMQP 127.0.0.1:568i, management 127.0.0.1:1568i, Erlang
# distribution 2568i; data and logs under RABBITMQ_CLUSTER_DIR (default /tmp/saga-rabbitmq-cluster)/node-i.
# The nodes share the rabbitmq user's Erlang cookie (the Debian wrappers run them as that user).
set -euo pipefail

dir="${RABBITMQ_CLUSTER_DIR:-/tmp/saga-rabbitmq-cluster}"
nodes=(1 2 3)

name() { echo "saga-mq-$1@localhost"; }
amqp_port() { echo $((5680 + $1)); }
management_port() { echo $((15680 + $1)); }
ctl() { local node=$1; shift; rabbitmqctl -q -n "$(name "$node")" "$@"; }
answers() { curl -sf -u guest:guest "http://127.0.0.1:$(management_port "$1")/api/overview" >/dev/null 2>&1; }
running() { ctl "$1" status >/dev/null 2>&1 && answers "$1"; }

start_node() {
  local i=$1 home="$dir/node-$1"
  if running "$i"; then return 0; fi
  mkdir -p "$home/mnesia" "$home/log"
  cat >"$home/rabbitmq.conf" <<CONF
listeners.tcp.local = 127.0.0.1:$(amqp_port "$i")
management.tcp.port = $(management_port "$i")
management.tcp.ip = 127.0.0.1
# Lean: three nodes share two cores with everything else.
management.rates_mode = none
collect_statistics_interval = 10000
CONF
  echo '[rabbitmq_management].' >"$home/enabled_plugins"
  if id rabbitmq >/dev/null 2>&1; then chown -R rabbitmq:rabbitmq "$home"; fi
  # One scheduler each and no busy-waiting: three idle nodes then cost almost no CPU.
  RABBITMQ_NODENAME="$(name "$i")" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$(amqp_port "$i")" \
    RABBITMQ_DIST_PORT="$((25680 + i))" RABBITMQ_CONFIG_FILE="$home/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$home/enabled_plugins" RABBITMQ_MNESIA_BASE="$home/mnesia" \
    RABBITMQ_LOG_BASE="$home/log" RABBITMQ_PID_FILE="$home/node.pid" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="+S 1:1 +A 4 +sbwt none +sbwtdcpu none +sbwtdio none" \
    rabbitmq-server -detached
  for _ in $(seq 1 120); do
    if running "$i"; then return 0; fi
    sleep 1
  done
  echo "RabbitMQ node $(name "$i") did not come up; its logs are in $home/log" >&2
  return 1
}

# Whether node i lists node 1 among the running nodes of its cluster.
joined() {
  ctl "$1" cluster_status --formatter json 2>/dev/null | grep -q "\"running_nodes\":\[[^]]*\"$(name 1)\""
}

join_node() {
  local i=$1 log="$dir/node-$1/join.log"
  if joined "$i"; then return 0; fi
  # A fresh node's data is empty: reset it and join node 1 (its output only matters when this fails).
  if ! { ctl "$i" stop_app && ctl "$i" reset && ctl "$i" join_cluster "$(name 1)" && ctl "$i" start_app \
    && ctl "$i" await_startup --timeout 120; } >"$log" 2>&1; then
    cat "$log" >&2
    return 1
  fi
}

start() {
  # The nodes boot side by side (each takes seconds of CPU); a node that is already up is left as it is.
  local pids=()
  for i in "${nodes[@]}"; do start_node "$i" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid"; done
  for i in 2 3; do join_node "$i"; done
  status || { echo "the three nodes did not form one cluster" >&2; return 1; }
  echo "RabbitMQ cluster up: $(urls)"
}

stop() {
  for i in "${nodes[@]}"; do
    ctl "$i" stop >/dev/null 2>&1 || true
    local pid_file="$dir/node-$i/node.pid"
    # A node that does not stop politely within the timeout above is killed.
    if [ -s "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then kill -9 "$(cat "$pid_file")" || true; fi
  done
  rm -rf "$dir"
  echo "RabbitMQ cluster stopped"
}

status() {
  for i in "${nodes[@]}"; do running "$i" || return 1; done
  [ "$(ctl 1 cluster_status --formatter json | grep -o '"running_nodes":\[[^]]*\]' | grep -o 'saga-mq-' | wc -l)" -eq 3 ]
}

kill_node() {
  local i=$1 pid_file="$dir/node-$1/node.pid"
  [ -s "$pid_file" ] || { echo "node $i has no pid file ($pid_file)" >&2; return 1; }
  kill -9 "$(cat "$pid_file")"
  echo "RabbitMQ node $(name "$i") killed"
}

urls() {
  local list=()
  for i in "${nodes[@]}"; do list+=("amqp://guest:guest@127.0.0.1:$(amqp_port "$i")"); done
  (IFS=,; echo "${list[*]}")
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  kill) [[ "${2:-}" =~ ^[123]$ ]] || { echo "usage: $0 kill 1|2|3" >&2; exit 2; }; kill_node "$2" ;;
  urls) urls ;;
  *) echo "usage: $0 start|stop|status|kill <1-3>|urls" >&2; exit 2 ;;
esac
