import { buildRegistry, type CommandRegistry } from './registry';
import { helpCommand } from './help';
import type { CardAction, Command } from './types';

const commands: Command[] = [];
const actions: CardAction[] = [];

export const registry: CommandRegistry = buildRegistry(
  [...commands, helpCommand(() => registry)],
  actions,
);
