#!/usr/bin/env bash
# Creates a RabbitMQ vhost and one user per service with least-privilege permissions for the
# saga protocol (packages/contracts/src/topology.ts), using rabbitmqctl. Idempotent: re-running updates
# passwords and permissions. Prints one AMQP URL per service (passwords are shown only here), then
# PARTICIPANT_BROKER_USERS for the coordinator: which user each participant publishes as. Every
# party sends its own user as the AMQP user-id (RabbitMQ refuses any other value, no permission
# needed), and the coordinator accepts a participant's replies and announcements only from its user.
#
#   VHOST=saga scripts/rabbitmq-least-privilege.sh
#
# Environment (all optional):
#   VHOST                 vhost to create                          (default: saga)
#   PARTICIPANTS          participant names, space-separated       (default: "inventory payment shipping")
#   USER_PREFIX           prefix of every user name                (default: none)
#   <NAME>_PASSWORD       password of a service, e.g. COORDINATOR_PASSWORD, INVENTORY_PASSWORD
#                         (default: 32 random characters)
#   AMQP_HOST             host:port in the printed URLs            (default: localhost:5672)
#   PARTICIPANT_DECLARES_SHARED_TOPOLOGY
#                         false (default): run the participants with the same variable set to false
#                         (SDK option `declareSharedTopology: false`): they only check the shared
#                         exchanges passively, the coordinator declares them (start it first), and a
#                         participant may configure its own queue alone. true: for participants that
#                         declare the shared exchanges and the dead-letter queue themselves (the SDK's
#                         default), which then also need configure on those names.
#   RABBITMQCTL           the rabbitmqctl command                  (default: rabbitmqctl)
#
# What each user may do (RabbitMQ checks configure on declare/delete, write on publish and on the
# queue of a binding, read on consume and on the exchange of a binding):
# Nobody has the `impersonator` tag: it would let a user send another user's user-id.
#   coordinator  declares the exchanges saga.commands, saga.replies, saga.dead-letter, its own
#                saga.coordinator (parent <-> child saga messages), saga.events (lifecycle events)
#                and its queues saga.replies, saga.dead-letter and saga.webhooks (bound to
#                saga.events, feeding the webhook deliveries); publishes commands (saga.commands),
#                child saga messages (saga.coordinator), lifecycle events (saga.events) and dead
#                letters; consumes saga.replies and saga.webhooks. It cannot read any
#                participant queue. Participants cannot publish to saga.coordinator.
#   participant  declares and binds its own queue saga.participant.<name>, consumes only it, and
#                publishes replies/announcements (saga.replies) and dead letters. It cannot publish
#                commands, nor read another participant's queue or the coordinator's replies.
#   event subscriber (any service that binds a queue to saga.events, e.g. for order.compensated;
#                not created here): configure and write on its own queue, read on saga.events and on
#                its queue, e.g. configure '^billing\.events$' write '^billing\.events$'
#                read '^(saga\.events|billing\.events)$'. Only the coordinator may write saga.events,
#                so nobody else can forge a lifecycle event; participants have no access to it.
# Exchange and queue share the names saga.replies and saga.dead-letter, and RabbitMQ matches a
# permission regex against the name only: the coordinator's write on saga.replies (needed to bind
# its queue) would also let it publish replies; it is trusted to run the protocol anyway.
set -euo pipefail

VHOST="${VHOST:-saga}"
PARTICIPANTS="${PARTICIPANTS:-inventory payment shipping}"
USER_PREFIX="${USER_PREFIX:-}"
AMQP_HOST="${AMQP_HOST:-localhost:5672}"
SHARED="${PARTICIPANT_DECLARES_SHARED_TOPOLOGY:-false}"
CTL="${RABBITMQCTL:-rabbitmqctl}"

die() { echo "rabbitmq-least-privilege: $*" >&2; exit 1; }
ctl() { $CTL --quiet "$@" >/dev/null; }
random_password() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }
# Percent-encodes a vhost or password for an AMQP URL.
urlencode() { node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$1"; }

[[ "$VHOST" =~ ^[A-Za-z0-9._-]+$ ]] || die "VHOST must match [A-Za-z0-9._-]+"
[[ "$SHARED" == true || "$SHARED" == false ]] || die "PARTICIPANT_DECLARES_SHARED_TOPOLOGY must be true or false"
for name in $PARTICIPANTS; do
  [[ "$name" =~ ^[a-z][a-z0-9-]*$ ]] || die "participant name '$name' must match [a-z][a-z0-9-]* (it becomes part of a regex)"
done

# Creates or updates a user and sets its permissions on the vhost; prints its URL.
grant() {
  local service="$1" configure="$2" write="$3" read="$4"
  local user="${USER_PREFIX}${service}"
  local variable
  variable="$(echo "$service" | tr 'a-z-' 'A-Z_')_PASSWORD"
  local password="${!variable:-$(random_password)}"
  if $CTL --quiet list_users | awk '{print $1}' | grep -qx -- "$user"; then
    ctl change_password "$user" "$password"
  else
    ctl add_user "$user" "$password"
  fi
  ctl set_user_tags "$user"
  ctl set_permissions -p "$VHOST" "$user" "$configure" "$write" "$read"
  echo "$(echo "$service" | tr 'a-z-' 'A-Z_')_RABBITMQ_URL=amqp://$(urlencode "$user"):$(urlencode "$password")@${AMQP_HOST}/$(urlencode "$VHOST")"
}

if ! $CTL --quiet list_vhosts | grep -qx -- "$VHOST"; then ctl add_vhost "$VHOST"; fi

grant coordinator \
  '^saga\.(commands|replies|dead-letter|coordinator|events|webhooks)$' \
  '^saga\.(commands|replies|dead-letter|coordinator|events|webhooks)$' \
  '^saga\.(replies|dead-letter|coordinator|events|webhooks)$'

for name in $PARTICIPANTS; do
  own="saga\\.participant\\.${name}"
  if [[ "$SHARED" == true ]]; then
    grant "$name" "^(saga\\.(commands|replies|dead-letter)|${own})\$" "^(saga\\.(replies|dead-letter)|${own})\$" "^(saga\\.(commands|dead-letter)|${own})\$"
  else
    grant "$name" "^${own}\$" "^(saga\\.(replies|dead-letter)|${own})\$" "^(saga\\.commands|${own})\$"
  fi
done

users=""
for name in $PARTICIPANTS; do users="${users:+$users,}${name}:${USER_PREFIX}${name}"; done
echo "PARTICIPANT_BROKER_USERS=${users}"

echo "# vhost ${VHOST}: permissions" >&2
$CTL --quiet list_permissions -p "$VHOST" >&2
