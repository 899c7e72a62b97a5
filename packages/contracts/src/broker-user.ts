/** The user an AMQP client logs in as when its URL names none (amqplib's default, RabbitMQ's `guest`). */
export const DefaultBrokerUser = 'guest';

/**
 * The RabbitMQ user a connection to `url` logs in as: its percent-decoded user name, or `guest`.
 * Publishers set it as the AMQP `user-id` property; RabbitMQ refuses a publish whose user-id
 * is not the connection's user, so the receiver knows who sent the message.
 */
export function brokerUserOf(url: string): string {
  const user = decodeURIComponent(new URL(url).username);
  return user === '' ? DefaultBrokerUser : user;
}
