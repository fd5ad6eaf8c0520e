// `npm run docs`: writes docs/commands.md from the command registry (test/foundation/docs.test.ts fails when it is stale).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { registry } from '../commands/index';
import { COMMAND_REFERENCE_PATH, renderCommandReference } from '../commands/reference';

const target = fileURLToPath(new URL(`../${COMMAND_REFERENCE_PATH}`, import.meta.url));
writeFileSync(target, renderCommandReference(registry));
console.log(`wrote ${COMMAND_REFERENCE_PATH} (${registry.commands.length} commands)`);
