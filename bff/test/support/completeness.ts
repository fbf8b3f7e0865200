/**
 * Which fields of an upstream example a view-model mapper reads, found by trying: each leaf of
 * the example is changed on its own (a string gets a suffix, a number grows by one, a boolean
 * flips) and the example mapped again. A leaf whose change leaves the mapped result exactly as it
 * was is a leaf the mapper dropped. No list of "fields we read" to keep true by hand: the mapper
 * itself answers.
 *
 * Leaves are named by path, with FHIR's repeating elements keyed so that a path means the same
 * field in every example: extensions by the last segment of their `url`, contained resources by
 * `resourceType`, Bundle entries by their resource's `resourceType`, Parameters by `name`,
 * CodeSystem properties by `code`, Appointment participants by their actor's identifier system;
 * other arrays as `[]`.
 * E.g. `extension[Extension-eRS-ReferralState-1].extension[state].valueCoding.code`.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Step = string | number;

export type Leaf = { path: string; at: Step[] };

function keyOf(arrayName: string, item: Json): string {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return '';
  const field = (name: string) => (typeof item[name] === 'string' ? (item[name] as string) : null);
  if (arrayName === 'property' && field('code')) return field('code')!;
  // A Bundle's entries hold resources of several types (A025: messages, roles, documents).
  if (arrayName === 'entry') {
    const resource = item.resource as { resourceType?: unknown } | undefined;
    if (typeof resource?.resourceType === 'string') return resource.resourceType;
  }
  if (arrayName === 'participant') {
    const actor = item.actor as { identifier?: { system?: unknown } } | undefined;
    const system = actor?.identifier?.system;
    if (typeof system === 'string') return system.slice(system.lastIndexOf('/') + 1);
  }
  const url = field('url');
  if (url) return url.slice(url.lastIndexOf('/') + 1);
  return field('resourceType') ?? field('name') ?? '';
}

export function leavesOf(node: Json, at: Step[] = [], path = ''): Leaf[] {
  if (node === null || typeof node !== 'object') return [{ path, at }];
  if (Array.isArray(node)) {
    const name = String(at.at(-1) ?? '');
    return node.flatMap((item, index) =>
      leavesOf(item, [...at, index], `${path}[${keyOf(name, item)}]`),
    );
  }
  return Object.entries(node).flatMap(([key, value]) =>
    leavesOf(value, [...at, key], path ? `${path}.${key}` : key),
  );
}

function changed(value: Json): Json {
  if (typeof value === 'string') return `${value}~changed`;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  return 'was null';
}

function withChanged(example: Json, at: Step[]): Json {
  const copy = structuredClone(example);
  let parent = copy as Record<Step, Json>;
  for (const step of at.slice(0, -1)) parent = parent[step] as Record<Step, Json>;
  const last = at.at(-1)!;
  parent[last] = changed(parent[last]!);
  return copy;
}

/** Each leaf of the example, and whether changing it changes what the mapper makes of it. */
export function readsOf(
  example: unknown,
  map: (json: unknown) => unknown,
): { leaf: Leaf; read: boolean }[] {
  const json = example as Json;
  const baseline = JSON.stringify(map(json));
  return leavesOf(json).map((leaf) => ({
    leaf,
    read: JSON.stringify(map(withChanged(json, leaf.at))) !== baseline,
  }));
}

/**
 * Whether a listed path covers a leaf's path: the same path or a parent of it. `[*]` stands for
 * any key (e.g. every worklist's item extension); a leading `**.` for any path before the rest
 * (e.g. `**.coding[].system`).
 */
export function covers(listed: string, path: string): boolean {
  const anywhere = listed.startsWith('**.');
  const pattern = (anywhere ? listed.slice(3) : listed)
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\\\[\\\*\\\]/g, '\\[[^\\]]*\\]');
  return new RegExp(`${anywhere ? '(?:^|[.\\]])' : '^'}${pattern}(?=$|[.[])`).test(path);
}
