/**
 * The view-model completeness suite (see support/completeness.ts for how a dropped field is found
 * out): one describe block per e-RS operation, run over the specification's own examples, with
 * the table of the fields its view model does not show and why.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { covers, readsOf } from './completeness';

/** Path (see `covers`) -> why the view model does not show that field. */
export type Reasons = Record<string, string>;

/** Maps one named example: returns the mapper the example's changed copies go through. */
export type Mapper = (name: string, example: unknown) => (json: unknown) => { ok: boolean };

export const SYSTEMS =
  'the code system or identifier system: the spec allows one per field, so the code or value says it all';
export const PROFILES = "the resource's profile: the schema we parse it with says what we accept";
export const DISPLAY_OURS = 'the code is shown with our own label (one wording for every screen)';

type Audit = { dropped: Map<string, Set<string>>; read: Set<string> };

/** What the examples' fields came to: which paths were dropped (in which examples), which read. */
function audit(examples: Map<string, unknown>, mapper: Mapper): Audit {
  const dropped = new Map<string, Set<string>>();
  const read = new Set<string>();
  for (const [name, example] of examples) {
    const map = mapper(name, example);
    for (const { leaf, read: wasRead } of readsOf(example, map)) {
      if (wasRead) read.add(leaf.path);
      else dropped.set(leaf.path, (dropped.get(leaf.path) ?? new Set()).add(name));
    }
  }
  return { dropped, read };
}

export function describeCompleteness(
  title: string,
  examples: Map<string, unknown>,
  reasons: Reasons,
  mapper: Mapper,
): void {
  describe(title, () => {
    let dropped: Audit['dropped'];
    let read: Audit['read'];
    beforeAll(() => {
      ({ dropped, read } = audit(examples, mapper));
    });
    const listed = Object.keys(reasons);

    it('maps every example', () => {
      const refused = [...examples]
        .filter(([name, example]) => !mapper(name, example)(example).ok)
        .map(([name]) => name);
      expect(refused).toEqual([]);
    });

    it('drops no field of the spec examples without a listed reason', () => {
      const unexplained = [...dropped]
        .filter(([path]) => !listed.some((entry) => covers(entry, path)))
        .map(([path, names]) => `${path} (in ${[...names].join(', ')})`);
      expect(unexplained).toEqual([]);
    });

    it('lists no reason that no longer explains a dropped field', () => {
      const stale = listed.filter(
        (entry) => ![...dropped.keys()].some((path) => covers(entry, path)),
      );
      expect(stale).toEqual([]);
    });

    it('lists no reason that covers a field the view model always shows', () => {
      const tooBroad = listed.flatMap((entry) =>
        [...read]
          .filter((path) => !dropped.has(path) && covers(entry, path))
          .map((path) => `${entry} covers ${path}`),
      );
      expect(tooBroad).toEqual([]);
    });
  });
}
