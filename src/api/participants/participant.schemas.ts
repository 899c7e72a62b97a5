import { z } from 'zod';
import { IsoDateTimeSchema, SafeIdentifierSchema } from '../common.schemas.js';

/** A participant that announced itself. */
export const ParticipantResponseSchema = z
  .object({
    name: z.string(),
    commands: z.array(z.string()).describe('Step commands it handles.'),
    compensations: z.array(z.string()).describe('Compensation commands it handles.'),
    instances: z.array(z.string()).describe('Instances seen (host:pid), newest first.'),
    lastSeenAt: IsoDateTimeSchema,
    queue: z
      .object({
        messages: z.int().describe('Commands waiting in its queue (ready, not yet delivered).'),
        consumers: z.int().describe('Consumers on its queue.'),
      })
      .nullable()
      .describe('Its command queue `saga.participant.<name>` now (a passive check); null when the broker did not tell.'),
  })
  .meta({ id: 'Participant' });
export type ParticipantResponse = z.infer<typeof ParticipantResponseSchema>;

/** `GET /v1/participants`. */
export const ParticipantListResponseSchema = z.array(ParticipantResponseSchema).meta({ id: 'ParticipantList' });

/** `DELETE /v1/participants/{name}`: the name it announced itself with. */
export const ParticipantNameSchema = SafeIdentifierSchema.meta({ description: 'The participant name, as it announced itself.', example: 'payment' });
