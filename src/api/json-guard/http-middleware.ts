import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Connect/Express middleware, typed on Node's own request and response. */
export type HttpMiddleware<Request extends IncomingMessage = IncomingMessage> = (
  request: Request,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;
