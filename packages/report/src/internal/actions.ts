import { type Action, type ActionResult, assertNever, formatValidity } from '@usesync/domain';

/** An action in words: what, on which subject, with which details. */
export interface ActionWords {
  readonly what: string;
  readonly subject: string;
  readonly detail: string;
}

/** Describes an action for the report. Never touches secrets: the plan holds none. */
export function describeAction(a: Action): ActionWords {
  switch (a.kind) {
    case 'pgp-create':
      return {
        what: 'create PGP key',
        subject: a.address,
        detail: `${a.keyType} ${a.keyLength}, valid ${formatValidity(a.validity)}`,
      };
    case 'pgp-delete':
      return { what: 'delete PGP keys', subject: a.address, detail: a.fingerprints.join(', ') };
    case 'smime-create': {
      const what =
        a.mode === 'semi-automatic'
          ? 'S/MIME certificate via service desk'
          : a.renews
            ? 'renew S/MIME certificate'
            : 'order S/MIME certificate';
      const kind = a.team ? `team "${a.name}"` : `personal "${a.name}"`;
      const renews = a.renews ? `, replaces ${a.renews.serial} (expires ${a.renews.notAfter})` : '';
      return { what, subject: a.address, detail: `${kind}${renews}` };
    }
    case 'smime-revoke':
      return {
        what: 'revoke S/MIME certificates',
        subject: a.address,
        detail: a.certificates.map((c) => c.serial).join(', '),
      };
    case 'group-add':
      return { what: 'add group member', subject: a.group, detail: a.member };
    case 'group-remove':
      return { what: 'remove group member', subject: a.group, detail: a.member };
    case 'rule-add':
      return { what: 'add rule', subject: '', detail: a.rule };
    case 'rule-remove':
      return { what: 'remove rule', subject: '', detail: a.rule };
    case 'passphrase-add':
      return { what: 'add import passphrase', subject: '', detail: `from line ${a.line} (not shown)` };
    case 'key-import':
      return { what: 'import key file', subject: a.file, detail: `from the ${a.folder} key folder` };
    case 'swisssign-user-add':
      return { what: 'add to swisssign-users', subject: a.address, detail: a.team ? 'team' : 'personal' };
    case 'swisssign-user-remove':
      return { what: 'remove from swisssign-users', subject: a.address, detail: '' };
    default:
      return assertNever(a, 'action');
  }
}

/** The result of an action in one word or phrase; `planned` in a dry run. */
export function resultWord(result: ActionResult | undefined, applied: boolean): string {
  if (!applied) return 'planned';
  if (result === undefined) return 'no result';
  return result.status;
}

/** Serial, order reference, fingerprint and message of a result, joined. */
export function resultDetail(result: ActionResult | undefined): string {
  if (result === undefined) return '';
  const parts: string[] = [];
  if (result.serial !== undefined) parts.push(`serial ${result.serial}`);
  if (result.orderRef !== undefined) parts.push(`order ${result.orderRef}`);
  if (result.fingerprint !== undefined) parts.push(`fingerprint ${result.fingerprint}`);
  if (result.message !== undefined && result.message !== '') parts.push(result.message);
  return parts.join(', ');
}
