import { describe, expect, it } from 'vitest';
import { InvalidDefinitionError } from '../errors/invalid-definition.error.js';
import { DefaultCompensationRetryPolicy, DefaultRetryPolicy, DefaultStepTimeoutMs } from './saga-definition.js';
import { defineSaga } from './saga-definition.builder.js';

describe(defineSaga.name, () => {
  it('builds the same data as the JSON form, with the defaults applied', () => {
    const definition = defineSaga('trip')
      .version(2)
      .description('Book a trip')
      .input({ type: 'object' })
      .deadlineMs(60_000)
      .step('book-hotel', (s) => s.participant('hotel').command('book-hotel').compensation('cancel-hotel'))
      .step('charge', (s) => s.participant('payment').command('charge').pivot().timeout(5_000).retry({ maxAttempts: 5 }))
      .step('notify', (s) => s.participant('mail').command('send-confirmation').retriable())
      .build();
    expect(definition).toEqual({
      name: 'trip',
      version: 2,
      description: 'Book a trip',
      inputSchema: { type: 'object' },
      deadlineMs: 60_000,
      steps: [
        {
          type: 'step',
          name: 'book-hotel',
          participant: 'hotel',
          command: 'book-hotel',
          compensation: 'cancel-hotel',
          kind: 'compensatable',
          timeoutMs: DefaultStepTimeoutMs,
          retry: DefaultRetryPolicy,
          compensationRetry: DefaultCompensationRetryPolicy,
        },
        {
          type: 'step',
          name: 'charge',
          participant: 'payment',
          command: 'charge',
          kind: 'pivot',
          timeoutMs: 5_000,
          retry: { ...DefaultRetryPolicy, maxAttempts: 5 },
          compensationRetry: DefaultCompensationRetryPolicy,
        },
        {
          type: 'step',
          name: 'notify',
          participant: 'mail',
          command: 'send-confirmation',
          kind: 'retriable',
          timeoutMs: DefaultStepTimeoutMs,
          retry: DefaultRetryPolicy,
          compensationRetry: DefaultCompensationRetryPolicy,
        },
      ],
    });
  });

  it('throws InvalidDefinitionError carrying every problem', () => {
    const build = () =>
      defineSaga('trip')
        .step('a', (s) => s.participant('p').command('a'))
        .step('a', (s) => s.participant('p').command('b').compensation('undo-b'))
        .build();
    expect(build).toThrow(InvalidDefinitionError);
    try {
      build();
    } catch (error) {
      expect((error as InvalidDefinitionError).code).toBe('invalid-definition');
      expect((error as InvalidDefinitionError).problems).toEqual([
        { pointer: '/steps/1/name', message: 'The step name "a" is already used at /steps/0.' },
        { pointer: '/steps/0/compensation', message: 'Step "a" is compensatable, so it needs a compensation command.' },
      ]);
    }
  });
});
