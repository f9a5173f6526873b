import { describe, expect, test } from 'vitest';
import {
  escapeCell,
  parseSemiAutoCsv,
  renderSemiAutoCsv,
  type SemiAutoRow,
  semiAutoRows,
  unescapeCell,
} from '../src/index.js';
import { examplePlan } from './fixtures.js';

const products = { personal: 'SwissSign Personal S/MIME', team: 'SwissSign Team S/MIME' };

const rows: SemiAutoRow[] = [
  {
    address: 'support@company.com',
    name: 'Support',
    team: true,
    product: products.team,
    reason: 'keystate 1 and no active certificate',
  },
  {
    address: 'john.doe@company.com',
    name: 'John Doe',
    givenName: 'John',
    surname: 'Doe',
    team: false,
    product: products.personal,
    reason: 'renewal of 1a2b (expires 2022-06-02T10:00:00Z); "urgent"',
  },
];

describe('semi-automatic CSV', () => {
  test('rows come from the semi-automatic creations of a plan', () => {
    expect(semiAutoRows(examplePlan('semi-automatic').actions, products)).toEqual([
      {
        address: 'support@company.com',
        name: 'Support',
        team: true,
        product: products.team,
        reason: 'keystate 1 and no active certificate',
      },
    ]);
    expect(semiAutoRows(examplePlan('automatic').actions, products)).toEqual([]);
  });

  test('renders as the snapshot', () => {
    expect(renderSemiAutoCsv(rows)).toBe(
      [
        'address;name;givenname;surname;type;product;reason',
        'support@company.com;Support;;;team;SwissSign Team S/MIME;keystate 1 and no active certificate',
        'john.doe@company.com;John Doe;John;Doe;personal;SwissSign Personal S/MIME;"renewal of 1a2b (expires 2022-06-02T10:00:00Z); ""urgent"""',
        '',
      ].join('\r\n'),
    );
  });

  test.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd', "'quoted"])(
    'a cell starting with %j gets a leading apostrophe and reads back unchanged',
    (value) => {
      expect(escapeCell(value)).toBe(`'${value}`);
      expect(unescapeCell(escapeCell(value))).toBe(value);
      const csv = renderSemiAutoCsv([{ ...(rows[0] as SemiAutoRow), name: value }]);
      const cell = csv.split('\r\n')[1]?.split(';')[1] ?? '';
      expect(cell.replace(/^"|"$/g, '').startsWith("'")).toBe(true);
    },
  );

  test('no rendered cell starts with a formula character', () => {
    const evil = rows.map((r) => ({ ...r, name: '=cmd|"/c calc"!A0', reason: '@x', product: '+p' }));
    const csv = renderSemiAutoCsv(evil);
    const cells = csv
      .split('\r\n')
      .flatMap((l) => l.split(';'))
      .map((c) => c.replace(/^"/, ''));
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });

  test('parsing the rendered CSV gives the rows back', () => {
    const evil: SemiAutoRow = { ...(rows[1] as SemiAutoRow), name: '=Doe; John', reason: 'line\nbreak' };
    const parsed = parseSemiAutoCsv(renderSemiAutoCsv([...rows, evil]));
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.value).toEqual([...rows, evil]);
  });

  test('accepts a BOM, LF line ends and a comma delimiter', () => {
    const text = '\uFEFFaddress,name,givenname,surname,type,product,reason\nA@B.com,A B,A,B,personal,p,r\n';
    expect(parseSemiAutoCsv(text)).toEqual({
      value: [
        {
          address: 'a@b.com',
          name: 'A B',
          givenName: 'A',
          surname: 'B',
          team: false,
          product: 'p',
          reason: 'r',
        },
      ],
      diagnostics: [],
    });
  });

  test('reports every bad row with its position and keeps the good ones', () => {
    const text = [
      'address;name;givenname;surname;type;product;reason',
      'not-an-address;X;;;team;p;r',
      'ok@company.com;OK;;;team;p;r',
      'x@company.com;X;;;robot;;r',
      'y@company.com;Y;;;team;p',
      'z@company.com;"Z;;;team;p;r',
    ].join('\r\n');
    const parsed = parseSemiAutoCsv(text);
    expect(parsed.value.map((r) => r.address)).toEqual(['ok@company.com']);
    expect(parsed.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '6:15 CSV001',
      '2:1 CSV004',
      '4:19 CSV005',
      '4:25 CSV006',
      '5:1 CSV003',
      '6:1 CSV003',
    ]);
  });

  test('a missing header is one diagnostic', () => {
    expect(parseSemiAutoCsv('a@b.com;x').diagnostics.map((d) => d.code)).toEqual(['CSV002']);
  });
});
