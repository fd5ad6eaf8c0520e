import { buildRegistry, type CommandRegistry } from './registry';
import { helpCommand } from './help';
import { outboxFailuresCommand, outboxRetryAction } from './outbox-failures';
import type { CardAction, Command } from './types';

const commands: Command[] = [outboxFailuresCommand];
const actions: CardAction[] = [outboxRetryAction];

export const registry: CommandRegistry = buildRegistry(
  [...commands, helpCommand(() => registry)],
  actions,
);
