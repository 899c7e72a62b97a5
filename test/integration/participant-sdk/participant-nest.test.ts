import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepCommandMessage } from '@saga-coordinator/contracts';
import { z } from 'zod';
import {
  type CompensatedResult,
  type ExecuteResult,
  silentLogger,
  type StepCommand,
  type StepContext,
  StepResult,
} from '@saga-coordinator/participant';
import { ParticipantModule, SagaCompensation, SagaStep } from '@saga-coordinator/participant/nest';
import { createTestInfrastructure } from '../../support/test-infrastructure.js';
import type { TestInfrastructure } from '../../support/test-infrastructure.js';
import { CoordinatorProbe, stepCommand } from './coordinator-probe.js';

const NameInput = z.object({ name: z.string().min(1) });
const GreetingOutput = z.object({ greeting: z.string() });

@Injectable()
class GreetingSteps {
  readonly greeted: string[] = [];
  readonly ungreeted: string[] = [];

  @SagaStep('greet')
  async greet(command: StepCommandMessage, ctx: StepContext): Promise<ExecuteResult> {
    const { rows } = await ctx.tx.query<{ answer: number }>('SELECT 42 AS answer');
    this.greeted.push(command.sagaId);
    return StepResult.succeeded({ answer: rows[0]?.answer });
  }

  @SagaCompensation('ungreet')
  async ungreet(command: StepCommandMessage): Promise<CompensatedResult> {
    this.ungreeted.push(command.sagaId);
    return StepResult.compensated();
  }

  @SagaStep('greet-by-name', { input: NameInput, output: GreetingOutput })
  async greetByName(command: StepCommand<z.output<typeof NameInput>>): Promise<ExecuteResult<z.input<typeof GreetingOutput>>> {
    this.greeted.push(command.sagaId);
    return StepResult.succeeded({ greeting: `hello ${command.payload.name}` });
  }

  @SagaCompensation('ungreet-by-name', { input: z.object({ output: GreetingOutput }) })
  async ungreetByName(command: StepCommand<{ output: { greeting: string } }>): Promise<CompensatedResult> {
    this.ungreeted.push(command.payload.output.greeting);
    return StepResult.compensated();
  }
}

describe(ParticipantModule.name, () => {
  let infra: TestInfrastructure;
  let pool: pg.Pool;
  let app: TestingModule;
  let probe: CoordinatorProbe;

  beforeAll(async () => {
    infra = await createTestInfrastructure('sdk_nest');
    pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 4 });
    probe = await CoordinatorProbe.connect(infra.rabbitmqUrl);
    app = await Test.createTestingModule({
      imports: [
        ParticipantModule.forRootAsync({
          useFactory: () => ({ name: 'greeter', rabbitmqUrl: infra.rabbitmqUrl, fence: { pool, schema: 'greeter' }, logger: silentLogger }),
        }),
      ],
      providers: [GreetingSteps],
    }).compile();
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await probe?.close();
    await pool?.end();
    await infra?.dispose();
  });

  it('registers decorated methods at bootstrap and runs them for their commands', async () => {
    const steps = app.get(GreetingSteps);
    const execute = await probe.send(stepCommand({ participant: 'greeter', command: 'greet' }));
    expect((await probe.replyTo(execute)).body).toMatchObject({ outcome: 'succeeded', output: { answer: 42 } });

    const compensate = await probe.send(stepCommand({ participant: 'greeter', command: 'ungreet', kind: 'compensate', sagaId: execute.sagaId }));
    expect((await probe.replyTo(compensate)).body.outcome).toBe('compensated');

    expect(steps.greeted).toEqual([execute.sagaId]);
    expect(steps.ungreeted).toEqual([execute.sagaId]);
  });

  it('announces the decorated commands', async () => {
    await expect
      .poll(() => probe.announcements[0])
      .toMatchObject({
        participant: 'greeter',
        commands: ['greet', 'greet-by-name'],
        compensations: ['ungreet', 'ungreet-by-name'],
      });
  });

  it('checks payloads against the schemas given to the decorators', async () => {
    const steps = app.get(GreetingSteps);
    const good = await probe.send(stepCommand({ participant: 'greeter', command: 'greet-by-name', payload: { name: 'Ada' } }));
    expect((await probe.replyTo(good)).body).toMatchObject({ outcome: 'succeeded', output: { greeting: 'hello Ada' } });

    const bad = await probe.send(stepCommand({ participant: 'greeter', command: 'greet-by-name', payload: { name: '' } }));
    expect((await probe.replyTo(bad)).body).toMatchObject({ outcome: 'failed', failure: { code: 'invalid-payload' } });
    expect(steps.greeted).not.toContain(bad.sagaId);

    const badUndo = await probe.send(
      stepCommand({ participant: 'greeter', command: 'ungreet-by-name', kind: 'compensate', sagaId: good.sagaId, payload: {} }),
    );
    expect((await probe.replyTo(badUndo)).body).toMatchObject({ outcome: 'error', failure: { code: 'invalid-payload' } });
    const undo = await probe.send(
      stepCommand({
        participant: 'greeter',
        command: 'ungreet-by-name',
        kind: 'compensate',
        sagaId: good.sagaId,
        attempt: 2,
        payload: { output: { greeting: 'hello Ada' } },
      }),
    );
    expect((await probe.replyTo(undo)).body.outcome).toBe('compensated');
    expect(steps.ungreeted).toContain('hello Ada');
  });
});
