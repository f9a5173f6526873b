import { MASK, Secret } from '@usesync/domain';
import fc from 'fast-check';
import { type Endpoint, OPTION_NAMES, type Rule, type RuleOption, type RuleSet } from '../src/index.js';

const lower = 'abcdefghijklmnopqrstuvwxyz';
const label = fc.string({ unit: fc.constantFrom(...`${lower}0123456789`), minLength: 1, maxLength: 8 });
const domain = fc
  .tuple(
    fc.array(label, { minLength: 1, maxLength: 3 }),
    fc.string({ unit: fc.constantFrom(...lower), minLength: 2, maxLength: 4 }),
  )
  .map(([ls, tld]) => [...ls, tld].join('.'));
const local = fc
  .string({ unit: fc.constantFrom(...`${lower}0123456789._+-`), minLength: 1, maxLength: 10 })
  .filter((s) => !s.startsWith('.') && !s.endsWith('.') && !s.includes('..'));
const address = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);
const groupName = fc.string({
  unit: fc.constantFrom(...`${lower}ABCÄü0123456789_.-`),
  minLength: 1,
  maxLength: 12,
});

/** Any endpoint in its normalised form. */
export const endpoint: fc.Arbitrary<Endpoint> = fc.oneof(
  fc.constant<Endpoint>({ kind: 'any' }),
  address.map((a): Endpoint => ({ kind: 'address', address: a })),
  domain.map((d): Endpoint => ({ kind: 'domain', domain: d })),
  groupName.map((n): Endpoint => ({ kind: 'group', name: n })),
);

/** Free text as a comment or password may hold it: no `;`, no line break, trimmed, not empty. */
const freeText = fc
  .string({ unit: fc.constantFrom(...'aZ09 \t:#*@$!"()<>,.ü•😀-_=/\\'), minLength: 1, maxLength: 20 })
  .map((s) => s.trim())
  .filter((s) => s !== '' && s !== MASK);

function optionOf(name: (typeof OPTION_NAMES)[number]): fc.Arbitrary<RuleOption> {
  switch (name) {
    case 'fs':
      return fc
        .option(address, { nil: undefined })
        .map((key): RuleOption => (key === undefined ? { name } : { name, key }));
    case 'comment':
      return freeText.map((text): RuleOption => ({ name, text }));
    case 'swm':
      return fc
        .option(freeText, { nil: undefined })
        .map((p): RuleOption => (p === undefined ? { name } : { name, password: new Secret(p) }));
    default:
      return fc.constant({ name });
  }
}

/** A non-empty set of options in canonical order. */
export const options: fc.Arbitrary<RuleOption[]> = fc
  .subarray([...OPTION_NAMES], { minLength: 1 })
  .chain((names) => fc.tuple(...names.map(optionOf)));

/** A rule set whose rules carry lines 1..n and no source positions. */
export const ruleSet: fc.Arbitrary<RuleSet> = fc
  .record({
    rules: fc.array(fc.record({ from: endpoint, to: endpoint, options }), { maxLength: 8 }),
    terminated: fc.boolean(),
  })
  .map(({ rules, terminated }) => ({
    rules: rules.map((r, i): Rule => ({ line: i + 1, ...r })),
    terminated,
  }));

/** A rule as plain data: no positions, passwords revealed (for equality checks in tests only). */
export function plain(rule: Rule): unknown {
  return {
    line: rule.line,
    from: rule.from,
    to: rule.to,
    options: rule.options.map((o) =>
      o.name === 'swm' && o.password !== undefined ? { name: 'swm', password: o.password.reveal() } : o,
    ),
  };
}

const junk = fc.string({ maxLength: 6 });
const endpointText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('*', 'group:g', 'GROUP: Dev_1', 'A.com', 'a@b.com', ' x@Y.com ', 'b.org'),
  },
  { weight: 1, arbitrary: fc.constantFrom('group:', 'a b.com', 'grp:x', '', '#####') },
  { weight: 1, arbitrary: junk },
);
const optionText = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      'se',
      ' SS ',
      'fe',
      'me',
      'fs',
      'fs: x@y.com',
      'notify',
      'comment: hi  there: #1',
      'swm',
      'swm:p$w:1',
      'untouched',
      'atk',
      'pdf',
      'pgp',
      'smime',
      'zip',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('fx', 'se:1', 'comment', 'swm:', ':', '') },
  { weight: 1, arbitrary: junk },
);
const separator = fc.constantFrom(';', ' ; ', ';\t');
const line = fc
  .tuple(endpointText, separator, endpointText, fc.array(fc.tuple(separator, optionText), { maxLength: 4 }))
  .map(([f, s, t, os]) => f + s + t + os.map(([a, b]) => a + b).join(''));

/** Lines that are often rules, sometimes almost: valid and invalid fields with random spacing. */
export const ruleishText: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(
      fc.oneof({ weight: 6, arbitrary: line }, { weight: 1, arbitrary: fc.constantFrom('', '#####', '  ') }),
      { maxLength: 8 },
    ),
    fc.constantFrom('\n', '\r\n', '\r'),
  )
  .map(([lines, eol]) => lines.join(eol));
