import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commands } from '../../../src/cli/commands/index.js';

describe('the command list', () => {
  it('names each command as the module it loads registers it, so a command line naming it loads the right one', async () => {
    for (const c of commands) {
      const program = new Command();
      (await c.load()).register(program);
      expect(program.commands.map((k) => k.name())).toEqual([c.name]);
    }
  });
});
