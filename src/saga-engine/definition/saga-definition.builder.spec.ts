import { describe, expect, it } from 'vitest';
import { InvalidDefinitionError } from '../errors/invalid-definition.error.js';
import { DefaultCompensationRetryPolicy, DefaultRetryPolicy, DefaultStepTimeoutMs } from './saga-definition.js';
import { definitionFromJson, definitionToJson } from './definition-json.js';
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

describe(`${defineSaga.name} with flows`, () => {
  it('builds parallel groups, choices, waits, delays and mappings as the same data the JSON form reads', () => {
    const built = defineSaga('fulfil')
      .parallel('prepare', (group) =>
        group
          .branch('stock', (b) => b.step('reserve', (s) => s.participant('inventory').command('reserve').compensation('release')))
          .branch('money', (b) => b.step('charge', (s) => s.participant('payment').command('charge').compensation('refund'))),
      )
      .wait('approval', 'approved', 60_000)
      .choice('route', (c) =>
        c
          .when('ship', { '==': [{ var: 'outputs.approval.ship' }, true] }, (b) =>
            b.step('ship', (s) =>
              s
                .participant('shipping')
                .command('ship')
                .compensation('unship')
                .input({ by: { var: 'outputs.approval.by' } }),
            ),
          )
          .otherwise('hold', (b) => b.delay('cool-off', 1_000)),
      )
      .output({ by: { var: 'outputs.approval.by' } })
      .build();
    const fromJson = definitionFromJson(
      {
        name: 'fulfil',
        steps: [
          {
            type: 'parallel',
            name: 'prepare',
            branches: [
              { name: 'stock', steps: [{ name: 'reserve', participant: 'inventory', command: 'reserve', compensation: 'release' }] },
              { name: 'money', steps: [{ name: 'charge', participant: 'payment', command: 'charge', compensation: 'refund' }] },
            ],
          },
          { type: 'wait', name: 'approval', signal: 'approved', timeoutMs: 60_000 },
          {
            type: 'choice',
            name: 'route',
            choices: [
              {
                name: 'ship',
                when: { '==': [{ var: 'outputs.approval.ship' }, true] },
                steps: [
                  { name: 'ship', participant: 'shipping', command: 'ship', compensation: 'unship', input: { by: { var: 'outputs.approval.by' } } },
                ],
              },
            ],
            otherwise: { name: 'hold', steps: [{ type: 'delay', name: 'cool-off', delayMs: 1_000 }] },
          },
        ],
        output: { by: { var: 'outputs.approval.by' } },
      },
      1,
    );
    expect(built).toEqual(fromJson);
    expect(definitionFromJson(definitionToJson(built), 1)).toEqual(built);
  });
});

describe(`${defineSaga.name} with child sagas`, () => {
  it('builds a child node as the same data the JSON form reads, and converts back', () => {
    const built = defineSaga('checkout')
      .step('reserve', (s) => s.participant('inventory').command('reserve').compensation('release'))
      .child('pay', 'payment-flow', (c) =>
        c
          .version(2)
          .input({ amount: { var: 'input.amount' } })
          .timeout(60_000),
      )
      .child('notify', 'notifications', (c) => c.kind('pivot'))
      .build();
    const json = {
      name: 'checkout',
      steps: [
        { name: 'reserve', participant: 'inventory', command: 'reserve', compensation: 'release' },
        {
          type: 'child',
          name: 'pay',
          definition: { name: 'payment-flow', version: 2 },
          input: { amount: { var: 'input.amount' } },
          timeoutMs: 60_000,
        },
        { type: 'child', name: 'notify', definition: { name: 'notifications' }, kind: 'pivot' },
      ],
    };
    expect(definitionFromJson(json, 1)).toEqual(built);
    expect(definitionFromJson(definitionToJson(built), 1)).toEqual(built);
  });

  it('refuses a pivot child with a timeout when built', () => {
    expect(() =>
      defineSaga('checkout')
        .child('notify', 'notifications', (c) => c.kind('pivot').timeout(1_000))
        .build(),
    ).toThrow(InvalidDefinitionError);
  });
});
