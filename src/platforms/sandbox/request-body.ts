import type { z } from 'zod';
import { parseBoundedJson } from '../bounded-json';

export type BodyResult<T> = { ok: true; data: T } | { ok: false; error: string };

const describeIssues = (error: z.ZodError) => error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('；');

/** A sandbox request's JSON body, bounded like every parsed request value, then checked against its schema. */
export async function readBody<T extends z.ZodType>(schema: T, req: { text(): Promise<string> }): Promise<BodyResult<z.infer<T>>> {
  const json = parseBoundedJson(await req.text());
  if (!json.ok) return { ok: false, error: `请求体${json.error}` };
  const body = schema.safeParse(json.value);
  return body.success ? { ok: true, data: body.data } : { ok: false, error: describeIssues(body.error) };
}
