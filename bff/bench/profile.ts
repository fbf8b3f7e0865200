/**
 * Reads a V8 CPU profile (the Profiler domain's, as `--cpu-prof` writes too) into where the time
 * went: self time by area (a file of ours, an npm package, a node internal module), the hottest
 * functions, and the inclusive time of our own functions (bff/src, shared/src).
 */
import { fileURLToPath } from 'node:url';

export type CpuProfile = {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
};

export type Share = { name: string; ms: number; percent: number };
export type ProfileSummary = {
  /** Sampled time, idle excluded. */
  busyMs: number;
  idleMs: number;
  selfByArea: Share[];
  selfByFunction: Share[];
  /** Our own functions (bff/src, shared/src), time with everything they called. */
  inclusiveOwn: Share[];
};

function pathOf(url: string): string {
  if (url.startsWith('file://')) {
    try {
      return fileURLToPath(url);
    } catch {
      return url;
    }
  }
  return url;
}

/** Our files by their path in the repository, packages by name, node internals by module. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native code)';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const path = pathOf(url);
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope = '', name = ''] = path.slice(modules + '/node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  const own = /\/((?:bff|shared|web)\/.+)$/.exec(path);
  return own?.[1] ?? path;
}

const isOwn = (area: string) => area.startsWith('bff/src/') || area.startsWith('shared/src/');

function top(map: Map<string, number>, totalMs: number, count: number): Share[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({
      name,
      ms: Math.round(us / 100) / 10,
      percent: Math.round((us / 1000 / totalMs) * 1000) / 10,
    }));
}

export function summariseProfile(profile: CpuProfile, count = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const keyOf = new Map<number, { area: string; fn: string }>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    const name = functionName || '(anonymous)';
    keyOf.set(node.id, { area, fn: url === '' ? name : `${name} (${area}:${lineNumber + 1})` });
  }

  const selfArea = new Map<string, number>();
  const selfFn = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busyUs = 0;
  let idleUs = 0;
  // Samples taken while the profiler itself was being stopped are not the BFF's work.
  const profilerItself = new Set<number>();
  for (const node of profile.nodes) {
    if (node.callFrame.url === 'node:inspector') {
      const stack = [node.id];
      while (stack.length) {
        const at = stack.pop()!;
        profilerItself.add(at);
        stack.push(...(byId.get(at)?.children ?? []));
      }
    }
  }
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const key = keyOf.get(id);
    if (!key || profilerItself.has(id)) return;
    if (key.area === '(idle)') {
      idleUs += delta;
      return;
    }
    busyUs += delta;
    selfArea.set(key.area, (selfArea.get(key.area) ?? 0) + delta);
    selfFn.set(key.fn, (selfFn.get(key.fn) ?? 0) + delta);
    // Each of our functions on the stack once, however often it recurses.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = keyOf.get(at);
      if (frame && isOwn(frame.area) && !seen.has(frame.fn) && byId.has(at)) {
        seen.add(frame.fn);
        inclusive.set(frame.fn, (inclusive.get(frame.fn) ?? 0) + delta);
      }
    }
  });
  const busyMs = busyUs / 1000;
  return {
    busyMs: Math.round(busyMs),
    idleMs: Math.round(idleUs / 1000),
    selfByArea: top(selfArea, busyMs, count),
    selfByFunction: top(selfFn, busyMs, count),
    inclusiveOwn: top(inclusive, busyMs, count),
  };
}
