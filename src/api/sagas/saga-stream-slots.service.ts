import { Injectable, Optional } from '@nestjs/common';
import { AppConfig, loadAppConfig } from '../../config/app-config.js';
import { ApiProblemException } from '../problem/api-problem.exception.js';

/** The caps on open live streams (per replica). */
export interface SagaStreamCaps {
  readonly perKey: number;
  readonly total: number;
}

/**
 * The places for open `GET /v1/sagas/stream` connections on this replica: at most
 * `STREAM_MAX_PER_KEY` per API key and `STREAM_MAX_TOTAL` in all. Each stream holds a socket, a
 * feed subscription and its buffered events, so one key must not be able to open them without end.
 */
@Injectable()
export class SagaStreamSlots {
  private readonly caps: SagaStreamCaps;
  private readonly perKey = new Map<string, number>();
  private total = 0;

  constructor(@Optional() config?: AppConfig) {
    const { streamMaxPerKey, streamMaxTotal } = config ?? loadAppConfig({});
    this.caps = { perKey: streamMaxPerKey, total: streamMaxTotal };
  }

  /** Streams open now, in all. */
  get open(): number {
    return this.total;
  }

  /**
   * Takes a place for `key`'s new stream; returns the function that gives it back (idempotent).
   * @throws ApiProblemException `stream-limit-reached` (429) when the key or the replica is full.
   */
  take(key: string): () => void {
    const held = this.perKey.get(key) ?? 0;
    if (held >= this.caps.perKey) {
      throw new ApiProblemException(
        'stream-limit-reached',
        `The API key ${key} already holds ${held} open streams, the most STREAM_MAX_PER_KEY allows; close one before opening another.`,
        undefined,
        { 'retry-after': '5' },
      );
    }
    if (this.total >= this.caps.total) {
      throw new ApiProblemException(
        'stream-limit-reached',
        `This server already holds ${this.total} open streams, the most STREAM_MAX_TOTAL allows; retry later.`,
        undefined,
        { 'retry-after': '5' },
      );
    }
    this.perKey.set(key, held + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.perKey.get(key) ?? 1) - 1;
      if (left === 0) this.perKey.delete(key);
      else this.perKey.set(key, left);
    };
  }
}
