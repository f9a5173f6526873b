import type { Action, LineVerdict, Prefix } from '@usesync/domain';

const NO_IDS: readonly string[] = Object.freeze([]);

/** Collects verdicts and actions per section while a plan is made. */
export class PlanBuilder {
  readonly verdicts: LineVerdict[] = [];
  private readonly sections = new Map<string, Action[]>();

  /** Records the verdict of one input line. */
  verdict(
    file: LineVerdict['file'],
    line: number,
    prefix: Prefix,
    kind: string,
    text: string,
    reason: string,
    actions: readonly Action[] = [],
    address?: string,
  ): void {
    const v: { -readonly [K in keyof LineVerdict]: LineVerdict[K] } = {
      line,
      file,
      prefix,
      kind,
      text,
      reason,
      actionIds: actions.length === 0 ? NO_IDS : actions.map((a) => a.id),
    };
    if (address !== undefined) v.address = address;
    this.verdicts.push(v);
  }

  /** Adds an action to a section; sections are emitted in the order given to {@link actions}. */
  add<A extends Action>(section: string, action: A): A {
    const list = this.sections.get(section);
    if (list) list.push(action);
    else this.sections.set(section, [action]);
    return action;
  }

  /** All actions, sections in the given order. */
  actions(order: readonly string[]): Action[] {
    return order.flatMap((s) => this.sections.get(s) ?? []);
  }

  /** Verdicts sorted by file (import file first) and line. */
  sortedVerdicts(): LineVerdict[] {
    return [...this.verdicts].sort(
      (a, b) => (a.file === b.file ? 0 : a.file === 'useimport' ? -1 : 1) || a.line - b.line,
    );
  }
}
