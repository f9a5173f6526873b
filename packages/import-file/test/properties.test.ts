import { type Diagnostic, Secret } from '@usesync/domain';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseUseImport, parseUseImportStream, printUseImport, type UseImportEntry } from '../src/index.js';

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const address = fc.tuple(word, word, fc.constantFrom('com', 'de', 'ch')).map(([l, d, t]) => `${l}@${d}.${t}`);
const domain = fc.tuple(word, fc.constantFrom('com', 'org')).map(([d, t]) => `${d}.${t}`);
const nameWord = fc.stringMatching(/^[A-ZÄÖÜ][a-zäöüß]{0,7}$/);
const text = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .,_-]{0,15}[A-Za-z0-9]$/);
const keyState = fc.constantFrom<0 | 1>(0, 1);

const smime: fc.Arbitrary<UseImportEntry> = fc.oneof(
  fc.record({ address, name: text, keyState }).map((r) => ({
    kind: 'smime-state' as const,
    line: 0,
    address: r.address,
    keyState: r.keyState,
    name: r.name,
    team: true,
  })),
  fc.record({ address, given: nameWord, sur: nameWord, keyState }).map((r) => ({
    kind: 'smime-state' as const,
    line: 0,
    address: r.address,
    keyState: r.keyState,
    name: `${r.given} ${r.sur}`,
    team: false,
    givenName: r.given,
    surname: r.sur,
  })),
  address.map((a) => ({ kind: 'smime-state' as const, line: 0, address: a, keyState: 0 as const })),
);

const pgp: fc.Arbitrary<UseImportEntry> = fc
  .record({
    address,
    name: text,
    keyState,
    keyLength: fc.constantFrom(1024, 2048, 4096),
    keyType: fc.constantFrom('RSA', 'DSA'),
    comment: text,
    years: fc.integer({ min: 1, max: 20 }),
  })
  .map((r) => ({
    kind: 'pgp-state' as const,
    line: 0,
    address: r.address,
    keyState: r.keyState,
    name: r.name,
    keyLength: r.keyLength as 1024 | 2048 | 4096,
    keyType: r.keyType as 'RSA' | 'DSA',
    comment: r.comment,
    validity: { amount: r.years, unit: 'y' as const },
  }));

const passphrase: fc.Arbitrary<UseImportEntry> = fc
  .stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/)
  .map((p) => ({ kind: 'passphrase' as const, line: 0, passphrase: new Secret(p) }));

const group: fc.Arbitrary<UseImportEntry> = fc
  .record({ member: fc.oneof(address, domain), group: word })
  .map((r) => ({
    kind: 'group' as const,
    line: 0,
    member: r.member,
    memberKind: r.member.includes('@') ? ('address' as const) : ('domain' as const),
    group: r.group,
  }));

const option: fc.Arbitrary<UseImportEntry> = fc.oneof(
  text.map((v) => ({ kind: 'option' as const, line: 0, option: 'action-id' as const, value: v })),
  fc
    .tuple(
      address,
      fc.constantFrom('addmailreport', 'addmailadmin', 'addmailbcc') as fc.Arbitrary<
        'addmailreport' | 'addmailadmin' | 'addmailbcc'
      >,
    )
    .map(([v, o]) => ({ kind: 'option' as const, line: 0, option: o, value: v })),
);

const entries = fc
  .array(fc.oneof(smime, pgp, passphrase, group, option), { maxLength: 30 })
  .map((es) => es.map((e, i) => ({ ...e, line: i + 1 })));

/** Secrets compare by their text; everything else structurally. */
function comparable(es: readonly UseImportEntry[]): unknown[] {
  return es.map((e) => (e.kind === 'passphrase' ? { ...e, passphrase: e.passphrase.reveal() } : e));
}

function positionsValid(ds: readonly Diagnostic[], lineCount: number): boolean {
  return ds.every((d) => d.line >= 1 && d.line <= lineCount + 1 && d.column >= 1 && d.length >= 1);
}

describe('properties', () => {
  test('print → parse gives back the generated entries, with no errors', () => {
    fc.assert(
      fc.property(entries, (es) => {
        const printed = printUseImport({ entries: es }, { revealSecrets: true });
        const { value, diagnostics } = parseUseImport(printed);
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(comparable(value.entries)).toEqual(comparable(es));
      }),
      { numRuns: 300 },
    );
  });

  test('random text never throws and every diagnostic has a valid position', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const r = parseUseImport(s);
        expect(positionsValid(r.diagnostics, r.value.lineCount)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  test('mutated valid files never throw and keep valid positions', () => {
    const mutated = fc
      .tuple(
        entries,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(';', ':', '', ' ', '\n', '#', '\u0000', 'é', '@'))),
      )
      .map(([es, edits]) => {
        let t = printUseImport({ entries: es }, { revealSecrets: true });
        for (const [at, s] of edits) {
          const i = t.length === 0 ? 0 : at % t.length;
          t = t.slice(0, i) + s + t.slice(i + (s === '' ? 1 : 0));
        }
        return t;
      });
    fc.assert(
      fc.property(mutated, (t) => {
        const r = parseUseImport(t);
        expect(positionsValid(r.diagnostics, r.value.lineCount)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test('the streaming parser yields what the whole-text parser returns, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(entries, fc.array(fc.nat({ max: 50 }), { maxLength: 10 }), async (es, cuts) => {
        const t = printUseImport({ entries: es }, { revealSecrets: true }).replace(/\n/g, '\r\n');
        const bytes = new TextEncoder().encode(t);
        const chunks: Uint8Array[] = [];
        let at = 0;
        for (const c of cuts) {
          chunks.push(bytes.slice(at, at + c));
          at += c;
        }
        chunks.push(bytes.slice(at));
        const streamed: UseImportEntry[] = [];
        const diagnostics: Diagnostic[] = [];
        for await (const ev of parseUseImportStream(chunks)) {
          if (ev.type === 'batch') streamed.push(...ev.entries);
          diagnostics.push(...ev.diagnostics);
        }
        const whole = parseUseImport(t);
        expect(comparable(streamed)).toEqual(comparable(whole.value.entries));
        expect(diagnostics.length).toBe(whole.diagnostics.length);
      }),
      { numRuns: 200 },
    );
  });
});
