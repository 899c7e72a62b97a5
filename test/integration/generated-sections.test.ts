import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replaceGeneratedSection } from '../support/generated-sections.js';

describe('replaceGeneratedSection', () => {
  it('appends a missing section, then replaces it in place and leaves the others as they were', () => {
    const withChaos = replaceGeneratedSection('# Reliability\n', 'chaos', 'chaos v1');
    const withBoth = replaceGeneratedSection(withChaos, 'soak', 'soak v1');
    const updated = replaceGeneratedSection(withBoth, 'chaos', 'chaos v2');
    expect(updated).toBe(
      '# Reliability\n\n<!-- BEGIN GENERATED chaos -->\nchaos v2\n<!-- END GENERATED chaos -->\n\n' +
        '<!-- BEGIN GENERATED soak -->\nsoak v1\n<!-- END GENERATED soak -->\n',
    );
  });

  it('is idempotent: writing the same section twice gives the same document', () => {
    const text = fc.string().filter((s) => !s.includes('<!--'));
    fc.assert(
      fc.property(text, text, text, (head, a, b) => {
        const once = replaceGeneratedSection(replaceGeneratedSection(head, 'a', a), 'b', b);
        expect(replaceGeneratedSection(once, 'a', a)).toBe(once);
        expect(replaceGeneratedSection(once, 'b', b)).toBe(once);
      }),
    );
  });
});
