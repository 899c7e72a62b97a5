import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { exceptionToProblem } from './exception-to-problem.util.js';
import { findAllowedMethods } from './find-allowed-methods.util.js';
import { PROBLEM_JSON_MEDIA_TYPE } from './problem-details.js';

/** The parts of the Express request the filter reads. */
interface RequestLike {
  method: string;
  originalUrl?: string;
  url: string;
  app?: unknown;
}

/** The parts of the Node response the filter writes. */
interface ResponseLike {
  headersSent: boolean;
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * The one global exception filter: every error response of the API is RFC 9457
 * `application/problem+json`. Stack traces and internal messages go to the log, never to the client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<RequestLike>();
    const response = http.getResponse<ResponseLike>();
    const path = (request.originalUrl ?? request.url).split('?')[0] ?? '/';
    const { body, headers } = exceptionToProblem(exception, {
      method: request.method,
      path,
      allowedMethods: () => findAllowedMethods(request.app, path),
    });
    if (body.status >= 500) {
      this.logger.error(`${request.method} ${path} failed`, exception instanceof Error ? exception.stack : String(exception));
    }
    if (response.headersSent) {
      // Too late for a problem body: the status line is out. End the response so the client is not left waiting.
      response.end();
      return;
    }
    response.statusCode = body.status;
    response.setHeader('content-type', `${PROBLEM_JSON_MEDIA_TYPE}; charset=utf-8`);
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.end(JSON.stringify(body));
  }
}
