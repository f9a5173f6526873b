/** One attribute of a distinguished name. */
export interface DnAttribute {
  /** Short name as SwissSign writes it (`cn`, `gn`, `sn`, `ou`, …), lower case. */
  readonly type: string;
  readonly value: string;
}

/** SwissSign's subject DN attribute names (lower case, aliases included) → OID. */
export const DN_ATTRIBUTE_OIDS: Readonly<Record<string, string>> = {
  c: '2.5.4.6',
  country: '2.5.4.6',
  o: '2.5.4.10',
  organization: '2.5.4.10',
  ou: '2.5.4.11',
  organizationalunit: '2.5.4.11',
  t: '2.5.4.12',
  title: '2.5.4.12',
  cn: '2.5.4.3',
  commonname: '2.5.4.3',
  sn: '2.5.4.4',
  surname: '2.5.4.4',
  gn: '2.5.4.42',
  givenname: '2.5.4.42',
  serialnumber: '2.5.4.5',
  l: '2.5.4.7',
  locality: '2.5.4.7',
  st: '2.5.4.8',
  state: '2.5.4.8',
  e: '1.2.840.113549.1.9.1',
  email: '1.2.840.113549.1.9.1',
  emailaddress: '1.2.840.113549.1.9.1',
  uid: '0.9.2342.19200300.100.1.1',
  pseudonym: '2.5.4.65',
};

/** Escapes an attribute value per RFC 4514 (`,`, `+`, `"`, `\`, `<`, `>`, `;`, `=`, edges). */
export function escapeDnValue(value: string): string {
  let out = value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`);
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && !out.endsWith('\\ ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/** Formats attributes as a SwissSign subject DN override, e.g. `cn=Jane Doe,gn=Jane,sn=Doe`. */
export function formatDn(attributes: readonly DnAttribute[]): string {
  return attributes.map((a) => `${a.type}=${escapeDnValue(a.value)}`).join(',');
}

/**
 * Parses `type=value,type=value` with RFC 4514 backslash escapes. Returns undefined when the text
 * is not a DN (missing `=`, dangling escape). Types are lower-cased; values are unescaped.
 */
export function parseDn(text: string): DnAttribute[] | undefined {
  const attributes: DnAttribute[] = [];
  let type = '';
  let value = '';
  let inValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) return undefined;
      if (inValue) value += next;
      else type += next;
      i++;
    } else if (c === '=' && !inValue) {
      inValue = true;
    } else if ((c === ',' || c === '+') && inValue) {
      if (type.trim() === '') return undefined;
      attributes.push({ type: type.trim().toLowerCase(), value: value.trim() });
      type = '';
      value = '';
      inValue = false;
    } else if (inValue) {
      value += c;
    } else {
      type += c;
    }
  }
  if (!inValue || type.trim() === '') return text.trim() === '' ? [] : undefined;
  attributes.push({ type: type.trim().toLowerCase(), value: value.trim() });
  return attributes;
}

/** Compares two DN strings ignoring case, spaces around separators and RDN order. */
export function sameDn(a: string, b: string): boolean {
  const norm = (s: string): string | undefined =>
    parseDn(s)
      ?.map((x) => `${DN_ATTRIBUTE_OIDS[x.type] ?? x.type}=${x.value.toLowerCase()}`)
      .sort()
      .join(',');
  const na = norm(a);
  return na !== undefined && na === norm(b);
}
