import { describe, expect, test } from 'vitest';
import { examples, run, tempDir, writeIn } from './helpers.js';

const rules = `${examples}12345TE_rules_2022-06-01_1600.ruleimport`;
const dir = tempDir('usesync-rules-');
const groups = writeIn(
  dir,
  'groups.useimport',
  'group:anna@lawfirm.de;lawyers\ngroup:lawfirm-two.de;lawyers\ngroup:dev@company.com;developers\n#####\n',
);

interface Explained {
  matched: { line: number; rule: string; reason: string; actions: string[]; comment?: string } | null;
  candidates: { line: number; rule: string; reason: string }[];
}

async function explain(from: string, to: string, withGroups = true): Promise<Explained> {
  const args = ['rules', 'explain', '--rules', rules, '--from', from, '--to', to, '--json'];
  const r = await run(withGroups ? [...args, '--groups', groups] : args);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Explained;
}

describe('usesync rules explain', () => {
  test.each([
    ['support@company.com', 'anna@lawfirm.de', 2, [1, 5]],
    ['support@company.com', 'someone@lawfirm-two.de', 2, [1, 5]],
    ['someone@company.com', 'x@tax-consultants.com', 3, [5]],
    ['dev@company.com', 'y@software-company-external.org', 4, [5]],
    ['someone@company.com', 'z@elsewhere.net', 5, []],
  ])('%s → %s: rule %i applies, %j lost', async (from, to, line, losers) => {
    const e = await explain(from, to);
    expect(e.matched?.line).toBe(line);
    expect(e.candidates.map((c) => c.line)).toEqual(losers);
  });

  test('the JSON names the masked rule, the reason and the actions in words', async () => {
    const e = await explain('support@company.com', 'anna@lawfirm.de');
    expect(e.matched).toEqual({
      line: 2,
      rule: 'support@company.com;group:lawyers;fe;fs:support@company.com;swm',
      reason: expect.stringContaining('`group:lawyers` (group)'),
      actions: [
        'force encrypt: send the mail only if it can be encrypted for all recipients',
        'force sign: send the mail only if it is signed, using the key of support@company.com',
        'secure webmailer: deliver via the Secure Webmailer (dedicated or as fallback)',
      ],
    });
    expect(e.candidates[0]).toEqual({
      line: 1,
      rule: 'support@company.com;*;untouched',
      reason: 'lost to line 2: recipient `group:lawyers` (group) is more specific than `*` (anyone)',
    });
  });

  test('the swm password of rule 4 never shows, in JSON or text', async () => {
    const e = await explain('dev@company.com', 'y@software-company-external.org');
    expect(e.matched!.rule).toBe('group:developers;software-company-external.org;swm:••••••');
    const text = await run([
      'rules',
      'explain',
      '--rules',
      rules,
      '--groups',
      groups,
      '--from',
      'dev@company.com',
      '--to',
      'y@software-company-external.org',
    ]);
    expect(text.out + text.err + JSON.stringify(e)).not.toContain('PA$$WORT');
    expect(text.out).toContain('applies: line 4: group:developers;software-company-external.org;swm:••••••');
    expect(text.out).toContain('preconfigured password ••••••');
  });

  test('the human output lists the applying rule, why, the actions and the losers', async () => {
    const r = await run([
      'rules',
      'explain',
      '--rules',
      rules,
      '--from',
      'a@company.com',
      '--to',
      'b@elsewhere.net',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      'a@company.com → b@elsewhere.net\n' +
        'applies: line 5: *;*;ss;se;comment:USE Mastercatcher\n' +
        '  why: the only matching rule: sender `*` (anyone), recipient `*` (anyone)\n' +
        '  actions:\n' +
        '    - should sign: try to sign the mail\n' +
        '    - should encrypt: try to encrypt the mail\n' +
        '  comment: USE Mastercatcher\n',
    );
  });

  test('without --groups nobody is in a group', async () => {
    const e = await explain('dev@company.com', 'y@software-company-external.org', false);
    expect(e.matched?.line).toBe(5);
  });

  test('matched is null when no rule applies', async () => {
    const f = writeIn(dir, 'narrow.ruleimport', 'a@company.com;*;se\n');
    const r = await run([
      'rules',
      'explain',
      '--rules',
      f,
      '--from',
      'b@company.com',
      '--to',
      'c@x.org',
      '--json',
    ]);
    expect(JSON.parse(r.out)).toEqual({ matched: null, candidates: [] });
  });

  test('a rule file with errors is rejected with every error on stderr, password masked, exit 1', async () => {
    const f = writeIn(dir, 'bad.ruleimport', '*;*;fx\n*;*;swm;PA$$WORT\n*;*\n');
    const r = await run(['rules', 'explain', '--rules', f, '--from', 'a@b.com', '--to', 'c@d.com']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('bad.ruleimport:1:5: error RULE001');
    expect(r.err).toContain('bad.ruleimport:2:9: error RULE001');
    expect(r.err).toContain('bad.ruleimport:3:4: error RULE003');
    expect(r.err).not.toContain('PA$$WORT');
  });

  test('an invalid --from is a usage error (exit 2)', async () => {
    const r = await run(['rules', 'explain', '--rules', rules, '--from', 'nobody', '--to', 'c@d.com']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--from `nobody` is not a valid address');
  });
});

describe('usesync rules print', () => {
  test('prints the canonical, masked rule set', async () => {
    const r = await run(['rules', 'print', rules]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      'support@company.com;*;untouched\n' +
        'support@company.com;group:lawyers;fe;fs:support@company.com;swm\n' +
        '*;tax-consultants.com;swm\n' +
        'group:developers;software-company-external.org;swm:••••••\n' +
        '*;*;ss;se;comment:USE Mastercatcher\n',
    );
  });

  test('a missing file is a usage error', async () => {
    const r = await run(['rules', 'print', `${dir}/missing.ruleimport`]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('ENOENT');
  });
});

describe('usesync validate with .ruleimport', () => {
  test('the example rule file is valid, kind ruleimport', async () => {
    const r = await run(['validate', '--json', rules]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).files[0]).toEqual({
      path: rules,
      kind: 'ruleimport',
      ok: true,
      diagnostics: [],
    });
  });

  test('a bad rule file is rejected with every error and the password masked in the excerpt', async () => {
    const f = writeIn(
      dir,
      'worse.ruleimport',
      'group:;*;se\r\n*;*;swm PA$$WORT\r\n*;*;se\r\n*;*;ss\r\n#####\r\nx\r\n',
    );
    const r = await run(['validate', f]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('worse.ruleimport:1:1: error RULE004');
    expect(r.out).toContain('worse.ruleimport:2:5: error RULE001');
    expect(r.out).toContain('  *;*;swm:••••••');
    expect(r.out).toContain('worse.ruleimport:4:1: warning RULE103');
    expect(r.out).toContain('worse.ruleimport:6:1: error RULE008');
    expect(r.out).not.toContain('PA$$WORT');
  });
});
