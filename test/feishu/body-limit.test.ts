import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/app-env';
import { declaredBodyLimit } from '../../src/platforms/body-limit';

const MAX = 1_000;
const app = new Hono<AppEnv>();
app.post(
  '/',
  declaredBodyLimit(MAX, (c) => c.json({ error: '请求体过大' }, 400)),
  async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }),
);

let server: ReturnType<typeof serve>;
let url: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      url = `http://127.0.0.1:${info.port}/`;
      resolve();
    });
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('webhook body limit (declared length judged by the header, chunked bodies counted)', () => {
  it('passes a body within the limit, its bytes intact', async () => {
    const res = await fetch(url, { method: 'POST', body: 'x'.repeat(MAX) });
    expect(await res.json()).toEqual({ bytes: MAX });
  });

  it('refuses a body whose Content-Length is over the limit, before reading it', async () => {
    const res = await fetch(url, { method: 'POST', body: 'x'.repeat(MAX + 1) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: '请求体过大' });
  });

  it('refuses a chunked body (no Content-Length) once it grows over the limit', async () => {
    const chunks = ['x'.repeat(600), 'x'.repeat(600)];
    const body = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const res = await fetch(url, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(400);
  });

  it('answers the same through app.request (no socket), as Workers and the tests drive it', async () => {
    expect((await app.request('/', { method: 'POST', body: 'x'.repeat(MAX + 1) })).status).toBe(400);
    expect(await (await app.request('/', { method: 'POST', body: 'ok' })).json()).toEqual({ bytes: 2 });
  });
});
