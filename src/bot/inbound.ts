import type { InboundAction, InboundAttachment, InboundMessage } from '../core/inbound';
import type { ActionResponse, Message } from '../core/messages';
import type { DeliveryRecipient } from '../outbox/sender';

/**
 * What one platform event asks of the bot, whatever the transport (webhook, long connection, stream)
 * and platform: each receiver's `parse` ends here, and the pipeline dispatches from here on.
 */
export type Inbound =
  | { kind: 'message'; message: InboundMessage }
  /** A picture or file: attached to a report when it says which (attachments/receive.ts). */
  | { kind: 'attachment'; attachment: InboundAttachment }
  /**
   * A card click or form. `answerInChat`: the click came as text (a DingTalk ActionCard button), so
   * no response carries its toast or card — the answer is sent as a chat reply rendered this way.
   */
  | { kind: 'action'; action: InboundAction; answerInChat?: (response: ActionResponse) => Message }
  /** Runs no command, answered with one text (an unregistered sender, a picture instead of a command). */
  | { kind: 'reply'; dedupeKey: string; text: string; to: DeliveryRecipient; replyTo?: string }
  /** A click answered at once with a toast and nothing written (an unregistered clicker). */
  | { kind: 'refuse_click'; text: string }
  | { kind: 'ignore'; reason: string };

/** What dispatching an inbound came to; a receiver's `respond` turns it into its transport's answer. */
export type Dispatched =
  /** Seen before (a redelivery): nothing ran again. */
  | { kind: 'duplicate' }
  | { kind: 'done' }
  | { kind: 'answered'; response: ActionResponse }
  /** A stateless reply the receiver sends inline (its `repliesInline`): the text, already deduplicated. */
  | { kind: 'reply'; text: string };
