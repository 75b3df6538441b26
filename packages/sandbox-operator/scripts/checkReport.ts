import fs from 'fs';

/**
 * Counts and prints the checks of a script the test command runs: "ok: name"
 * or "FAILED: name" with its problems, then a summary, and {passed, failed,
 * ...extra} in the file given with --results for scripts/test.sh to add up.
 */
export class CheckReport {
  passed = 0;
  failed = 0;

  /** Runs one check; it fails with the problems it returns or the error it throws. */
  async check(
    name: string,
    body: () => Promise<string[] | void> | string[] | void,
  ): Promise<boolean> {
    let problems: string[];
    try {
      problems = (await body()) ?? [];
    } catch (error) {
      problems = [String((error as Error)?.stack ?? error)];
    }
    if (problems.length === 0) {
      this.passed += 1;
      process.stdout.write(`    ok: ${name}\n`);
    } else {
      this.failed += 1;
      process.stdout.write(
        `    FAILED: ${name}\n${problems.map(p => `      ${p}\n`).join('')}`,
      );
    }
    return problems.length === 0;
  }

  finish(what: string, extra: Record<string, unknown> = {}) {
    process.stdout.write(
      `    ${what}: ${this.passed} passed, ${this.failed} failed\n`,
    );
    const index = process.argv.indexOf('--results');
    if (index > 0) {
      fs.writeFileSync(
        process.argv[index + 1],
        JSON.stringify({ passed: this.passed, failed: this.failed, ...extra }),
      );
    }
    process.exitCode = this.failed === 0 ? 0 : 1;
  }
}
