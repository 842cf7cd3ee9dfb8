import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli } from '../helpers/cli';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('a2s CLI', () => {
  it('prints the package version', () => {
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('lists commands in --help', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('serve');
  });

  it('fails clearly on an unknown command', () => {
    const r = runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });

  it('rejects a bad option with the usage line', () => {
    const r = runCli(['serve', '--port', 'seventy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: a2s serve');
  });
});
