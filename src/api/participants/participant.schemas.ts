import { z } from 'zod';
import { IsoDateTimeSchema } from '../common.schemas.js';

/** A participant that announced itself. */
export const ParticipantResponseSchema = z
  .object({
    name: z.string(),
    commands: z.array(z.string()).describe('Step commands it handles.'),
    compensations: z.array(z.string()).describe('Compensation commands it handles.'),
    instances: z.array(z.string()).describe('Instances seen (host:pid), newest first.'),
    lastSeenAt: IsoDateTimeSchema,
  })
  .meta({ id: 'Participant' });
export type ParticipantResponse = z.infer<typeof ParticipantResponseSchema>;

/** `GET /v1/participants`. */
export const ParticipantListResponseSchema = z.array(ParticipantResponseSchema).meta({ id: 'ParticipantList' });
