import { z } from 'zod';

/**
 * The Stream protocol's JSON frames: what the gateway pushes (SYSTEM / EVENT / CALLBACK, `data` a
 * JSON string) and the ACK the client answers each with, keyed by the frame's messageId.
 * https://open.dingtalk.com/document/direction/stream-mode-protocol-access-description
 */

const downstream = z.object({
  specVersion: z.string().optional(),
  type: z.enum(['SYSTEM', 'EVENT', 'CALLBACK']),
  headers: z.looseObject({ messageId: z.string().optional(), topic: z.string().optional() }),
  data: z.string().default(''),
});

export type DownstreamFrame = z.infer<typeof downstream>;

/** A frame, or undefined when the text is not one (logged and dropped by the caller). */
export function parseFrame(text: string): DownstreamFrame | undefined {
  try {
    const parsed = downstream.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The client's answer to one frame; `data` is already a JSON string, as the protocol wants. */
export function ackFrame(messageId: string, data: string, code = 200): string {
  return JSON.stringify({ code, headers: { contentType: 'application/json', messageId }, message: code === 200 ? 'OK' : 'internal error', data });
}

/** A callback's ACK carries the answer as `{response}`: null for robot messages, the card update for card clicks. */
export const callbackAckData = (response: unknown) => JSON.stringify({ response: response ?? null });

/** Events are acknowledged as consumed so the gateway does not push them again. */
export const EVENT_ACK_DATA = JSON.stringify({ status: 'SUCCESS', message: 'OK' });
