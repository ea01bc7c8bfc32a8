// Rate-limit middleware for node:http, Express (and Connect-style frameworks) and Fastify.
//
// The frameworks are typed by the few members used here, not imported: the library has no runtime
// dependency on them, and one function serves node:http and Express alike.
//
// Every answer carries X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (epoch seconds
// when the limit is fully available again, by the server's clock); a rejected request gets 429 with
// Retry-After (whole seconds, rounded up) and a JSON body. When Redis fails, the error goes to the
// framework (next(err), a rejected hook) unless `failOpen` lets the request through.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RateLimiter, RateLimitResult } from './rate-limiter.js';

/** What the key function may read from a request (node:http's IncomingMessage has all of it). */
export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string } | null;
  ip?: string;
}

export interface RateLimitMiddlewareOptions<Req extends RequestLike = RequestLike> {
  /** The limited key for a request (default: the client's address). */
  key?: (req: Req) => string;
  /** Let requests through when Redis fails (default false: the error reaches the framework). */
  failOpen?: boolean;
  /** The body of a 429 answer (default a JSON error with retryAfter in seconds). */
  message?: (result: RateLimitResult) => unknown;
}

function clientAddress(req: RequestLike): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}

/** The headers of a rate-limited answer, by name. */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(result.limit),
    'X-RateLimit-Remaining': String(Math.max(0, result.remaining)),
    'X-RateLimit-Reset': String(Math.ceil(result.resetAt / 1000)),
  };
  if (!result.allowed) headers['Retry-After'] = String(Math.max(1, Math.ceil(result.retryAfter / 1000)));
  return headers;
}

function defaultMessage(result: RateLimitResult): unknown {
  return { error: 'Too Many Requests', retryAfter: Math.max(1, Math.ceil(result.retryAfter / 1000)) };
}

/** The response members used: node:http's ServerResponse and Express's Response both have them. */
export interface ResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
  headersSent?: boolean;
}

/**
 * Middleware for node:http, Express and Connect: `(req, res, next)`. Allowed requests go to `next()`;
 * rejected ones are answered 429 here. Also usable without `next`: it resolves to true when the
 * request may proceed (a plain node:http handler checks that and returns otherwise).
 */
export function rateLimitMiddleware<
  Req extends RequestLike = IncomingMessage,
  Res extends ResponseLike = ServerResponse,
>(
  limiter: RateLimiter,
  options: RateLimitMiddlewareOptions<Req> = {},
): (req: Req, res: Res, next?: (err?: unknown) => void) => Promise<boolean> {
  const keyOf = options.key ?? clientAddress;
  const message = options.message ?? defaultMessage;
  return async (req, res, next) => {
    let result: RateLimitResult;
    try {
      result = await limiter.isAllowed(keyOf(req));
    } catch (err) {
      if (options.failOpen) {
        next?.();
        return true;
      }
      if (next) next(err);
      else throw err;
      return false;
    }
    for (const [name, value] of Object.entries(rateLimitHeaders(result))) res.setHeader(name, value);
    if (result.allowed) {
      next?.();
      return true;
    }
    res.statusCode = 429;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(message(result)));
    return false;
  };
}

/** The Fastify request and reply members used by the hook. */
export interface FastifyRequestLike extends RequestLike {
  ip: string;
}
export interface FastifyReplyLike {
  header(name: string, value: string): unknown;
  code(status: number): FastifyReplyLike;
  send(body?: unknown): unknown;
}

/**
 * A Fastify onRequest hook: `app.addHook('onRequest', rateLimitHook(limiter))`. A rejected request is
 * answered 429 and goes no further; a Redis error rejects the hook (Fastify answers 500) unless failOpen.
 */
export function rateLimitHook<Req extends FastifyRequestLike = FastifyRequestLike>(
  limiter: RateLimiter,
  options: RateLimitMiddlewareOptions<Req> = {},
): (request: Req, reply: FastifyReplyLike) => Promise<unknown> {
  const keyOf = options.key ?? clientAddress;
  const message = options.message ?? defaultMessage;
  return async (request, reply) => {
    let result: RateLimitResult;
    try {
      result = await limiter.isAllowed(keyOf(request));
    } catch (err) {
      if (options.failOpen) return undefined;
      throw err;
    }
    for (const [name, value] of Object.entries(rateLimitHeaders(result))) reply.header(name, value);
    // An async hook that answered returns the reply, so Fastify stops the request there.
    if (!result.allowed) return reply.code(429).send(message(result));
    return undefined;
  };
}
