import { Command, Help } from 'commander';
import { describe, expect, test } from 'vitest';
import { commandOf, commands } from '../src/commands/index.js';
import { run } from './helpers.js';

const io = {
  out: () => {},
  err: () => {},
  readFile: async () => new Uint8Array(),
  env: {},
  cwd: '/',
  isTTY: false,
};

describe('the lazily loaded command table', () => {
  test.each(commands.map((c) => [c.name, c] as const))(
    'the table entry of `%s` says what its module registers (name, help term, description)',
    async (_name, entry) => {
      const program = new Command();
      (await entry.load())(program, io, () => {});
      const registered = program.commands.find((c) => c.name() === entry.name);
      expect(registered).toBeDefined();
      if (!registered) return;
      expect(entry.description).toBe(registered.description());
      expect(entry.term).toBe(new Help().subcommandTerm(registered));
    },
  );

  test.each([
    [['validate', 'a.useimport'], 'validate'],
    [['help', 'apply'], 'apply'],
    [['--help'], undefined],
    [['help'], undefined],
    [['nosuch'], undefined],
    [[], undefined],
  ] as const)('argument list %j runs command %s', (argv, name) => {
    expect(commandOf(argv)?.name).toBe(name);
  });

  test('the top-level help lists every command without loading them', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of commands) expect(r.out).toContain(`  ${c.term} `);
  });

  test('a command’s own help shows its options (the module is loaded for it)', async () => {
    const r = await run(['help', 'ledger']);
    expect(r.out).toContain('--tenant <id>');
    const r2 = await run(['ledger', '--help']);
    expect(r2.out).toContain('--json');
  });

  test('an unknown command is a usage error with a suggestion', async () => {
    const r = await run(['valdate', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('validate');
  });
});
