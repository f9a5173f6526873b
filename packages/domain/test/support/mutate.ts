// Shared by the grammars' fuzz suites: a file of chosen lines, then mutated by random edits.
import fc from 'fast-check';

/**
 * Files of 1–8 lines drawn from `line`, terminated, then changed by up to 12 edits at random
 * places: insert or replace with a string of `alphabet`, delete a few characters, or repeat a
 * stretch (long lines, many fields). Deterministic under fast-check's seed.
 */
export function mutatedFiles(
  line: fc.Arbitrary<string>,
  alphabet: fc.Arbitrary<string>,
): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.array(line, { minLength: 1, maxLength: 8 }),
      fc.array(fc.tuple(fc.nat(), alphabet, fc.nat({ max: 3 })), { maxLength: 12 }),
    )
    .map(([lines, edits]) => {
      let t = `${lines.join('\n')}\n#####\n`;
      for (const [at, s, op] of edits) {
        const i = at % (t.length + 1);
        if (op === 0)
          t = t.slice(0, i) + s + t.slice(i); // insert
        else if (op === 1)
          t = t.slice(0, i) + s + t.slice(i + 1); // replace
        else if (op === 2)
          t = t.slice(0, i) + t.slice(i + 1 + (at % 7)); // delete
        else t = t.slice(0, i) + t.slice(i, i + 40).repeat(1 + (at % 5)) + t.slice(i + 40); // duplicate
      }
      return t;
    });
}
