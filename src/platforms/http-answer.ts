import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { receive, type Receiver } from '../bot/pipeline';
import { RejectedRequest } from '../bot/rejected';

/** One webhook request as every platform's receiver reads it: the raw bytes (signatures cover them) and the headers. */
export interface HttpRequest {
  raw: Uint8Array;
  header(name: string): string | undefined;
}

/**
 * The HTTP transport of the receive pipeline: request in, `Answer` or `RejectedRequest` out as JSON.
 * A platform's webhook route is this plus its receiver and body limit.
 */
export async function answerHttp(c: Context<AppEnv>, receiver: Receiver<HttpRequest, any>) {
  const request: HttpRequest = { raw: new Uint8Array(await c.req.arrayBuffer()), header: (name) => c.req.header(name) };
  try {
    const answer = await receive(c.get('deps'), receiver, request);
    return answer.body === undefined ? c.body(null, 200) : c.json(answer.body);
  } catch (error) {
    if (error instanceof RejectedRequest) return c.json({ error: error.message }, error.status);
    throw error;
  }
}
