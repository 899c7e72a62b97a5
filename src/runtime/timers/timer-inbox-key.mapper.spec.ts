import { describe, expect, it } from 'vitest';
import { timerInboxKey } from './timer-inbox-key.mapper.js';

describe(timerInboxKey.name, () => {
  it('identifies a timer by saga, kind, step and attempt', () => {
    expect(timerInboxKey({ sagaId: 's', kind: 'step-timeout', step: 'reserve', attempt: 2 })).toBe('timer:s:step-timeout:reserve:2');
  });

  it('gives saga-wide timers a key too', () => {
    expect(timerInboxKey({ sagaId: 's', kind: 'saga-deadline' })).toBe('timer:s:saga-deadline::0');
  });
});
