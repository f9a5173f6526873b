/**
 * Renders the live rule set as a file to attach to the sync report: one canonical, masked rule a
 * line, LF line ends. Because swm passwords are masked, uploading this file unchanged is refused
 * by the rule parser (it rejects a masked password) — it is for reading, not for re-import.
 */
export function renderRuleFile(rules: readonly string[]): string {
  return rules.length === 0 ? '' : `${rules.join('\n')}\n`;
}

/** The attachment name of the rendered live rule set, e.g. `12345TE_live_rules.txt`. */
export function ruleFileName(tenant: string): string {
  return `${tenant}_live_rules.txt`;
}
