import type { AppDeps } from '../app-env';
import type { Platform } from '../core/inbound';
import type { Directory } from '../core/org/directory';
import { drainOutbox } from '../outbox/drain';
import { runAttachmentDownloads } from '../attachments/downloads';
import { alreadySeen, dispatch } from './dispatch';
import { commitUnitFor } from './group-commit';
import type { Dispatched, Inbound } from './inbound';

/**
 * The one receive pipeline every transport feeds (after bolt-js: receivers → App.processEvent):
 *
 *   open (verify + read, transport-specific) → dedupe → parse → dispatch → respond
 *
 * A transport (an HTTP route, a WebSocket frame handler) owns only the bytes: it hands its request to
 * `receive` with the platform's receiver and sends back the `Answer` — an HTTP body, a WebSocket ACK's
 * payload, a card callback's toast and card. A request is refused by throwing `RejectedRequest` from
 * `open` or `parse`, before anything is written. Whatever the event causes is committed with its dedupe
 * key in one transaction and delivered after the answer (`defer`: the outbox drain).
 */

/** What goes back to the platform: a JSON body, or nothing (`undefined`: an empty 200 / a bare ACK). */
export interface Answer {
  body?: object;
}

export type Opened<Event> =
  /** Authentic and readable; `dedupeKey` (when known this early) lets a redelivery skip the rest. */
  | { event: Event; dedupeKey?: string }
  /** Answered at once with nothing dispatched (Feishu's url_verification challenge). */
  | { answer: Answer };

export interface Receiver<Request, Event> {
  platform: Platform;
  /** Authenticates and reads one request; throws RejectedRequest. */
  open(request: Request, deps: AppDeps): Promise<Opened<Event>>;
  /** What the event asks of the bot; throws RejectedRequest when it lacks what its type promises. */
  parse(event: Event, dir: Directory, deps: AppDeps): Promise<Inbound>;
  /** The transport's answer to what dispatching came to (a duplicate included). */
  respond(result: Dispatched, event: Event): Answer;
  /** Stateless replies go back inside the answer (DingTalk's HTTP robot) instead of through the outbox. */
  repliesInline?: boolean;
}

export async function receive<Request, Event>(deps: AppDeps, receiver: Receiver<Request, Event>, request: Request): Promise<Answer> {
  const opened = await receiver.open(request, deps);
  if ('answer' in opened) return opened.answer;
  const { event, dedupeKey } = opened;
  if (dedupeKey && (await alreadySeen(deps, receiver.platform, dedupeKey))) return receiver.respond({ kind: 'duplicate' }, event);
  const dir = await deps.loadDirectory();
  const inbound = await receiver.parse(event, dir, deps);
  const { result, queued } = await dispatch(deps, dir, receiver.platform, inbound, { repliesInline: receiver.repliesInline, commit: commitUnitFor(deps.db) });
  // A file sent to the bot is fetched after the answer; its confirmation goes out with the drain after it.
  if (queued && inbound.kind === 'attachment') deps.defer(() => runAttachmentDownloads(deps).then(() => drainOutbox(deps)));
  else if (queued) deps.defer(() => drainOutbox(deps));
  return receiver.respond(result, event);
}
