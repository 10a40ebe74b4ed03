import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './idempotency.ts';

/**
 * The error contract ({code, message}) for the errors Fastify and Node answer before any route or
 * error handler runs: a path with a broken percent-encoding (`/v1/cards/%FF`), a path parameter
 * over the router's length limit, and requests Node's HTTP parser refuses (headers or URL over
 * 16 kB, garbage). Without these, they went out as Fastify's own `{error, code, message,
 * statusCode}` shape, which no client of the API expects.
 */
export function frameworkErrors(error: Error & { code?: string }, _req: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return sendError(reply, 414, 'URI_TOO_LONG', 'A path parameter is too long');
  return sendError(reply, 400, 'BAD_URL', 'The URL is not valid (broken percent-encoding)');
}

const CLIENT_ERRORS: Record<string, [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'HEADERS_TOO_LARGE',
    'The request line and headers are too large',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    'Request Timeout',
    'REQUEST_TIMEOUT',
    'The request took too long to arrive',
  ],
};

/** Node's `clientError`: answers in the error contract, then closes the connection (as Fastify does). */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message] = CLIENT_ERRORS[err.code ?? ''] ?? [
    400,
    'Bad Request',
    'BAD_REQUEST',
    'The request is not valid HTTP',
  ];
  const body = JSON.stringify({ code, message });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(err);
}
