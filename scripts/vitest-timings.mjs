// A Vitest reporter for `npm test`: writes each test's duration and timeout to the file named by
// VITEST_TIMINGS_FILE, for scripts/slowest-tests.mjs. Vitest's JSON report has the durations but
// not the timeouts, which come from each package's config or the test itself.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export default class VitestTimings {
  onInit(vitest) {
    this.root = vitest.config.root;
    this.defaultTimeout = vitest.config.testTimeout;
  }

  onTestRunEnd(testModules) {
    const file = process.env.VITEST_TIMINGS_FILE;
    if (!file) return;
    const tests = [];
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const duration = test.diagnostic()?.duration;
        if (duration === undefined) continue;
        const titles = [];
        for (let task = test; task.type !== 'module'; task = task.parent) titles.unshift(task.name);
        tests.push({
          name: [relative(this.root, test.module.moduleId), ...titles].join(' › '),
          duration,
          timeout: test.options.timeout ?? this.defaultTimeout,
        });
      }
    }
    writeFileSync(file, JSON.stringify({ tests }, null, 2));
  }
}
