import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app-env';

/**
 * Hono's `bodyLimit`, minus its cost on the common request: it reads `c.req.raw.body` first, which
 * makes @hono/node-server build a full undici Request (and its stream) for every webhook — the profile
 * of the Feishu webhook showed that as a tenth of a request's CPU (bench/). A request that declares its
 * length is judged by the header alone, as Hono does, and its bytes stay on the server's direct read
 * path; a chunked one (no length) still goes through Hono's counting reader.
 */
export function declaredBodyLimit(maxSize: number, onError: (c: Context<AppEnv>) => Response | Promise<Response>): MiddlewareHandler<AppEnv> {
  const counting = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counting(c, next);
    return Number.parseInt(length || '0', 10) > maxSize ? onError(c) : next();
  };
}
