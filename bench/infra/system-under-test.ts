import type { CompletionListener } from '../workload/completion-listener.js';

/** A saga to run: which definition (bench-3, bench-10, …) and its input. */
export interface SagaRequest {
  readonly definition: string;
  readonly input: { readonly n: number; readonly failAt?: number };
}

/**
 * One of the compared systems, started on its own run environment: ours (1 or 3 replicas),
 * the framework-free ceiling, or DBOS. `runSaga` resolves with the terminal status.
 */
export interface SystemUnderTest {
  readonly name: string;
  /** The bench's completion listener on the system's database, when it has one (not DBOS: its answer is the HTTP response). */
  readonly listener?: CompletionListener;
  coordinatorPids(): number[];
  participantPids(): number[];
  runSaga(request: SagaRequest): Promise<string>;
  stop(): Promise<void>;
}
