import { isValidMailbox } from '@usesync/domain';
import { SwissSignError } from '../errors.js';
import { type DnAttribute, formatDn } from '../internal/dn.js';
import { toPem } from '../internal/pem.js';
import type { IssueInput, IssueRequest, SubjectDefaults } from './types.js';

/** Default prefix of the order tag that carries the idempotency key. */
export const IDEMPOTENCY_TAG_PREFIX = 'usesync-idempotency:';

/** The order tag that carries `key`. */
export function idempotencyTag(key: string, prefix = IDEMPOTENCY_TAG_PREFIX): string {
  return `${prefix}${key}`;
}

/**
 * The subject DN per SwissSign's naming rules: personal products carry CN = "given surname"
 * (plus givenName and surname); team products CN = the team name when given (the manual's
 * example) and not itself address-like, else the address (e-mail-only products). Then O, OU, L,
 * ST and C from `subjectDefaults`, those that are set.
 */
export function subjectFor(
  input: Pick<IssueInput, 'kind' | 'email' | 'givenName' | 'surname' | 'teamName' | 'subjectDefaults'>,
): DnAttribute[] {
  return [...nameAttributes(input), ...defaultAttributes(input.subjectDefaults)];
}

function nameAttributes(
  input: Pick<IssueInput, 'kind' | 'email' | 'givenName' | 'surname' | 'teamName'>,
): DnAttribute[] {
  if (input.kind === 'team') {
    // A name that holds an address would read as another mailbox: the CA wants the address then.
    const name = input.teamName?.trim() ?? '';
    return [{ type: 'cn', value: name !== '' && !name.includes('@') ? name : input.email }];
  }
  const given = input.givenName?.trim() ?? '';
  const surname = input.surname?.trim() ?? '';
  return [
    { type: 'cn', value: `${given} ${surname}` },
    { type: 'gn', value: given },
    { type: 'sn', value: surname },
  ];
}

function defaultAttributes(defaults: SubjectDefaults | undefined): DnAttribute[] {
  const out: DnAttribute[] = [];
  const add = (type: string, value: string | undefined): void => {
    const v = value?.trim() ?? '';
    if (v !== '') out.push({ type, value: v });
  };
  add('o', defaults?.organization);
  add('ou', defaults?.organizationalUnit);
  add('l', defaults?.locality);
  add('st', defaults?.state);
  add('c', defaults?.country);
  return out;
}

/**
 * Builds the `IssueRequest` for `input` against product `productReference`. Throws
 * SWISSSIGN_INVALID_INPUT for an input SwissSign would refuse anyway.
 */
export function buildIssueRequest(
  input: IssueInput,
  productReference: string,
  tagPrefix = IDEMPOTENCY_TAG_PREFIX,
): IssueRequest {
  checkInput(input);
  const note = input.note;
  return {
    productReference,
    csr: csrPem(input.csr),
    overrides: {
      subjectDN: formatDn(subjectFor(input)),
      requestExtensions: { requestRFC822: { values: [input.email] } },
    },
    tags: [idempotencyTag(input.idempotencyKey, tagPrefix), ...(input.tags ?? [])],
    ...(note !== undefined ? { note } : {}),
  };
}

function checkInput(input: IssueInput): void {
  const operation = 'build issue request';
  const bad = (reason: string): SwissSignError =>
    new SwissSignError('SWISSSIGN_INVALID_INPUT', reason, { operation });
  if (!isValidMailbox(input.email)) throw bad(`"${input.email}" is not a valid mailbox`);
  if (!/^[\x21-\x7e]{1,200}$/.test(input.idempotencyKey)) {
    throw bad('the idempotency key must be 1-200 printable ASCII characters without spaces');
  }
  if (input.kind === 'personal' && (!input.givenName?.trim() || !input.surname?.trim())) {
    throw bad(`a personal certificate for ${input.email} needs a given name and a surname`);
  }
}

function csrPem(csr: string | Uint8Array): string {
  return typeof csr === 'string' ? csr : toPem(csr, 'CERTIFICATE REQUEST');
}
