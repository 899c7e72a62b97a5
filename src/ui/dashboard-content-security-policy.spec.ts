import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardContentSecurityPolicy } from './dashboard-content-security-policy.js';

describe(dashboardContentSecurityPolicy.name, () => {
  it("allows the shell's own import map by its hash, and no other inline script or style", () => {
    const policy = dashboardContentSecurityPolicy(join(import.meta.dirname, 'static'));
    expect(policy['script-src']).toEqual(["'self'", expect.stringMatching(/^'sha256-[A-Za-z0-9+/]{43}='$/)]);
    expect(Object.values(policy).flat().join(' ')).not.toMatch(/unsafe/);
  });

  it('hashes exactly the text between the import map tags', () => {
    const folder = mkdtempSync(join(tmpdir(), 'dashboard-csp-'));
    writeFileSync(join(folder, 'index.html'), '<head><script type="importmap">\n {"imports":{}}\n</script></head>');
    const hash = createHash('sha256').update('\n {"imports":{}}\n').digest('base64');
    expect(dashboardContentSecurityPolicy(folder)['script-src']).toContain(`'sha256-${hash}'`);
  });

  it('refuses a shell without an import map rather than serve a policy that blocks the page', () => {
    const folder = mkdtempSync(join(tmpdir(), 'dashboard-csp-'));
    writeFileSync(join(folder, 'index.html'), '<head></head>');
    expect(() => dashboardContentSecurityPolicy(folder)).toThrow(/has no <script type="importmap">/);
  });
});
