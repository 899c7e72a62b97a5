import { brokerUserOf } from './broker-user.js';

/** More broker URLs than any cluster has nodes is a configuration mistake, not a topology. */
export const MAX_BROKER_URLS = 16;

/**
 * The nodes of one RabbitMQ cluster: an array of URLs, or one string with the URLs separated by
 * commas (`amqp://u:p@mq-1:5672/v,amqp://u:p@mq-2:5672/v`). Every URL must be amqp:// or
 * amqps:// and log in as the same user, since that user is the `user-id` every message carries
 * whichever node took it. Throws a RangeError naming the first problem.
 */
export function brokerUrlsOf(value: string | readonly string[]): string[] {
  const urls = (typeof value === 'string' ? value.split(',') : [...value]).map((url) => url.trim());
  if (urls.length === 0 || urls.some((url) => url === '')) throw new RangeError('expected one or more broker URLs, comma-separated, none empty');
  if (urls.length > MAX_BROKER_URLS) throw new RangeError(`expected at most ${MAX_BROKER_URLS} broker URLs, got ${urls.length}`);
  // Positions, not values: a URL may carry a password.
  urls.forEach((url, i) => {
    if (!URL.canParse(url) || !/^amqps?:$/.test(new URL(url).protocol))
      throw new RangeError(`expected amqp:// or amqps:// URLs; URL ${i + 1} is not one`);
  });
  const users = urls.map(brokerUserOf);
  const other = users.findIndex((user) => user !== users[0]);
  if (other > 0) throw new RangeError(`every broker URL must log in as the same user; URL ${other + 1} names another user than URL 1`);
  return urls;
}

/** `amqp://user@host:port/vhost`: a URL fit for a log line (no password). */
export function redactedBrokerUrl(url: string): string {
  if (!URL.canParse(url)) return '(not a URL)';
  const parsed = new URL(url);
  parsed.password = '';
  parsed.search = '';
  return parsed.toString();
}

/** amqplib's object form of a broker address (`Options.Connect`): it reads these fields on every connection attempt. */
export interface AmqpAddress {
  protocol: string;
  hostname: string;
  port: number | undefined;
  username: string | undefined;
  password: string | undefined;
  vhost: string;
  locale: string | undefined;
  channelMax: number | undefined;
  frameMax: number | undefined;
  heartbeat: number | undefined;
  maxFrameSize: number | undefined;
}

/**
 * The fields amqplib derives from a URL string, in its object form: host without IPv6 brackets,
 * user and password percent-decoded (both absent when the URL names neither: amqplib then logs in
 * as guest), the vhost still escaped (amqplib unescapes it), `heartbeat`, `frameMax`, `channelMax`,
 * `maxFrameSize` and `locale` from the query.
 */
export function amqpAddressOf(url: string): AmqpAddress {
  const parts = new URL(url);
  const query = parts.searchParams;
  const int = (name: string): number | undefined => (query.has(name) ? Number.parseInt(query.get(name)!, 10) : undefined);
  const named = parts.username !== '' || parts.password !== '';
  return {
    protocol: parts.protocol.slice(0, -1),
    hostname: parts.hostname.replace(/^\[|\]$/g, ''),
    port: parts.port === '' ? undefined : Number(parts.port),
    username: named ? decodeURIComponent(parts.username) : undefined,
    password: named ? decodeURIComponent(parts.password) : undefined,
    vhost: parts.pathname.slice(1),
    locale: query.get('locale') ?? undefined,
    channelMax: int('channelMax'),
    frameMax: int('frameMax'),
    heartbeat: int('heartbeat'),
    maxFrameSize: query.has('maxFrameSize') ? Number(query.get('maxFrameSize')) : undefined,
  };
}

/** Waits between connection attempts. */
export interface BrokerBackoff {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Spreads connection attempts over the nodes of a cluster. amqplib's recovery retries the one
 * address it was given; handed `address` (an object it re-reads on every attempt) and
 * `calculateDelay`, it tries the next node on each retry instead: after a node dies, the next
 * attempt goes to a live one. The wait doubles per full round over the nodes (with ±20 %
 * jitter), so a whole cluster down is retried as gently as a single broker.
 */
export class BrokerAddressRotation {
  readonly urls: readonly string[];
  /** The address amqplib connects to; `calculateDelay` points it at the next node. */
  readonly address: AmqpAddress;
  private index = 0;

  constructor(
    urls: string | readonly string[],
    private readonly backoff: BrokerBackoff,
    private readonly random: () => number = Math.random,
  ) {
    this.urls = brokerUrlsOf(urls);
    this.address = amqpAddressOf(this.urls[0]!);
  }

  /** The node the next (or current) connection goes to, without its password. */
  get current(): string {
    return redactedBrokerUrl(this.urls[this.index]!);
  }

  /** amqplib's `recovery.calculateDelay`: moves to the next node and says how long to wait before trying it. */
  readonly calculateDelay = (attempt: number): number => {
    this.index = (this.index + 1) % this.urls.length;
    Object.assign(this.address, amqpAddressOf(this.urls[this.index]!));
    const round = Math.floor((Math.max(1, attempt) - 1) / this.urls.length);
    const base = Math.min(this.backoff.maxDelayMs / 1.2, this.backoff.initialDelayMs * 2 ** Math.min(round, 30));
    return Math.max(0, Math.round(base * (0.8 + 0.4 * this.random())));
  };
}
